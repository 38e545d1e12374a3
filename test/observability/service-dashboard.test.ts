import { Testing } from 'cdk8s';
import { ServiceDashboard } from '../../src';
import { schemaErrors } from '../k8s-schema';
import { find } from '../util';

describe('ServiceDashboard', () => {
  test('a ConfigMap the Grafana sidecar loads, with rate, errors, duration, saturation and the SLO budget', () => {
    const chart = Testing.chart();
    const d = new ServiceDashboard(chart, 'Dashboard', { serviceName: 'checkout', namespace: 'shop', labels: { 'paved-road.dev/team': 'shop' } });
    const objects = Testing.synth(chart);
    const cm = find(objects, 'ConfigMap', 'checkout-dashboard');
    expect(cm.metadata).toMatchObject({ namespace: 'shop', labels: { 'grafana_dashboard': '1', 'paved-road.dev/team': 'shop' } });
    const dashboard = JSON.parse(cm.data['shop-checkout.json']);
    expect(dashboard.uid).toBe(d.uid);
    expect(dashboard.panels.map((p: any) => p.title)).toEqual(['Request rate', 'Error ratio', 'Duration',
      'Saturation: CPU and memory of the limit', 'Replicas', 'SLO: error budget left', 'SLO: error ratio (1h)']);
    expect(new Set(dashboard.panels.map((p: any) => p.id)).size).toBe(7);
    const exprs = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(exprs).toContain('sum(rate(http_requests_total{namespace="shop",service="checkout",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="shop",service="checkout"}[5m]))');
    expect(exprs).toContain('slo:period_error_budget_remaining:ratio{namespace="shop",service="checkout"}');
    expect(exprs).toContain('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="shop",service="checkout"}[5m])))');
    expect(schemaErrors(objects)).toEqual([]);
    // Every panel queries the data source chosen among those of the Amazon Managed Service for
    // Prometheus plugin's type, the type the platform's Grafana provisions (and Grafana 13 and
    // Amazon Managed Grafana give SigV4 data sources)
    expect(dashboard.templating.list).toEqual([{ name: 'datasource', type: 'datasource', query: 'grafana-amazonprometheus-datasource', label: 'Data source' }]);
    expect(new Set(dashboard.panels.map((p: any) => JSON.stringify(p.datasource)))).toEqual(new Set([JSON.stringify({ type: 'grafana-amazonprometheus-datasource', uid: '${datasource}' })]));
  });

  test('the uid fits Grafana\'s 40 characters', () => {
    const d = new ServiceDashboard(Testing.chart(), 'Dashboard', { serviceName: 'a-rather-long-service-name', namespace: 'a-long-team-namespace' });
    expect(d.uid).toHaveLength(40);
  });

  test('a name that is not a DNS label fails', () => {
    expect(() => new ServiceDashboard(Testing.chart(), 'Dashboard', { serviceName: 'Checkout', namespace: 'shop' }))
      .toThrow(/ServiceDashboard 'test\/Dashboard': 'serviceName' \('Checkout'\) is not a DNS-1123 label/);
  });
});
