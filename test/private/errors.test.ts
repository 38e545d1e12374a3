import { Construct } from 'constructs';
import { constructError, PropError, propError, reportAs } from '../../src/private/errors';

/** A tree: outer 'app/outer' with an inner 'app/outer/Inner', and a sibling 'app/chart/Inner'. */
function tree() {
  const root = new Construct(undefined as any, '');
  const app = new Construct(root, 'app');
  const outer = new Construct(app, 'outer');
  const inner = new Construct(outer, 'Inner');
  const chart = new Construct(app, 'chart');
  const elsewhere = new Construct(chart, 'Inner');
  return { outer, inner, chart, elsewhere };
}

describe('errors (src/private/errors.ts)', () => {
  test('propError and constructError keep the one message shape', () => {
    const { inner } = tree();
    const e = propError(inner, 'Inner', 'cidr', '10.0.0.1/16', 'is not valid', 'fix it');
    expect(e).toBeInstanceOf(PropError);
    expect(e.message).toBe("Inner 'app/outer/Inner': 'cidr' ('10.0.0.1/16') is not valid; fix it");
    expect(String(e)).toBe("Error: Inner 'app/outer/Inner': 'cidr' ('10.0.0.1/16') is not valid; fix it");
    expect(constructError(inner, 'Inner', 'is broken', 'fix it').message).toBe("Inner 'app/outer/Inner': is broken; fix it");
  });

  describe('reportAs', () => {
    test('an inner construct\'s prop error names the outer construct, its kind and the user\'s prop', () => {
      const { outer, inner } = tree();
      expect(() => reportAs(outer, 'Outer', { cidr: 'vpcCidr', version: 'kubernetesVersion' }, () => {
        throw propError(inner, 'Inner', 'cidr', '10.0.0.1/16', "is not valid (see 'cidr')", "set 'cidr' or 'version'");
      })).toThrow("Outer 'app/outer': 'vpcCidr' ('10.0.0.1/16') is not valid (see 'vpcCidr'); set 'vpcCidr' or 'kubernetesVersion'");
    });

    test('an indexed or nested inner prop keeps its tail: instanceTypes[0] -> systemPool.instanceTypes[0], env FOO -> env FOO', () => {
      const { outer, inner } = tree();
      expect(() => reportAs(outer, 'Outer', { instanceTypes: 'systemPool.instanceTypes' }, () => {
        throw propError(inner, 'Inner', 'instanceTypes[0]', 'large', 'is bad', 'fix');
      })).toThrow("Outer 'app/outer': 'systemPool.instanceTypes[0]' ('large') is bad; fix");
      expect(() => reportAs(outer, 'Outer', { env: 'env' }, () => {
        throw propError(inner, 'Inner', 'env FOO', 'x', 'is bad', 'fix');
      })).toThrow("Outer 'app/outer': 'env FOO' ('x') is bad; fix");
    });

    test('an inner construct under another parent (a chart) is reported when `below` names that parent', () => {
      const { outer, chart, elsewhere } = tree();
      const fail = () => {
        throw propError(elsewhere, 'Inner', 'port', 0, 'is bad', 'fix');
      };
      expect(() => reportAs(outer, 'Outer', { port: 'port' }, fail, chart)).toThrow("Outer 'app/outer': 'port' (0) is bad; fix");
      // not below `outer`: unchanged
      expect(() => reportAs(outer, 'Outer', { port: 'port' }, fail)).toThrow("Inner 'app/chart/Inner': 'port' (0) is bad; fix");
    });

    test('errors about an unmapped prop, about a whole construct, or of another kind pass unchanged; a result passes through', () => {
      const { outer, inner } = tree();
      expect(() => reportAs(outer, 'Outer', { cidr: 'vpcCidr' }, () => {
        throw propError(inner, 'Inner', 'subnetIds', [], 'is empty', 'fix');
      })).toThrow("Inner 'app/outer/Inner': 'subnetIds' ([]) is empty; fix");
      expect(() => reportAs(outer, 'Outer', { cidr: 'vpcCidr' }, () => {
        throw constructError(inner, 'Inner', 'is broken', 'fix');
      })).toThrow("Inner 'app/outer/Inner': is broken; fix");
      expect(() => reportAs(outer, 'Outer', {}, () => {
        throw new TypeError('x is not a function');
      })).toThrow(TypeError);
      expect(reportAs(outer, 'Outer', {}, () => 42)).toBe(42);
    });
  });
});
