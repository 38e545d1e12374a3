import { propError } from '../private/errors';
import { EKS_ADDONS_BY_KUBERNETES, EKS_ADDONS_SHARED } from '../private/versions';

/**
 * Versions of the EKS managed add-ons, pinned per Kubernetes version. The library is tested with
 * exactly these; they live in the library's one version table (`src/private/versions.ts`), with
 * every Helm chart the platform installs.
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

function addonsFor(version: string): AddonVersions {
  const pinned = EKS_ADDONS_BY_KUBERNETES.find((v) => v.kubernetes === version)!;
  return { ...EKS_ADDONS_SHARED, coredns: pinned.coredns, kubeProxy: pinned.kubeProxy };
}

/**
 * A Kubernetes version of EKS that the library is tested with, and its pinned add-on versions.
 */
export class KubernetesVersion {
  /** Kubernetes 1.33. */
  public static readonly V1_33 = new KubernetesVersion('1.33', addonsFor('1.33'));
  /** Kubernetes 1.34, the default. */
  public static readonly V1_34 = new KubernetesVersion('1.34', addonsFor('1.34'));

  /** Every version the library is tested with, oldest first. */
  public static supported(): KubernetesVersion[] {
    return [KubernetesVersion.V1_33, KubernetesVersion.V1_34];
  }

  /**
   * A version by its number.
   * @throws when the library is not tested with that version (it used to return undefined, which
   * a caller passed on as "no version", so the default won silently)
   */
  public static find(version: string): KubernetesVersion {
    const found = KubernetesVersion.supported().find((v) => v.version === version);
    if (!found) {
      throw propError('KubernetesVersion.find', 'KubernetesVersion', 'version', version, 'is not a version this library is tested with',
        `use one of ${KubernetesVersion.supported().map((v) => v.version).join(', ')} (e.g. KubernetesVersion.V1_34)`);
    }
    return found;
  }

  private constructor(
    /** The version, e.g. `1.34`. */
    public readonly version: string,
    /** Add-on versions pinned for it. */
    public readonly addons: AddonVersions,
  ) {}
}
