import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AddonOptions } from './addon-options';
import { HelmChartApplication } from './helm-chart-application';
import { addonDefaults, addonNamespace, httpsEgressRule } from '../private/addon-namespace';
import {
  ARGOCD_NAMESPACE, KARPENTER_NAMESPACE, KARPENTER_NODE_CLASS, KARPENTER_SERVICE_ACCOUNT, MANAGED_BY_LABELS, podIdentityAgentEgressRule,
  SKIP_DRY_RUN_ON_MISSING_CRD,
} from '../private/contract';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { ADDON_OPTIONS } from '../private/shared-prop-types';
import { requireDnsLabel } from '../private/validate';
import { chartSource, HELM_CHARTS, KARPENTER_AMI_ALIAS } from '../private/versions';

const KIND = 'Karpenter';
/** Ports of the controller's metrics and health probes (chart `controller.metrics.port`, `controller.healthProbe.port`). */
const METRICS_PORT = 8080;
const HEALTH_PORT = 8081;
/** Root volume of Karpenter's nodes (gp3, encrypted), as the managed node groups'. */
const NODE_VOLUME = '50Gi';

/**
 * Properties for `Karpenter`.
 */
export interface KarpenterProps extends AddonOptions {
  /** The EKS cluster's name (known at synth time). */
  readonly clusterName: string;
  /** The AWS region (pods cannot read it from instance metadata: IMDSv2 hop limit 1). */
  readonly region: string;
  /** Name of the SQS queue that receives spot interruption, rebalance and health events. */
  readonly interruptionQueueName: string;
  /** Name of the IAM role of the nodes Karpenter launches (it needs an EC2_LINUX access entry). */
  readonly nodeRoleName: string;
}

/** Runtime types of `KarpenterProps` (src/private/prop-types.ts). */
const KARPENTER_PROPS = propTypes('KarpenterProps', {
  clusterName: required(T.string),
  region: required(T.string),
  interruptionQueueName: required(T.string),
  nodeRoleName: required(T.string),
  ...ADDON_OPTIONS.props,
});

/**
 * Karpenter, the node autoscaler of clusters on managed node groups (EKS Auto Mode runs its own):
 * its namespace (restricted Pod Security) with a NetworkPolicy, the pinned chart (CRDs included)
 * from the public ECR OCI registry as an Argo CD Application (with the Argo CD repository entry
 * an OCI Helm source needs), and the `default` `EC2NodeClass` (`karpenter.k8s.aws/v1`): AL2023,
 * the cluster's private subnets and security group found by tag, IMDSv2 with hop limit 1,
 * encrypted gp3 root volumes. NodePools on it come from `KarpenterNodePool`. The controller runs on
 * the system node group (the chart keeps it off Karpenter's own nodes). Usable alone in a cdk8s
 * Chart; `PlatformCluster` makes its AWS side (controller role, node role and access entry,
 * interruption queue and EventBridge rules).
 */
export class Karpenter extends Construct {
  /** The namespace it runs in. */
  public readonly namespace: string = KARPENTER_NAMESPACE;
  /** The controller's service account. */
  public readonly serviceAccountName: string = KARPENTER_SERVICE_ACCOUNT;
  /** The EC2NodeClass NodePools refer to. */
  public readonly nodeClassName: string = KARPENTER_NODE_CLASS;
  /** The Argo CD Application installing the chart. */
  public readonly application: HelmChartApplication;

  public constructor(scope: Construct, id: string, props: KarpenterProps) {
    super(scope, id);
    checkProps(this, KIND, props, KARPENTER_PROPS);
    requireDnsLabel(this, KIND, 'clusterName', props.clusterName, 100);
    const { labels, priorityClassName } = addonDefaults(props);
    addonNamespace(this, 'Namespace', 'NetworkPolicy', {
      name: this.namespace,
      labels,
      ingress: [{ ports: [{ protocol: 'TCP', port: METRICS_PORT }, { protocol: 'TCP', port: HEALTH_PORT }] }],
      // HTTPS to EC2, SQS, SSM, Pricing, EKS and the Kubernetes API.
      egress: [podIdentityAgentEgressRule(), httpsEgressRule()],
    });
    const chart = HELM_CHARTS.karpenter;
    // Argo CD reads an OCI Helm repository only through a repository entry with enableOCI (no credentials: public ECR).
    new ApiObject(this, 'Repository', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'karpenter-oci-charts',
        namespace: ARGOCD_NAMESPACE,
        labels: { ...labels, 'argocd.argoproj.io/secret-type': 'repository' },
      },
      stringData: { type: 'helm', name: 'karpenter', url: chart.repoUrl, enableOCI: 'true' },
    });
    // Values: charts/karpenter/values.yaml at the pinned version.
    this.application = new HelmChartApplication(this, 'Chart', {
      ...chartSource(chart),
      namespace: this.namespace,
      values: {
        serviceAccount: { name: this.serviceAccountName },
        priorityClassName,
        settings: { clusterName: props.clusterName, interruptionQueue: props.interruptionQueueName },
        controller: {
          env: [{ name: 'AWS_REGION', value: props.region }],
          resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } },
        },
      },
    });
    new ApiObject(this, 'NodeClass', {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: {
        name: this.nodeClassName,
        labels: { ...MANAGED_BY_LABELS },
        // Synced with the chart that installs its CRD: Argo CD retries it once the CRD exists.
        annotations: SKIP_DRY_RUN_ON_MISSING_CRD,
      },
      spec: {
        role: props.nodeRoleName,
        amiSelectorTerms: [{ alias: KARPENTER_AMI_ALIAS }],
        subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': props.clusterName } }],
        // The cluster security group EKS creates and tags `kubernetes.io/cluster/<name>: owned`; the managed node groups use it too.
        securityGroupSelectorTerms: [{ tags: { [`kubernetes.io/cluster/${props.clusterName}`]: 'owned' } }],
        metadataOptions: { httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' },
        blockDeviceMappings: [{
          deviceName: '/dev/xvda',
          ebs: { volumeSize: NODE_VOLUME, volumeType: 'gp3', encrypted: true, deleteOnTermination: true },
        }],
      },
    });
  }
}
