/**
 * The library's one version table: every Helm chart and every EKS add-on the platform installs,
 * pinned, with the upstream source each version was taken from. Raise a version here, nowhere else,
 * and re-run the tests and the examples' checks (`validate-k8s.mjs` checks the custom resources
 * against the CRDs of these releases).
 *
 * @internal
 */

import { EXTERNAL_SECRETS_CHART } from './contract';

/** A Helm chart pinned to one version. @internal */
export interface PinnedChart {
  /** Helm repository URL (or OCI registry host, without the `oci://` scheme, as Argo CD takes it). */
  readonly repoUrl: string;
  /** Chart name in that repository. */
  readonly chart: string;
  /** Chart version (Argo CD `targetRevision`). */
  readonly version: string;
  /** Version of the application the chart deploys. */
  readonly appVersion: string;
  /** Where the version was read. */
  readonly source: string;
}

/**
 * Helm charts, delivered as Argo CD Applications (see docs/ARCHITECTURE.md, "Add-ons").
 * @internal
 */
/** Where Argo CD gets a pinned chart: repository, chart and version. @internal */
export function chartSource(pin: PinnedChart): { repoUrl: string; chart: string; version: string } {
  return { repoUrl: pin.repoUrl, chart: pin.chart, version: pin.version };
}

export const HELM_CHARTS = {
  /**
   * Argo CD, self-managed (without the EKS capability): installed once with `helm install`, then
   * managed by itself through this Application (`PlatformGitOps`).
   * Source: argoproj/argo-helm@af0a9310bacbaa4636018dfe22c801a6d33a5c43 (tag argo-cd-10.1.1), charts/argo-cd/Chart.yaml.
   */
  argoCd: {
    repoUrl: 'https://argoproj.github.io/argo-helm',
    chart: 'argo-cd',
    version: '10.1.1',
    appVersion: 'v3.4.4',
    source: 'argoproj/argo-helm@af0a9310bacbaa4636018dfe22c801a6d33a5c43:charts/argo-cd/Chart.yaml',
  } as PinnedChart,
  /**
   * Grafana with its dashboard sidecar (`InClusterGrafana`): the services' dashboard ConfigMaps
   * are loaded from every namespace. The chart moved from grafana/helm-charts (deprecated there
   * at 10.5.15) to grafana-community/helm-charts.
   * Source: grafana-community/helm-charts@864f7794683680e5100a38670e103c4fa6e37e29 (tag grafana-12.11.1),
   * charts/grafana/Chart.yaml; values keys from charts/grafana/values.yaml at the same commit.
   */
  grafana: {
    repoUrl: 'https://grafana-community.github.io/helm-charts',
    chart: 'grafana',
    version: '12.11.1',
    appVersion: '13.2.0',
    source: 'grafana-community/helm-charts@864f7794683680e5100a38670e103c4fa6e37e29:charts/grafana/Chart.yaml',
  } as PinnedChart,
  /**
   * External Secrets Operator.
   * Source: external-secrets/external-secrets@cc5bfbc2 (tag helm-chart-2.9.0), deploy/charts/external-secrets/Chart.yaml;
   * the CRDs checked by k8s-check come from the same commit.
   */
  externalSecrets: {
    repoUrl: 'https://charts.external-secrets.io',
    chart: EXTERNAL_SECRETS_CHART,
    version: '2.9.0',
    appVersion: 'v2.9.0',
    source: 'external-secrets/external-secrets@cc5bfbc2234ace9cb0caff4ea89c435cf517b27b:deploy/charts/external-secrets/Chart.yaml',
  } as PinnedChart,
  /**
   * AWS Load Balancer Controller (managed node groups; Auto Mode has its own).
   * Source: kubernetes-sigs/aws-load-balancer-controller@5982613953df58f3227301b7121abde6abaa2c20 (tag v3.5.0),
   * helm/aws-load-balancer-controller/Chart.yaml (published to the eks-charts repository); IAM policy from
   * docs/install/iam_policy.json at the same tag (src/private/policies/aws-load-balancer-controller.ts).
   */
  awsLoadBalancerController: {
    repoUrl: 'https://aws.github.io/eks-charts',
    chart: 'aws-load-balancer-controller',
    version: '3.5.0',
    appVersion: 'v3.5.0',
    source: 'kubernetes-sigs/aws-load-balancer-controller@5982613953df58f3227301b7121abde6abaa2c20:helm/aws-load-balancer-controller/Chart.yaml',
  } as PinnedChart,
  /**
   * Karpenter (managed node groups; Auto Mode runs its own).
   * Source: aws/karpenter-provider-aws@1d927085dd81a9df9301e613f371dac5b4d16bfe ("docs: update for patch release v1.14.1"),
   * charts/karpenter/Chart.yaml; controller IAM, interruption queue and rules from
   * website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml at tag v1.14.1
   * (bde00654), whose EC2NodeClass CRD k8s-check validates against.
   */
  karpenter: {
    repoUrl: 'public.ecr.aws/karpenter',
    chart: 'karpenter',
    version: '1.14.1',
    appVersion: '1.14.1',
    source: 'aws/karpenter-provider-aws@1d927085dd81a9df9301e613f371dac5b4d16bfe:charts/karpenter/Chart.yaml',
  } as PinnedChart,
};

