import { KubernetesVersion } from '../../src';

describe('KubernetesVersion', () => {
  test('the supported versions, oldest first, each with every add-on pinned to a version', () => {
    expect(KubernetesVersion.supported().map((v) => v.version)).toEqual(['1.33', '1.34']);
    for (const v of KubernetesVersion.supported()) {
      const pinned = Object.values(v.addons);
      expect(pinned.length).toBeGreaterThanOrEqual(7);
      for (const version of pinned) {
        expect(version).toMatch(/^v\d+\.\d+\.\d+/);
      }
      // kube-proxy follows the Kubernetes minor version.
      expect(v.addons.kubeProxy.startsWith(`v${v.version}.`)).toBe(true);
    }
  });

  test('find() returns a supported version by number', () => {
    expect(KubernetesVersion.find('1.34')).toBe(KubernetesVersion.V1_34);
    expect(KubernetesVersion.find('1.33')).toBe(KubernetesVersion.V1_33);
  });

  test('find() throws for a version the library is not tested with (it returned undefined, and the default won silently)', () => {
    expect(() => KubernetesVersion.find('1.20')).toThrow(
      "KubernetesVersion 'KubernetesVersion.find': 'version' ('1.20') is not a version this library is tested with; use one of 1.33, 1.34 (e.g. KubernetesVersion.V1_34)");
  });
});
