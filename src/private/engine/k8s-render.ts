import { ApiObject, App, Chart, DependencyGraph, Names } from 'cdk8s';
import { IConstruct } from 'constructs';
import { buildForRender } from './deferred';
import { hasBuiltInResolvers, resolveDirectly } from './k8s-resolve';

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
  /**
   * What the validation of objects built for this rendering found, `<path>: <message>` (then
   * `objects` is empty).
   */
  readonly invalid?: string[];
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
  return [...eachRenderedChart(app)];
}

/**
 * `renderCharts()` one chart at a time: charts are rendered as the caller asks for them (a few dozen
 * ahead), so a caller that writes each chart's output and lets its objects go holds a few dozen
 * charts' renderings at a time, not all of them. Everything that can fail for the whole app (the dependencies, the order,
 * the file names) is done here, before anything is returned, as `renderCharts()` does it; a chart
 * that fails to render is returned with its error.
 *
 * cdk8s's `toJson()` methods are replaced (k8s-resolve.ts) from the first chart until the
 * iteration ends: iterate with `for...of` (which ends it on `break` and on a throw too), and call
 * nothing that renders cdk8s objects of another app inside the loop.
 *
 * @internal
 */
export function eachRenderedChart(app: App): Iterable<RenderedChart> {
  const all = app.node.findAll();
  const hasDependantCharts = resolveDependencies(all);
  const charts = topology(app, all).filter((x): x is Chart => x instanceof Chart);
  let index = 0;
  const fileNames = charts.map((chart) => {
    const name = Names.toDnsLabel(chart);
    return hasDependantCharts ? `${(index++).toString().padStart(4, '0')}-${name}` : name;
  });
  // cdk8s's resolution, done directly while the app has cdk8s's built-in resolvers only.
  return renderEach(charts, fileNames, hasBuiltInResolvers(app));
}

/**
 * Charts rendered ahead of the caller: rendering one chart, then checking and writing it, then
 * rendering the next took 15-20% more CPU time than rendering the charts in runs (scenario 1,
 * 1,000 and 10,000 services: the same code runs hot, and the files are written in bursts), for the
 * same peak memory at 64 (all charts at once: 4 MB more at 1,000 services).
 */
const RENDER_AHEAD = 64;

function* renderEach(charts: Chart[], fileNames: string[], direct: boolean): Generator<RenderedChart> {
  const restore = direct ? resolveDirectly() : undefined;
  try {
    for (let i = 0; i < charts.length; i += RENDER_AHEAD) {
      const ahead: RenderedChart[] = [];
      for (let j = i; j < Math.min(i + RENDER_AHEAD, charts.length); j++) {
        ahead.push(renderChart(charts[j], fileNames[j]));
      }
      yield* ahead;
    }
  } finally {
    restore?.();
  }
}

function renderChart(chart: Chart, fileName: string): RenderedChart {
  // Objects built only for this rendering (deferred.ts) are built, checked, and let go after it.
  let deferred: { problems: string[]; release(): void };
  try {
    deferred = buildForRender(chart);
  } catch (e) {
    return { chart, fileName, objects: [], paths: [], invalid: [`Chart '${chart.node.path}': its objects could not be built: ${(e as Error).message}`] };
  }
  try {
    if (deferred.problems.length > 0) {
      return { chart, fileName, objects: [], paths: [], invalid: deferred.problems };
    }
    const apiObjects = topology(chart, chart.node.findAll())
      .filter((x): x is ApiObject => x instanceof ApiObject)
      .filter((x) => Chart.of(x) === chart); // an object belongs to its closest chart only
    return { chart, fileName, objects: apiObjects.map((x) => x.toJson()), paths: apiObjects.map((x) => x.node.path) };
  } catch (e) {
    return { chart, fileName, objects: [], paths: [], error: (e as Error).message };
  } finally {
    deferred.release();
  }
}

/** A string JavaScript orders first among an object's keys (an array index). */
const ARRAY_INDEX = /^(0|[1-9][0-9]*)$/;

/**
 * cdk8s's `new DependencyGraph(scope.node).topology()` (src/dependency.ts). When no construct below
 * the scope has a dependency, every construct is a root of cdk8s's graph and its topology is
 * the constructs in `findAll()` order (the insertion order of its vertex table, keyed by
 * construct path), which this returns without building the graph (a vertex per construct, each
 * path spelled out, a cycle check per edge). A path that is an array index would be ordered
 * first in that table, so then, as whenever a construct has a dependency, cdk8s's graph is asked.
 */
function topology(scope: IConstruct, all: IConstruct[]): IConstruct[] {
  const independent = all.every((c) => c.node.dependencies.length === 0
    && !(c.node.scope !== undefined && c.node.scope.node.scope === undefined && ARRAY_INDEX.test(c.node.id)));
  return independent ? all : new DependencyGraph(scope.node).topology();
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
