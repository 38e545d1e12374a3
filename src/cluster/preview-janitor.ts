import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import {
  INSTANCE_LABEL, MANAGED_BY_LABEL, MANAGED_BY, NAME_LABEL, podSecurityLabels, PREVIEW_EXPIRY_LABEL, PREVIEW_LABEL, PREVIEW_SYSTEM_NAMESPACE,
  PRIORITY_CLASS,
} from '../private/contract';
import { propError } from '../private/errors';
import { JANITOR_SCRIPT } from '../private/janitor-script';
import { dnsEgressRule, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../private/k8s-policy';
import { checkProps, propTypes, T } from '../private/prop-types';
import { validateImage } from '../private/quantities';
import { requireDnsLabel } from '../private/validate';

const KIND = 'PreviewJanitor';

/**
 * Properties for `PreviewJanitor`.
 */
export interface PreviewJanitorProps {
  /**
   * Namespace the janitor runs in (created by it).
   * @default 'preview-system'
   */
  readonly namespace?: string;
  /**
   * Cron schedule of the sweep.
   * @default '17 * * * *' (hourly)
   */
  readonly schedule?: string;
  /**
   * Image with `kubectl` and a POSIX shell, pinned to a tag or digest.
   * @default 'alpine/k8s:1.34.1'
   */
  readonly image?: string;
}

/** Runtime types of `PreviewJanitorProps` (src/private/prop-types.ts). */
const PREVIEW_JANITOR_PROPS = propTypes('PreviewJanitorProps', {
  namespace: T.string,
  schedule: T.string,
  image: T.string,
});

/**
 * Removes expired previews even when CI never runs destroy: a CronJob that deletes namespaces
 * labelled `paved-road.dev/preview: "true"` whose `paved-road.dev/expires-at` has passed.
 *
 * Least privilege in two layers: RBAC lets its ServiceAccount only list and delete namespaces
 * (RBAC cannot filter by label), and a ValidatingAdmissionPolicy (Kubernetes 1.30+) refuses any
 * namespace deletion by that ServiceAccount unless the namespace carries the preview label and an
 * expiry label; CEL has no clock, so the script compares the expiry with the time.
 * Usable alone in any cdk8s `Chart`.
 */
export class PreviewJanitor extends Construct {
  /** The janitor's namespace. */
  public readonly namespace: string;
  /** The ServiceAccount's username as the API server sees it. */
  public readonly username: string;

  public constructor(scope: Construct, id: string, props: PreviewJanitorProps = {}) {
    super(scope, id);
    checkProps(this, KIND, props, PREVIEW_JANITOR_PROPS);
    this.namespace = requireDnsLabel(this, KIND, 'namespace', props.namespace ?? PREVIEW_SYSTEM_NAMESPACE);
    const schedule = props.schedule ?? '17 * * * *';
    if (schedule.trim().split(/\s+/).length !== 5) {
      throw propError(this, KIND, 'schedule', schedule, 'is not a five-field cron expression', 'use e.g. "17 * * * *" for hourly');
    }
    const image = props.image ?? 'alpine/k8s:1.34.1';
    validateImage(this, KIND, 'image', image);
    const name = 'preview-janitor';
    this.username = `system:serviceaccount:${this.namespace}:${name}`;
    const labels = { [NAME_LABEL]: name, [INSTANCE_LABEL]: name, [MANAGED_BY_LABEL]: MANAGED_BY };

    new ApiObject(this, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: this.namespace,
        labels: { ...labels, ...podSecurityLabels() },
      },
    });
    // The namespace denies everything but DNS; the janitor's own policy adds the Kubernetes API.
    new ApiObject(this, 'DefaultDeny', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny', namespace: this.namespace, labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], egress: [dnsEgressRule()] },
    });
    new ApiObject(this, 'NetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: this.namespace, labels },
      spec: {
        podSelector: { matchLabels: { [INSTANCE_LABEL]: name } },
        policyTypes: ['Ingress', 'Egress'],
        // Nothing in; out, DNS and the Kubernetes API over HTTPS. The API server's addresses (the
        // EKS endpoint's network interfaces) are not known to a chart at synth time, so port 443 is
        // open to any address.
        egress: [
          dnsEgressRule(),
          { ports: [{ protocol: 'TCP', port: 443 }] },
        ],
      },
    });
    new ApiObject(this, 'ServiceAccount', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name, namespace: this.namespace, labels },
      automountServiceAccountToken: false,
    });
    new ApiObject(this, 'ClusterRole', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, labels },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'delete'] }],
    });
    new ApiObject(this, 'ClusterRoleBinding', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: this.namespace }],
    });
    new ApiObject(this, 'DeletePolicy', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name, labels },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['namespaces'] }] },
        matchConditions: [{ name: 'is-preview-janitor', expression: `request.userInfo.username == '${this.username}'` }],
        validations: [{
          expression: `has(oldObject.metadata.labels) && '${PREVIEW_LABEL}' in oldObject.metadata.labels && oldObject.metadata.labels['${PREVIEW_LABEL}'] == 'true' && '${PREVIEW_EXPIRY_LABEL}' in oldObject.metadata.labels`,
          message: 'the preview janitor may delete only namespaces labelled as previews with an expiry',
        }],
      },
    });
    new ApiObject(this, 'DeletePolicyBinding', {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name, labels },
      spec: { policyName: name, validationActions: ['Deny'] },
    });
    new ApiObject(this, 'CronJob', {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name, namespace: this.namespace, labels },
      spec: {
        schedule,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            activeDeadlineSeconds: 600,
            template: {
              metadata: { labels },
              spec: {
                serviceAccountName: name,
                // A platform component: not evicted for workloads (a missed sweep runs the next hour).
                priorityClassName: PRIORITY_CLASS.PLATFORM_CRITICAL,
                // The janitor talks to the Kubernetes API, so it needs its token (and nothing else).
                automountServiceAccountToken: true,
                restartPolicy: 'Never',
                securityContext: restrictedPodSecurityContext(65532),
                containers: [{
                  name: 'janitor',
                  image,
                  imagePullPolicy: 'Always',
                  command: ['/bin/sh', '-c', JANITOR_SCRIPT],
                  env: [{ name: 'HOME', value: '/tmp' }], // kubectl's cache, on the writable volume
                  resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
                  securityContext: restrictedContainerSecurityContext(),
                  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                }],
                volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
              },
            },
          },
        },
      },
    });
  }
}
