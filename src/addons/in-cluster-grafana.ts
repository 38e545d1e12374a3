import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AddonOptions } from './addon-options';
import { HelmChartApplication } from './helm-chart-application';
import { addonDefaults, addonNamespace, httpsEgressRule } from '../private/addon-namespace';
import {
  AMP_DATASOURCE_TYPE, GRAFANA_DASHBOARD_LABEL, GRAFANA_NAMESPACE, GRAFANA_SERVICE_ACCOUNT, podIdentityAgentEgressRule, SECRET_STORE_NAME,
} from '../private/contract';
import { propError } from '../private/errors';
import { generatedPasswordSecret } from '../private/generated-password';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { ADDON_OPTIONS } from '../private/shared-prop-types';
import { requireRegion } from '../private/validate';
import { chartSource, HELM_CHARTS } from '../private/versions';

const KIND = 'InClusterGrafana';
/** Grafana's HTTP port (chart `service.targetPort`): the kubelet's probes reach it. */
const GRAFANA_PORT = 3000;
/** The Kubernetes Secret the ExternalSecret writes, read by Grafana as environment variables. */
const DATASOURCE_SECRET = 'grafana-prometheus';
/** Environment variable holding the workspace's query URL; the data source provisioning expands it. */
const URL_VARIABLE = 'PROMETHEUS_URL';
/** The admin login's Secret, written once by an ExternalSecret from a Password generator. */
const ADMIN_SECRET = 'grafana-admin';
/** The ClusterRole the dashboard sidecar gets: ConfigMaps only, not the chart's ConfigMaps-and-Secrets. */
const READER_ROLE = 'grafana-dashboard-reader';
/** The Amazon Managed Service for Prometheus data source plugin (grafana/grafana-amazonprometheus-datasource, CHANGELOG.md). */
const AMP_DATASOURCE_PLUGIN_VERSION = '2.3.0';

/**
 * Properties for `InClusterGrafana`.
 */
export interface InClusterGrafanaProps extends AddonOptions {
  /** The AWS region of the Prometheus workspace (SigV4 signing region). */
  readonly region: string;
  /**
   * Name of the Secrets Manager secret holding the workspace's query endpoint as
   * `{"queryUrl": "https://aps-workspaces.<region>.amazonaws.com/workspaces/<id>/"}` (the
   * platform's `PlatformObservability` creates it as `<platform>/<environment>/observability/prometheus-query`).
   */
  readonly querySecretName: string;
  /**
   * ClusterSecretStore the ExternalSecret reads the query endpoint through.
   * @default 'aws-secrets-manager' (the platform's store)
   */
  readonly secretStoreName?: string;
}

/** Runtime types of `InClusterGrafanaProps` (src/private/prop-types.ts). */
const IN_CLUSTER_GRAFANA_PROPS = propTypes('InClusterGrafanaProps', {
  region: required(T.string),
  querySecretName: required(T.string),
  secretStoreName: T.string,
  ...ADDON_OPTIONS.props,
});

/**
 * Grafana in the cluster, so that the dashboard each `ServiceApp` writes (a ConfigMap labelled
 * `grafana_dashboard: "1"` in its namespace) is loaded: the pinned Grafana Helm chart as an Argo
 * CD Application, with its dashboard sidecar watching ConfigMaps of every namespace (through a
 * ClusterRole of ConfigMap reads only, instead of the chart's, which also reads every Secret),
 * and the Amazon Managed Service for Prometheus workspace as its default data source, queried with
 * SigV4 under the IAM role `PlatformObservability` binds to the service account `grafana` through
 * EKS Pod Identity. The workspace's ID exists only after `terraform apply`, so its query URL
 * reaches Grafana through an ExternalSecret (from the platform's Secrets Manager secret), never
 * through the YAML. No persistence: dashboards and the data source are provisioned, so a restart
 * loses nothing but what was edited by hand. The admin password is generated once in the cluster
 * (an External Secrets `Password` generator into the Secret `grafana-admin`, read with
 * `kubectl -n grafana get secret grafana-admin -o jsonpath='{.data.admin-password}'`): the chart's
 * own random password would be drawn again at every Argo CD render, a diff that never settles. The UI
 * is reached with `kubectl -n grafana port-forward svc/grafana 3000:80`.
 * Its namespace has restricted Pod Security and a NetworkPolicy (in: port 3000, for the kubelet's
 * probes and port-forwarding; out: DNS, the Pod Identity agent, HTTPS to AMP and the Kubernetes API).
 * Usable alone in a cdk8s Chart.
 */
