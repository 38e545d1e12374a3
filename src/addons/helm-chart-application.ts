import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ARGOCD_NAMESPACE, IN_CLUSTER_NAME, MANAGED_BY_LABELS, PART_OF_LABEL, PLATFORM_PROJECT } from '../private/contract';
import { propError } from '../private/errors';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireDnsLabel } from '../private/validate';

const KIND = 'HelmChartApplication';
/** A version pin: `1.2.3`, `v1.2.3`, `1.2.3-rc.1`; no range (`^`, `~`, `x`, `*`, `>=`) and no `latest`. */
const PINNED_VERSION = /^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/;

/**
 * Fields of one object the chart renders that Argo CD neither diffs nor re-applies (Argo CD's
 * `spec.ignoreDifferences`): for values a chart draws anew at every render (a generated
 * certificate, a random password) that the live object must keep.
 */
export interface IgnoredDifference {
  /**
   * API group of the object (`''` for the core group).
   * @default ''
   */
  readonly group?: string;
  /** Kind of the object, e.g. `Secret`. */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /**
   * JSON pointers (RFC 6901) of the fields to ignore, e.g. `/data`.
   * @default - none
   */
  readonly jsonPointers?: string[];
  /**
   * jq path expressions of the fields to ignore, e.g. `.webhooks[]?.clientConfig.caBundle`.
   * @default - none
   */
  readonly jqPathExpressions?: string[];
}

/**
 * Properties for `HelmChartApplication`.
 */
export interface HelmChartApplicationProps {
  /**
   * The Helm repository: an `https://` chart repository URL, or an OCI registry path without
   * the scheme (e.g. `public.ecr.aws/karpenter`; Argo CD then needs a repository entry with
   * `enableOCI`).
   */
  readonly repoUrl: string;
  /** The chart's name in the repository. */
  readonly chart: string;
  /** The exact chart version (`1.2.3`); ranges and `latest` are refused, so upgrades are reviewed changes. */
  readonly version: string;
  /** The namespace the chart is installed into (created elsewhere, e.g. with its NetworkPolicy). */
  readonly namespace: string;
  /**
   * The Helm release name; also the Application's name.
   * @default - the chart name
   */
  readonly releaseName?: string;
  /**
   * Helm values, written inline into the Application (`spec.source.helm.valuesObject`).
   * Free-form, as Helm values are.
   * @default - the chart's defaults
   */
  readonly values?: { [key: string]: any };
  /**
   * The Argo CD AppProject the Application belongs to.
   * @default 'platform' - the platform's add-on project (`PlatformAddonProject`)
   */
  readonly project?: string;
  /**
   * Namespace Argo CD runs in (where Applications must live).
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /**
   * Fields Argo CD neither diffs nor re-applies after the first sync (with `RespectIgnoreDifferences`):
   * what the chart regenerates at every render. Argo CD renders charts with `helm template`, where
   * `lookup` finds nothing, so a chart that keeps a generated certificate or password by looking up
   * the live object draws a new one at each sync: the Application never settles and the value changes.
   * @default - none
   */
  readonly ignoreDifferences?: IgnoredDifference[];
}

/** Runtime types of `HelmChartApplicationProps` (src/private/prop-types.ts). */
const HELM_CHART_APPLICATION_PROPS = propTypes('HelmChartApplicationProps', {
  repoUrl: required(T.string),
  chart: required(T.string),
  version: required(T.string),
  namespace: required(T.string),
  releaseName: T.string,
  values: T.shape('an object of Helm values', 'an object such as { replicaCount: 2 }'),
  project: T.string,
  argoCdNamespace: T.string,
  // Each entry's fields are checked where they are read (an entry must name a field).
  ignoreDifferences: T.list('a list of IgnoredDifference', 'a list such as [{ kind: \'Secret\', name: \'x-tls\', jsonPointers: [\'/data\'] }]'),
});