/**
 * EKS add-on versions (aws_eks_addon) shared by every Kubernetes version the library supports.
 * Source: `aws eks describe-addon-versions --addon-name <name> --kubernetes-version <v>`; check there when raising one.
 * @internal
 */
/**
 * The EKS-optimized Amazon Linux 2023 AMI release Karpenter's `EC2NodeClass` launches nodes from,
 * pinned (not `al2023@latest`): a new AMI release then reaches the nodes only through this table and
 * Karpenter's drift replacement, the same way as every other version here, rather than silently on
 * the next node launched.
 * Source: awslabs/amazon-eks-ami@15822511 (tag v20260714), CHANGELOG.md "AMI Release v20260714":
 * amazon-eks-node-al2023-{x86_64,arm64}-standard-1.30 ... 1.36-v20260714.
 *
 * @internal
 */
export const KARPENTER_AMI_ALIAS = 'al2023@v20260714';

export const EKS_ADDONS_SHARED = {
  vpcCni: 'v1.20.1-eksbuild.3',
  ebsCsiDriver: 'v1.48.0-eksbuild.1',
  podIdentityAgent: 'v1.3.8-eksbuild.2',
  metricsServer: 'v0.8.0-eksbuild.2',
  /**
   * 8.0.0 is the first version whose CloudWatch agent scrapes prometheus-operator `ServiceMonitor`s and
   * `PodMonitor`s (on by default): https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/eks-observability-addon-prometheus-monitors.html
   * ("available in version 8.0.0 and later of the ... EKS add-on and Helm chart"). `-eksbuild.1` is the first
   * EKS build of a version; the exact string could not be read here (the aws-observability/helm-charts
   * snapshot ends at chart 6.5.0), so confirm with describe-addon-versions before the first apply.
   */
  cloudwatchObservability: 'v8.0.0-eksbuild.1',
};

/**
 * EKS community add-ons (owner `community` in `aws eks describe-addon-versions`), same source as above.
 * @internal
 */
export const EKS_COMMUNITY_ADDONS = {
  /**
   * ExternalDNS as an EKS community add-on (name `external-dns`, namespace `external-dns`, service account
   * `external-dns`: awsdocs/amazon-eks-user-guide latest/ug/workloads/community-addons.adoc). Its configuration
   * values are the upstream chart's (kubernetes-sigs/external-dns charts/external-dns/values.yaml).
   * Seen pinned in public Terraform; like every EKS pin here, confirm with describe-addon-versions before the first apply.
   */
  externalDns: 'v0.19.0-eksbuild.2',
  /**
   * kube-state-metrics (name and namespace `kube-state-metrics`): the version is the one the same user guide page
   * names in its attributions example (`attributions/kube-state-metrics/v2.14.0-eksbuild.1/attributions.zip`); that it is
   * offered for Kubernetes 1.34 was not confirmed here (describe-addon-versions --kubernetes-version 1.34).
   */
  kubeStateMetrics: 'v2.14.0-eksbuild.1',
  /**
   * prometheus-node-exporter (name and namespace `prometheus-node-exporter`): no version string of it could be
   * read here, so none is pinned and EKS installs its default version for the cluster's Kubernetes version
   * (`aws_eks_addon` without `addon_version`); pin it here once read from describe-addon-versions.
   */
  nodeExporter: undefined as string | undefined,
};

/**
 * EKS add-on versions that follow the Kubernetes minor version (same source as above).
 * @internal
 */
export const EKS_ADDONS_BY_KUBERNETES: Array<{ kubernetes: string; coredns: string; kubeProxy: string }> = [
  { kubernetes: '1.33', coredns: 'v1.12.2-eksbuild.4', kubeProxy: 'v1.33.3-eksbuild.6' },
  { kubernetes: '1.34', coredns: 'v1.12.3-eksbuild.1', kubeProxy: 'v1.34.0-eksbuild.2' },
];
