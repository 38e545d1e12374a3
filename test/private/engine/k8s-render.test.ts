import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { eachRenderedChart, renderCharts } from '../../../src/private/engine/k8s-render';
import { stringifyYaml } from '../../../src/private/engine/yaml';

/** The files cdk8s's own App.synth() writes for an app: [file name, YAML]. */
function upstream(build: (app: App) => void): Array<[string, string]> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'k8s-render-'));
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
    return fs.readdirSync(outdir).sort().map((f): [string, string] => [f, fs.readFileSync(path.join(outdir, f), 'utf-8')]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The same app rendered by the engine: [file name, YAML]. */
function engine(build: (app: App) => void): Array<[string, string]> {
  const app = new App({ outdir: os.tmpdir() });
  build(app);
  return renderCharts(app).map(({ fileName, objects }): [string, string] => [`${fileName}.k8s.yaml`, stringifyYaml(objects)]).sort();
}

const cm = (chart: Chart, id: string) => new ApiObject(chart, id, { apiVersion: 'v1', kind: 'ConfigMap', data: { id } });

describe('renderCharts: the files and object order of cdk8s App.synth()', () => {
  test.each<[string, (app: App) => void]>([
    ['charts and objects without dependencies', (app) => {
      for (const name of ['b', 'a', 'c']) {
        const chart = new Chart(app, name);
        cm(chart, 'z');
        cm(chart, 'y');
      }
    }],
    ['charts whose IDs are array indexes (ordered first in a table keyed by path)', (app) => {
      for (const name of ['web', '12', '3']) {
        cm(new Chart(app, name), 'x');
      }
    }],
    ['objects that depend on each other inside a chart', (app) => {
      const chart = new Chart(app, 'deps');
      const first = cm(chart, 'first');
      const second = cm(chart, 'second');
      const third = cm(chart, 'third');
      first.addDependency(third);
      second.addDependency(first);
    }],
    ['charts that depend on each other (numbered file names)', (app) => {
      const a = new Chart(app, 'a');
      const b = new Chart(app, 'b');
      const c = new Chart(app, 'c');
      cm(a, 'x');
      cm(b, 'x');
      cm(c, 'x');
      a.addDependency(c);
      b.addDependency(a);
    }],
    ['a chart inside a chart, and cdk8s-plus objects', (app) => {
      const outer = new Chart(app, 'outer');
      new kplus.Deployment(outer, 'dep', { containers: [{ image: 'nginx:1.27', portNumber: 8080 }] }).exposeViaService();
      cm(new Chart(outer, 'inner'), 'x');
    }],
  ])('%s', (_, build) => {
    // WHEN / THEN
    const expected = upstream(build);
    expect(expected.length).toBeGreaterThan(0);
    expect(engine(build)).toEqual(expected);
  });

  test('charts come in the order of cdk8s\'s dependency graph, array-index IDs first', () => {
    // GIVEN charts whose IDs JavaScript orders differently in a table keyed by path
    const app = new App({ outdir: os.tmpdir() });
    for (const name of ['web', '12', '3', 'api']) {
      cm(new Chart(app, name), 'x');
    }

    // WHEN / THEN
    const expected = new DependencyGraph(app.node).topology().filter((c) => c instanceof Chart).map((c) => c.node.id);
    expect(expected).toEqual(['3', '12', 'web', 'api']);
    expect(renderCharts(app).map((r) => r.chart.node.id)).toEqual(expected);
  });
});

describe('eachRenderedChart: one chart at a time', () => {
  const build = (app: App) => {
    for (const name of ['b', 'a']) {
      const chart = new Chart(app, name);
      cm(chart, 'z');
      new kplus.ConfigMap(chart, 'plus', { data: { k: 'v' } });
    }
  };

  test('gives what renderCharts() gives, and puts cdk8s\'s methods back when the loop ends, also on break', () => {
    // GIVEN
    const app = new App({ outdir: os.tmpdir() });
    build(app);
    const toJson = ApiObject.prototype.toJson;

    // WHEN
    const one: Array<[string, string]> = [];
    for (const { fileName, objects } of eachRenderedChart(app)) {
      one.push([fileName, stringifyYaml(objects)]);
    }
    const restored = ApiObject.prototype.toJson === toJson;
    for (const chart of eachRenderedChart(app)) {
      expect(chart.objects.length).toBe(2);
      break;
    }

    // THEN
    expect(restored).toBe(true);
    expect(ApiObject.prototype.toJson).toBe(toJson);
    expect(one.map(([f, yaml]) => [`${f}.k8s.yaml`, yaml]).sort()).toEqual(upstream(build));
  });
});