/**
 * A pinned Helm chart delivered by Argo CD: one `argoproj.io/v1alpha1` `Application` with the
 * chart repository, the exact version and the values inline, synced automatically (prune and
 * self-heal, server-side apply for large CRDs, retried with back-off while the cluster converges).
 * Usable alone in any cdk8s Chart.
 *
 * Deleting the Application leaves the chart's objects in place (no cascade finalizer): removing an
 * add-on from the YAML must not delete its CRDs and, with them, every custom resource of that kind.
 *
 * @example
 * new HelmChartApplication(chart, 'ExternalSecrets', {
 *   repoUrl: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0',
 *   namespace: 'external-secrets', values: { installCRDs: true },
 * });
 */
export class HelmChartApplication extends Construct {
  /** The Application's (and Helm release's) name. */
  public readonly applicationName: string;
  /** The chart version installed. */
  public readonly version: string;
  /** The chart repository. */
  public readonly repoUrl: string;
  /** The namespace the chart is installed into. */
  public readonly namespace: string;
  /** The Application object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: HelmChartApplicationProps) {
    super(scope, id);
    checkProps(this, KIND, props, HELM_CHART_APPLICATION_PROPS);
    if (!PINNED_VERSION.test(props.version)) {
      throw propError(this, KIND, 'version', props.version, 'is not an exact chart version',
        'pin one release such as "1.2.3" (no ranges, no "latest"), so every upgrade is a reviewed change');
    }
    if (!/^https:\/\/\S+$/.test(props.repoUrl) && !/^[a-z0-9.-]+\.[a-z]{2,}(:\d+)?(\/[a-z0-9._/-]+)?$/.test(props.repoUrl)) {
      throw propError(this, KIND, 'repoUrl', props.repoUrl, 'is neither an https:// chart repository nor an OCI registry path',
        'give e.g. "https://charts.example.com" or "public.ecr.aws/karpenter" (OCI, without the oci:// scheme)');
    }
    this.namespace = requireDnsLabel(this, KIND, 'namespace', props.namespace);
    this.applicationName = requireDnsLabel(this, KIND, 'releaseName', props.releaseName ?? props.chart, 53);
    this.version = props.version;
    this.repoUrl = props.repoUrl;
    const values = props.values ?? {};
    const ignored = (props.ignoreDifferences ?? []).map((d, i) => {
      if ((d.jsonPointers ?? []).length === 0 && (d.jqPathExpressions ?? []).length === 0) {
        throw propError(this, KIND, `ignoreDifferences[${i}]`, d.kind, 'names no field (neither jsonPointers nor jqPathExpressions)',
          'give the fields the chart regenerates, e.g. jsonPointers: [\'/data\']');
      }
      return {
        group: d.group ?? '',
        kind: d.kind,
        name: d.name,
        ...(d.jsonPointers?.length ? { jsonPointers: d.jsonPointers } : {}),
        ...(d.jqPathExpressions?.length ? { jqPathExpressions: d.jqPathExpressions } : {}),
      };
    });
    this.apiObject = new ApiObject(this, 'Application', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: this.applicationName,
        namespace: props.argoCdNamespace ?? ARGOCD_NAMESPACE,
        labels: { ...MANAGED_BY_LABELS, [PART_OF_LABEL]: 'platform-addons' },
      },
      spec: {
        project: props.project ?? PLATFORM_PROJECT,
        source: {
          repoURL: props.repoUrl,
          chart: props.chart,
          targetRevision: props.version,
          helm: {
            releaseName: this.applicationName,
            ...(Object.keys(values).length > 0 ? { valuesObject: values } : {}),
          },
        },
        destination: { name: IN_CLUSTER_NAME, namespace: this.namespace },
        ...(ignored.length > 0 ? { ignoreDifferences: ignored } : {}),
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          // Server-side apply: CRDs such as External Secrets' exceed the client-side annotation limit.
          // RespectIgnoreDifferences: ignored fields are not re-applied either, only created once.
          syncOptions: ['ServerSideApply=true', ...(ignored.length > 0 ? ['RespectIgnoreDifferences=true'] : [])],
          // Objects that wait for another add-on (a CRD, a webhook) succeed on a later try.
          retry: { limit: 10, backoff: { duration: '30s', factor: 2, maxDuration: '10m' } },
        },
      },
    });
  }
}
