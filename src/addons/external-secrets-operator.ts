import { Construct } from 'constructs';
import { AddonOptions } from './addon-options';
import { HelmChartApplication } from './helm-chart-application';
import { addonDefaults, addonNamespace, httpsEgressRule } from '../private/addon-namespace';
import { EXTERNAL_SECRETS_NAMESPACE, EXTERNAL_SECRETS_SERVICE_ACCOUNT, podIdentityAgentEgressRule } from '../private/contract';
import { checkProps, propTypes } from '../private/prop-types';
import { ADDON_OPTIONS } from '../private/shared-prop-types';
import { chartSource, HELM_CHARTS } from '../private/versions';

/** Port of the operator's admission webhook (chart value `webhook.port`). */
const WEBHOOK_PORT = 10250;

/**
 * Properties for `ExternalSecretsOperator`.
 */
export interface ExternalSecretsOperatorProps extends AddonOptions {
  // Nothing beyond `AddonOptions` yet; a props type of its own keeps room for settings.
}

/** Runtime types of `ExternalSecretsOperatorProps` (src/private/prop-types.ts). */
const EXTERNAL_SECRETS_OPERATOR_PROPS = propTypes('ExternalSecretsOperatorProps', {
  ...ADDON_OPTIONS.props,
});

/**
 * The External Secrets Operator, which turns `ExternalSecret`s into Kubernetes Secrets from AWS
 * Secrets Manager: its namespace (`external-secrets`, restricted Pod Security) with a
 * NetworkPolicy (in: the API server to the admission webhook; out: DNS, the Pod Identity agent,
 * HTTPS), and the pinned Helm chart (CRDs included) as an Argo CD Application. The controller's
 * service account is `external-secrets`; its AWS access comes from the IAM role and Pod Identity
 * association `PlatformCluster` creates. Usable alone in a cdk8s Chart.
 */
export class ExternalSecretsOperator extends Construct {
  /** The namespace it runs in. */
  public readonly namespace: string = EXTERNAL_SECRETS_NAMESPACE;
  /** The controller's service account (bound to the IAM role through EKS Pod Identity). */
  public readonly serviceAccountName: string = EXTERNAL_SECRETS_SERVICE_ACCOUNT;
  /** The Argo CD Application installing the chart. */
  public readonly application: HelmChartApplication;

  public constructor(scope: Construct, id: string, props: ExternalSecretsOperatorProps = {}) {
    super(scope, id);
    checkProps(this, 'ExternalSecretsOperator', props, EXTERNAL_SECRETS_OPERATOR_PROPS);
    const { labels, priorityClassName } = addonDefaults(props);
    addonNamespace(this, 'Namespace', 'NetworkPolicy', {
      name: this.namespace,
      labels,
      // In: the API server calls the operator's admission webhook. Out: DNS, the Pod Identity
      // agent, and HTTPS to Secrets Manager and to the Kubernetes API.
      ingress: [{ ports: [{ protocol: 'TCP', port: WEBHOOK_PORT }] }],
      egress: [podIdentityAgentEgressRule(), httpsEgressRule()],
    });
    const resources = { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '256Mi' } };
    // Values: external-secrets/external-secrets deploy/charts/external-secrets/values.yaml at the pinned version.
    this.application = new HelmChartApplication(this, 'Chart', {
      ...chartSource(HELM_CHARTS.externalSecrets),
      namespace: this.namespace,
      values: {
        installCRDs: true,
        serviceAccount: { name: this.serviceAccountName },
        priorityClassName,
        resources,
        webhook: { port: WEBHOOK_PORT, priorityClassName, resources },
        certController: { priorityClassName, resources },
      },
    });
  }
}
