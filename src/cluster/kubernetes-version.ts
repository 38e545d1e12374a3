/**
 * Versions of the EKS managed add-ons, pinned per Kubernetes version. The library is tested with
 * exactly these; check them with `aws eks describe-addon-versions` when you raise one.
 */
export interface AddonVersions {
  /** Amazon VPC CNI. */
  readonly vpcCni: string;
  /** CoreDNS. */
  readonly coredns: string;
  /** kube-proxy. */
  readonly kubeProxy: string;
  /** Amazon EBS CSI driver. */
  readonly ebsCsiDriver: string;
  /** EKS Pod Identity agent. */
  readonly podIdentityAgent: string;
  /** Kubernetes Metrics Server (for HPAs). */
  readonly metricsServer: string;
  /** Amazon CloudWatch Observability (Container Insights metrics and Fluent Bit logs). */
  readonly cloudwatchObservability: string;
}

const SHARED = {
  vpcCni: 'v1.20.1-eksbuild.3',
  ebsCsiDriver: 'v1.48.0-eksbuild.1',
  podIdentityAgent: 'v1.3.8-eksbuild.2',
  metricsServer: 'v0.8.0-eksbuild.2',
  cloudwatchObservability: 'v4.3.0-eksbuild.1',
};

/**
 * A Kubernetes version of EKS that the library is tested with, and its pinned add-on versions.
 */
export class KubernetesVersion {
  /** Kubernetes 1.33. */
  public static readonly V1_33 = new KubernetesVersion('1.33', { ...SHARED, coredns: 'v1.12.2-eksbuild.4', kubeProxy: 'v1.33.3-eksbuild.6' });
  /** Kubernetes 1.34, the default. */
  public static readonly V1_34 = new KubernetesVersion('1.34', { ...SHARED, coredns: 'v1.12.3-eksbuild.1', kubeProxy: 'v1.34.0-eksbuild.2' });

  /** Every version the library is tested with, oldest first. */
  public static supported(): KubernetesVersion[] {
    return [KubernetesVersion.V1_33, KubernetesVersion.V1_34];
  }

  /**
   * A version by its number.
   * @returns undefined when the library is not tested with it
   */
  public static find(version: string): KubernetesVersion | undefined {
    return KubernetesVersion.supported().find((v) => v.version === version);
  }

  private constructor(
    /** The version, e.g. `1.34`. */
    public readonly version: string,
    /** Add-on versions pinned for it. */
    public readonly addons: AddonVersions,
  ) {}
}
