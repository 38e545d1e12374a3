import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { AMP_DATASOURCE_TYPE, BUDGET_REMAINING, GRAFANA_DASHBOARD_LABEL, METRIC_LABEL_SERVICE, SLI_ERROR_RATIO } from '../private/contract';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireDnsLabel } from '../private/validate';

const KIND = 'ServiceDashboard';
/** Grafana's dashboard schema version the JSON is written for (Grafana 10/11). */
const SCHEMA_VERSION = 39;

/**
 * Properties for `ServiceDashboard`.
 */
export interface ServiceDashboardProps {
  /** Name of the service (its Deployment, container and the `service` label of its metrics). */
  readonly serviceName: string;
  /** Namespace the service and the ConfigMap live in. */
  readonly namespace: string;
  /**
   * Base name of the request counter.
   * @default 'http_requests_total'
   */
  readonly requestsMetric?: string;
  /**
   * Label matcher that marks a request as failed.
   * @default 'code=~"5.."'
   */
  readonly errorMatcher?: string;
  /**
   * Base name of the request-duration histogram, in seconds.
   * @default 'http_request_duration_seconds'
   */
  readonly durationHistogram?: string;
  /**
   * Labels of the ConfigMap besides the Grafana sidecar's.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
}

/** Runtime types of `ServiceDashboardProps` (src/private/prop-types.ts). */
const SERVICE_DASHBOARD_PROPS = propTypes('ServiceDashboardProps', {
  serviceName: required(T.string),
  namespace: required(T.string),
  requestsMetric: T.string,
  errorMatcher: T.string,
  durationHistogram: T.string,
  labels: T.stringMap,
});

/**
 * A Grafana dashboard of one service, in a ConfigMap labelled `grafana_dashboard: "1"` that the
 * Grafana Helm chart's dashboard sidecar loads: rate, errors and duration (RED), saturation (CPU
 * and memory against the limits, replicas) and the SLO's error budget left, read from the
 * recording rules of `ServiceAlertRules`. Usable alone in any cdk8s `Chart`.
 */
export class ServiceDashboard extends Construct {
  /** The dashboard's uid: `<namespace>-<service>`, at most 40 characters. */
  public readonly uid: string;
  /** The ConfigMap. */
  public readonly configMap: ApiObject;
  private readonly spec: DashboardSpec;

  public constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    checkProps(this, KIND, props, SERVICE_DASHBOARD_PROPS);
    const service = requireDnsLabel(this, KIND, 'serviceName', props.serviceName);
    const namespace = requireDnsLabel(this, KIND, 'namespace', props.namespace);
    this.uid = `${namespace}-${service}`.slice(0, 40);
    this.spec = {
      service,
      namespace,
      requests: props.requestsMetric ?? 'http_requests_total',
      histogram: props.durationHistogram ?? 'http_request_duration_seconds',
      errors: props.errorMatcher ?? 'code=~"5.."',
    };
    this.configMap = new ApiObject(this, 'ConfigMap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${service}-dashboard`,
        namespace,
        labels: { ...props.labels, [GRAFANA_DASHBOARD_LABEL]: '1' },
      },
      // Made when the chart is rendered (#22: 4 KB of JSON per service, not kept).
      data: { [`${this.uid}.json`]: Lazy.any({ produce: () => this.dashboard }) },
    });
  }

  /** The dashboard JSON (made on each read). */
  public get dashboard(): string {
    const { service, namespace, requests, histogram, errors } = this.spec;
    const sel = `namespace="${namespace}",${METRIC_LABEL_SERVICE}="${service}"`;
    const pods = `namespace="${namespace}",pod=~"${service}-[a-z0-9]+-[a-z0-9]+",container="${service}"`;
    const panels = [
      panel('Request rate', 'reqps', 0, 0, [[`sum(rate(${requests}{${sel}}[5m]))`, 'requests/s']]),
      panel('Error ratio', 'percentunit', 12, 0, [[`sum(rate(${requests}{${sel},${errors}}[5m])) / sum(rate(${requests}{${sel}}[5m]))`, 'errors']]),
      panel('Duration', 's', 0, 8, ['0.5', '0.9', '0.99'].map((q) =>
        [`histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket{${sel}}[5m])))`, `p${Number(q) * 100}`])),
      panel('Saturation: CPU and memory of the limit', 'percentunit', 12, 8, [
        [`sum by (pod) (rate(container_cpu_usage_seconds_total{${pods}}[5m])) / sum by (pod) (kube_pod_container_resource_limits{${pods},resource="cpu"})`, 'cpu {{pod}}'],
        [`sum by (pod) (container_memory_working_set_bytes{${pods}}) / sum by (pod) (kube_pod_container_resource_limits{${pods},resource="memory"})`, 'memory {{pod}}'],
      ]),
      panel('Replicas', 'short', 0, 16, [
        [`kube_deployment_status_replicas_available{namespace="${namespace}",deployment="${service}"}`, 'available'],
        [`kube_deployment_spec_replicas{namespace="${namespace}",deployment="${service}"}`, 'desired'],
      ]),
      panel('SLO: error budget left', 'percentunit', 12, 16, [[`${BUDGET_REMAINING}{${sel}}`, '{{slo}}']]),
      panel('SLO: error ratio (1h)', 'percentunit', 0, 24, [[`${SLI_ERROR_RATIO}1h{${sel}}`, '{{slo}}']]),
    ];
    return JSON.stringify({
      uid: this.uid,
      title: `${namespace} / ${service}`,
      tags: ['paved-road', namespace],
      timezone: 'utc',
      schemaVersion: SCHEMA_VERSION,
      refresh: '1m',
      time: { from: 'now-6h', to: 'now' },
      templating: { list: [{ name: 'datasource', type: 'datasource', query: AMP_DATASOURCE_TYPE, label: 'Data source' }] },
      panels,
    });
  }
}

/** What the dashboard is made from, checked. */
interface DashboardSpec {
  readonly service: string;
  readonly namespace: string;
  readonly requests: string;
  readonly histogram: string;
  readonly errors: string;
}

/** A time-series panel on a two-column grid of 8-row panels; its id follows from its place. */
function panel(title: string, unit: string, x: number, y: number, queries: string[][]): unknown {
  return {
    id: (y / 8) * 2 + x / 12 + 1,
    type: 'timeseries',
    title,
    datasource: { type: AMP_DATASOURCE_TYPE, uid: '${datasource}' },
    gridPos: { h: 8, w: 12, x, y },
    fieldConfig: { defaults: { unit }, overrides: [] },
    targets: queries.map(([expr, legendFormat], i) => ({ refId: String.fromCharCode(65 + i), expr, legendFormat })),
  };
}