export class InClusterGrafana extends Construct {
  /** The namespace it runs in. */
  public readonly namespace: string = GRAFANA_NAMESPACE;
  /** Grafana's service account (bound to the IAM role that may query the workspace). */
  public readonly serviceAccountName: string = GRAFANA_SERVICE_ACCOUNT;
  /** The Argo CD Application installing the chart. */
  public readonly application: HelmChartApplication;

  public constructor(scope: Construct, id: string, props: InClusterGrafanaProps) {
    super(scope, id);
    checkProps(this, KIND, props, IN_CLUSTER_GRAFANA_PROPS);
    requireRegion(this, KIND, 'region', props.region);
    if (typeof props.querySecretName !== 'string' || props.querySecretName.trim() === '') {
      throw propError(this, KIND, 'querySecretName', props.querySecretName, 'is empty',
        'name the Secrets Manager secret holding {"queryUrl": ...}, e.g. "acme/prod/observability/prometheus-query"');
    }
    const { labels, priorityClassName } = addonDefaults(props);
    addonNamespace(this, 'Namespace', 'NetworkPolicy', {
      name: this.namespace,
      labels,
      ingress: [{ ports: [{ protocol: 'TCP', port: GRAFANA_PORT }] }],
      egress: [podIdentityAgentEgressRule(), httpsEgressRule()],
    });
    new ApiObject(this, 'DashboardReader', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: READER_ROLE, labels },
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }],
    });
    new ApiObject(this, 'QueryUrl', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: DATASOURCE_SECRET, namespace: this.namespace, labels },
      spec: {
        refreshInterval: '1h',
        secretStoreRef: { kind: 'ClusterSecretStore', name: props.secretStoreName ?? SECRET_STORE_NAME },
        target: { name: DATASOURCE_SECRET, creationPolicy: 'Owner' },
        data: [{ secretKey: URL_VARIABLE, remoteRef: { key: props.querySecretName, property: 'queryUrl' } }],
      },
    });
    // Generated once: a new password on every refresh would log everyone out.
    generatedPasswordSecret(this, 'AdminPasswordGenerator', 'AdminCredentials', {
      name: ADMIN_SECRET,
      generatorName: `${ADMIN_SECRET}-password`,
      namespace: this.namespace,
      labels,
      data: { 'admin-user': 'admin', 'admin-password': '{{ .password }}' },
    });
    // Values: grafana-community/helm-charts charts/grafana/values.yaml at the pinned version.
    this.application = new HelmChartApplication(this, 'Chart', {
      ...chartSource(HELM_CHARTS.grafana),
      namespace: this.namespace,
      values: {
        'testFramework': { enabled: false },
        'serviceAccount': { create: true, name: this.serviceAccountName },
        'rbac': { create: true, namespaced: false, useExistingClusterRole: READER_ROLE },
        priorityClassName,
        'resources': { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
        'persistence': { enabled: false },
        'admin': { existingSecret: ADMIN_SECRET, userKey: 'admin-user', passwordKey: 'admin-password' },
        'initChownData': { enabled: false },
        'envFromSecret': DATASOURCE_SECRET,
        // The data source's plugin, pinned: the chart passes `plugins` to Grafana's
        // GF_PLUGINS_PREINSTALL_SYNC ("<id>@<version>", installed before Grafana starts, over the
        // namespace's HTTPS egress; charts/grafana/templates/_pod.tpl and values.yaml at the pinned commit).
        'plugins': [`${AMP_DATASOURCE_TYPE}@${AMP_DATASOURCE_PLUGIN_VERSION}`],
        'grafana.ini': {
          // SigV4 signing for the Prometheus data source (AMP user guide, "Query using Grafana running in an Amazon EKS cluster").
          'auth': { sigv4_auth_enabled: true },
          'auth.anonymous': { enabled: false },
          'users': { allow_sign_up: false },
          'analytics': { reporting_enabled: false, check_for_updates: false, check_for_plugin_updates: false },
        },
        'datasources': {
          'datasources.yaml': {
            apiVersion: 1,
            datasources: [{
              name: 'Amazon Managed Service for Prometheus',
              uid: 'amp',
              type: AMP_DATASOURCE_TYPE,
              access: 'proxy',
              isDefault: true,
              // Expanded by Grafana from the environment when it provisions the data source.
              url: `\${${URL_VARIABLE}}`,
              editable: false,
              jsonData: { sigV4Auth: true, sigV4AuthType: 'default', sigV4Region: props.region, httpMethod: 'POST' },
            }],
          },
        },
        'sidecar': {
          resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
          dashboards: { enabled: true, label: GRAFANA_DASHBOARD_LABEL, labelValue: '1', searchNamespace: 'ALL', resource: 'configmap' },
        },
      },
    });
  }
}
