import { ApiObject, App, Chart, Duration, JsonPatch, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { hasBuiltInResolvers, withDirectResolution } from '../../../src/private/engine/k8s-resolve';

/** A number-or-string union as cdk8s's importer generates them (IntOrString, Quantity). */
class Union {
  public static fromString(value: string) {
    return new Union(value);
  }
  private constructor(public readonly value: string | number) {}
}

/** Every object's JSON (as text, so that key order counts too), or the error it throws. */
function rendered(chart: Chart): string[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => {
    try {
      return JSON.stringify(o.toJson());
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  });
}

describe('direct resolution (the engine\'s copy of cdk8s resolve with the built-in resolvers)', () => {
  // GIVEN objects holding every kind of value cdk8s's resolvers and sanitizer treat specially
  const app = new App();
  const chart = new Chart(app, 'c', { labels: { team: 'shop' } });
  new ApiObject(chart, 'values', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'values', annotations: { z: 'last', a: Lazy.any({ produce: () => 'first' }) }, finalizers: [], ownerReferences: [] },
    data: {
      b: 'plain',
      a: Lazy.any({ produce: () => ({ nested: Lazy.any({ produce: () => [1, undefined, null, 'x'] }) }) }),
      resolvable: { resolve: () => ({ y: 2, x: 1 }) },
      union: Union.fromString('50%'),
      numberUnion: { value: 3 },
      empty: {},
      emptyList: [],
      nothing: undefined,
      none: null,
      deep: [{ b: [{ d: 1, c: 2 }], a: true }],
    },
  });
  const patched = new ApiObject(chart, 'patched', { apiVersion: 'v1', kind: 'Secret', metadata: { labels: { x: 'y' } }, stringData: { k: 'v' } });
  patched.addJsonPatch(JsonPatch.add('/stringData/a', 'b'), JsonPatch.remove('/metadata/labels/x'));
  new ApiObject(chart, 'bad', { apiVersion: 'v1', kind: 'ConfigMap', data: { d: Duration.seconds(5) } });
  new ApiObject(chart, 'size', { apiVersion: 'v1', kind: 'ConfigMap', data: { s: Size.mebibytes(1) } });
  const deployment = new kplus.Deployment(chart, 'dep', { containers: [{ image: 'nginx:1.27', portNumber: 8080, resources: {} }] });
  deployment.exposeViaService();
  new kplus.HorizontalPodAutoscaler(chart, 'hpa', { target: deployment, maxReplicas: 3 });

  test('the app has the built-in resolvers only', () => {
    expect(hasBuiltInResolvers(app)).toBe(true);
    expect(hasBuiltInResolvers(new App({ resolvers: [{ resolve: () => undefined }] }))).toBe(false);
  });

  test('renders every object as cdk8s does, key order and errors included', () => {
    // WHEN
    const upstream = rendered(chart);
    const direct = withDirectResolution(() => rendered(chart));

    // THEN
    expect(upstream.length).toBeGreaterThan(5);
    expect(upstream.some((r) => r.startsWith('error: '))).toBe(true);
    expect(direct).toEqual(upstream);
  });

  test('with CDK8S_DISABLE_SORT set, too', () => {
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      expect(withDirectResolution(() => rendered(chart))).toEqual(rendered(chart));
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('puts cdk8s\'s methods back, also when the work throws', () => {
    const before = [ApiObject.prototype.toJson];
    expect(() => withDirectResolution(() => {
      throw new Error('boom');
    })).toThrow('boom');
    expect([ApiObject.prototype.toJson]).toEqual(before);
  });
});
