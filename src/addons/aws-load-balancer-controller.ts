import { Construct } from 'constructs';
import { AddonOptions } from './addon-options';
import { HelmChartApplication } from './helm-chart-application';
import { addonDefaults, addonNamespace, httpsEgressRule } from '../private/addon-namespace';
import {
  INGRESS_CLASS, LOAD_BALANCER_CONTROLLER_NAMESPACE, LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT, podIdentityAgentEgressRule,
} from '../private/contract';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { ADDON_OPTIONS } from '../private/shared-prop-types';
import { chartSource, HELM_CHARTS } from '../private/versions';

/** Port of the controller's admission webhooks (chart default of `webhookBindPort`). */
const WEBHOOK_PORT = 9443;
/** Port of the controller's health probes (chart `livenessProbe`/`readinessProbe`). */
const HEALTH_PORT = 61779;

/**
 * Properties for `AwsLoadBalancerController`.
 */
export interface AwsLoadBalancerControllerProps extends AddonOptions {
  /** The EKS cluster's name (known at synth time). */
  readonly clusterName: string;
  /** The AWS region. */
  readonly region: string;
  /**
   * The VPC's `Name` tag: the controller finds the VPC by it, since pods cannot reach the
   * instance metadata service (IMDSv2 hop limit 1).
   */
  readonly vpcName: string;
}

/** Runtime types of `AwsLoadBalancerControllerProps` (src/private/prop-types.ts). */
const AWS_LOAD_BALANCER_CONTROLLER_PROPS = propTypes('AwsLoadBalancerControllerProps', {
  clusterName: required(T.string),
  region: required(T.string),
  vpcName: required(T.string),
  ...ADDON_OPTIONS.props,
});

/**
 * The AWS Load Balancer Controller for clusters on managed node groups (EKS Auto Mode has its own,
 * see `AutoModeIngressClass`): its namespace (restricted Pod Security) with a NetworkPolicy (in:
 * the API server to the webhooks, the kubelet to the probes; out: DNS, the Pod Identity agent,
 * HTTPS), and the pinned Helm chart as an Argo CD Application, which creates the `alb` IngressClass
 * every exposed service uses. Two replicas, the platform-critical PriorityClass, no certificate
 * ARN: Ingresses without one get the ACM certificate matching their host (certificate discovery).
 * Its AWS access (the upstream `iam_policy.json` of the pinned version) is an IAM role bound to
 * the service account `aws-load-balancer-controller` through EKS Pod Identity, made by
 * `PlatformCluster`. Usable alone in a cdk8s Chart.
 */
export class AwsLoadBalancerController extends Construct {
  /** The namespace it runs in. */
  public readonly namespace: string = LOAD_BALANCER_CONTROLLER_NAMESPACE;
  /** The controller's service account. */
  public readonly serviceAccountName: string = LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT;
  /** The IngressClass it creates and serves. */
  public readonly ingressClassName: string = INGRESS_CLASS;
  /** The Argo CD Application installing the chart. */
  public readonly application: HelmChartApplication;

  public constructor(scope: Construct, id: string, props: AwsLoadBalancerControllerProps) {
    super(scope, id);
    checkProps(this, 'AwsLoadBalancerController', props, AWS_LOAD_BALANCER_CONTROLLER_PROPS);
    const { labels, priorityClassName } = addonDefaults(props);
    addonNamespace(this, 'Namespace', 'NetworkPolicy', {
      name: this.namespace,
      labels,
      ingress: [{ ports: [{ protocol: 'TCP', port: WEBHOOK_PORT }, { protocol: 'TCP', port: HEALTH_PORT }] }],
      egress: [podIdentityAgentEgressRule(), httpsEgressRule()],
    });
    // Values: helm/aws-load-balancer-controller/values.yaml at the pinned tag.
    this.application = new HelmChartApplication(this, 'Chart', {
      ...chartSource(HELM_CHARTS.awsLoadBalancerController),
      namespace: this.namespace,
      values: {
        clusterName: props.clusterName,
        region: props.region,
        vpcTags: { Name: props.vpcName },
        serviceAccount: { name: this.serviceAccountName },
        replicaCount: 2,
        priorityClassName,
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        // Pod Security "restricted": the chart's defaults lack the seccomp profile and dropped capabilities.
        podSecurityContext: { fsGroup: 65534, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        ingressClass: this.ingressClassName,
        createIngressClassResource: true,
        webhookBindPort: WEBHOOK_PORT,
      },
      // The chart generates the webhooks' certificate authority and serving certificate at every
      // render unless `lookup` finds the Secret, which it never does under Argo CD: keep the first
      // pair (the Secret's data and the webhooks' caBundle, created together) instead of rotating
      // them at every sync. Names: eks-charts stable/aws-load-balancer-controller 3.5.0, templates/_helpers.tpl.
      ignoreDifferences: [
        { kind: 'Secret', name: 'aws-load-balancer-tls', jsonPointers: ['/data'] },
        ...['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'].map((kind) => ({
          group: 'admissionregistration.k8s.io', kind, name: 'aws-load-balancer-webhook', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
        })),
      ],
    });
  }
}
