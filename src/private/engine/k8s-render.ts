import { ApiObject, App, Chart, DependencyGraph, Names } from 'cdk8s';
import { IConstruct } from 'constructs';

/*
 * Kubernetes half of the synthesis engine. Mirrors cdk8s 2.70's `App.synth()` (src/app.ts:
 * `resolveDependencies()`, `chartToKube()`, the chart namers `SimpleChartNamer` and
 * `IndexedChartNamer` for `YamlOutputType.FILE_PER_CHART`), resolving the dependencies once for all
 * charts. Checked against cdk8s's own `App.synth()` on every example, byte for byte
 * (test/private/engine/differential.test.ts); a change of cdk8s's ordering or naming fails there.
 */

/** One chart's rendered objects and the file name cdk8s gives it. @internal */
export interface RenderedChart {
  readonly chart: Chart;
  /** File name without extension (cdk8s's chart namer). */
  readonly fileName: string;
  readonly objects: any[];
  /** Construct path of the ApiObject behind each of `objects`. */
  readonly paths: string[];
  /** Why the chart could not be rendered (then `objects` is empty). */
  readonly error?: string;
}

/**
 * Renders every chart of a cdk8s app to JSON objects, in the order and under the file names
 * `App.synth()` uses (one file per chart, objects in dependency order), but resolving the app's
 * dependencies once instead of once per chart: cdk8s's `Chart.toJson()` re-resolves and
 * re-validates the whole app for every chart, which makes N charts cost O(N^2).
 * Validation is the caller's (PlatformApp.synth validates both trees first).
 *
 * @internal
 */
export function renderCharts(app: App): RenderedChart[] {
  const all = app.node.findAll();
  const hasDependantCharts = resolveDependencies(all);
  const charts = new DependencyGraph(app.node).topology().filter((x): x is Chart => x instanceof Chart);
  let index = 0;
  return charts.map((chart) => {
    const name = Names.toDnsLabel(chart);
    const fileName = hasDependantCharts ? `${(index++).toString().padStart(4, '0')}-${name}` : name;
    try {
      const apiObjects = new DependencyGraph(chart.node).topology()
        .filter((x): x is ApiObject => x instanceof ApiObject)
        .filter((x) => Chart.of(x) === chart); // an object belongs to its closest chart only
      return { chart, fileName, objects: apiObjects.map((x) => x.toJson()), paths: apiObjects.map((x) => x.node.path) };
    } catch (e) {
      return { chart, fileName, objects: [], paths: [], error: (e as Error).message };
    }
  });
}

/** cdk8s's dependency resolution (app.js `resolveDependencies`), run once for the whole app. */
function resolveDependencies(all: IConstruct[]): boolean {
  let hasDependantCharts = false;
  const findAll = cached();
  for (const parent of all.filter((x): x is Chart => x instanceof Chart)) {
    for (const child of parent.node.children.filter((x) => x instanceof Chart)) {
      parent.node.addDependency(child);
      hasDependantCharts = true;
    }
  }
  for (const dep of dependencies(all)) {
    const source = Chart.of(dep.source);
    const target = Chart.of(dep.target);
    if (source !== target) {
      source.node.addDependency(target);
      hasDependantCharts = true;
    }
  }
  for (const dep of dependencies(all)) {
    const sourceChart = Chart.of(dep.source);
    const targetChart = Chart.of(dep.target);
    const targets = findAll(dep.target).filter((c): c is ApiObject => c instanceof ApiObject).filter((x) => Chart.of(x) === targetChart);
    const sources = findAll(dep.source).filter((c): c is ApiObject => c instanceof ApiObject).filter((x) => Chart.of(x) === sourceChart);
    for (const target of targets) {
      for (const source of sources) {
        if (target !== source) {
          source.node.addDependency(target);
        }
      }
    }
  }
  return hasDependantCharts;
}

function dependencies(all: IConstruct[]): Array<{ source: IConstruct; target: IConstruct }> {
  const deps: Array<{ source: IConstruct; target: IConstruct }> = [];
  for (const child of all) {
    for (const dep of child.node.dependencies) {
      deps.push({ source: child, target: dep });
    }
  }
  return deps;
}

function cached(): (c: IConstruct) => IConstruct[] {
  const cache = new Map<IConstruct, IConstruct[]>();
  return (c) => {
    let found = cache.get(c);
    if (!found) {
      found = c.node.findAll();
      cache.set(c, found);
    }
    return found;
  };
}
