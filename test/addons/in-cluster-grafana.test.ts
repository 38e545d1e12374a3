import { Chart, Testing } from 'cdk8s';
import { InClusterGrafana } from '../../src';
import { find, k8sSynth } from '../util';

const PROPS = { region: 'eu-west-1', querySecretName: 'acme/prod/observability/prometheus-query' };

describe('InClusterGrafana', () => {
  test('GIVEN Grafana alone in a chart THEN its namespace, NetworkPolicy, ConfigMap-only ClusterRole, query URL ExternalSecret and pinned chart', () => {
    const c = new Chart(Testing.app(), 'test');
    new InClusterGrafana(c, 'Grafana', PROPS);
    const objects = k8sSynth(c);
    expect(find(objects, 'Namespace', 'grafana').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const policy = find(objects, 'NetworkPolicy', 'grafana');
    expect(policy.spec.ingress).toEqual([{ ports: [{ protocol: 'TCP', port: 3000 }] }]);
    expect(policy.spec.egress).toContainEqual({ ports: [{ protocol: 'TCP', port: 443 }] });
    // The sidecar reads ConfigMaps in every namespace, and nothing else (the chart's own role would read every Secret).
    expect(find(objects, 'ClusterRole', 'grafana-dashboard-reader').rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]);
    const es = find(objects, 'ExternalSecret', 'grafana-prometheus');
    expect(es.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'aws-secrets-manager' });
    expect(es.spec.data).toEqual([{ secretKey: 'PROMETHEUS_URL', remoteRef: { key: 'acme/prod/observability/prometheus-query', property: 'queryUrl' } }]);

    const app = find(objects, 'Application', 'grafana');
    expect(app.spec.source).toMatchObject({ repoURL: 'https://grafana-community.github.io/helm-charts', chart: 'grafana', targetRevision: '12.11.1' });
    const values = app.spec.source.helm.valuesObject;
    expect(values.rbac).toEqual({ create: true, namespaced: false, useExistingClusterRole: 'grafana-dashboard-reader' });
    expect(values.serviceAccount).toEqual({ create: true, name: 'grafana' });
    expect(values.priorityClassName).toBe('platform-critical');
    expect(values.envFromSecret).toBe(es.spec.target.name);
    expect(values['grafana.ini'].auth).toEqual({ sigv4_auth_enabled: true });
    const [source] = values.datasources['datasources.yaml'].datasources;
    // The Amazon Managed Service for Prometheus plugin's type (Grafana 13 moves SigV4 data sources of
    // the core prometheus type to it, which left dashboards selecting that type without a data source),
    // and the plugin pinned
    expect(source).toMatchObject({ type: 'grafana-amazonprometheus-datasource', url: '${PROMETHEUS_URL}', isDefault: true, jsonData: { sigV4Auth: true, sigV4AuthType: 'default', sigV4Region: 'eu-west-1' } });
    expect(values.plugins).toEqual(['grafana-amazonprometheus-datasource@2.3.0']);
    // The label ServiceDashboard puts on its ConfigMaps.
    expect(values.sidecar.dashboards).toMatchObject({ enabled: true, label: 'grafana_dashboard', labelValue: '1', searchNamespace: 'ALL', resource: 'configmap' });
    expect(values.persistence).toEqual({ enabled: false });
    // The admin password is generated once in the cluster, not by the chart at every Argo CD render.
    const admin = find(objects, 'ExternalSecret', 'grafana-admin');
    expect(admin.spec.refreshInterval).toBe('0');
    expect(admin.spec.dataFrom[0].sourceRef.generatorRef).toMatchObject({ kind: 'Password', name: 'grafana-admin-password' });
    expect(find(objects, 'Password', 'grafana-admin-password').metadata.namespace).toBe('grafana');
    expect(values.admin).toEqual({ existingSecret: 'grafana-admin', userKey: 'admin-user', passwordKey: 'admin-password' });
    expect(Object.keys(admin.spec.target.template.data).sort()).toEqual([values.admin.passwordKey, values.admin.userKey].sort());
  });

  test('GIVEN a region that is not one THEN it throws naming the prop', () => {
    expect(() => new InClusterGrafana(new Chart(Testing.app(), 'test'), 'G', { ...PROPS, region: 'EU West' }))
      .toThrow(/InClusterGrafana 'test\/G': 'region' \('EU West'\) is not an AWS region name; use a region such as "eu-west-1"/);
  });

  test('GIVEN an empty querySecretName THEN it throws naming the prop and the fix', () => {
    expect(() => new InClusterGrafana(new Chart(Testing.app(), 'test'), 'G', { ...PROPS, querySecretName: ' ' }))
      .toThrow(/InClusterGrafana 'test\/G': 'querySecretName' \(' '\) is empty; name the Secrets Manager secret/);
  });
});
