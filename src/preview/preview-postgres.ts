import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { INSTANCE_LABEL, MANAGED_BY, MANAGED_BY_LABEL, NAME_LABEL, PRIORITY_CLASS, VERSION_LABEL } from '../private/contract';
import { propError } from '../private/errors';
import { generatedPasswordSecret } from '../private/generated-password';
import { dnsEgressRule, restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../private/k8s-policy';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { validateImage } from '../private/quantities';
import { requireDnsLabel, requireIntegerInRange } from '../private/validate';

const KIND = 'PreviewPostgres';
const UID = 70; // the postgres user of the official Alpine images

/**
 * Properties for `PreviewPostgres`.
 */
export interface PreviewPostgresProps {
  /** Namespace to run in; the database is gone with it. */
  readonly namespace: string;
  /**
   * Name of the StatefulSet, its Service (the host clients use) and its Secret prefix.
   * @default 'postgres'
   */
  readonly name?: string;
  /**
   * PostgreSQL image, pinned to a version tag or digest.
   * @default 'postgres:17.6-alpine'
   */
  readonly image?: string;
  /**
   * Name of the database and of its owner.
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * Space for the data, in MiB (an emptyDir: disposable by design).
   * @default 1024
   */
  readonly storageMib?: number;
  /**
   * Labels on every object.
   * @default - none besides the standard ones
   */
  readonly labels?: { [key: string]: string };
  /**
   * PriorityClass of the database pod.
   * @default 'preview-low' (defined by the platform baseline: evicted first, never preempts)
   */
  readonly priorityClassName?: string;
}

/** Runtime types of `PreviewPostgresProps` (src/private/prop-types.ts). */
const PREVIEW_POSTGRES_PROPS = propTypes('PreviewPostgresProps', {
  namespace: required(T.string),
  name: T.string,
  image: T.string,
  databaseName: T.string,
  storageMib: T.number,
  labels: T.stringMap,
  priorityClassName: T.string,
});

/**
 * A disposable PostgreSQL inside a namespace, for previews: a single-replica StatefulSet on an
 * emptyDir (gone with the namespace), restricted like every workload here (non-root, read-only
 * root filesystem, no capabilities, seccomp), a Service, a NetworkPolicy that admits only pods of
 * the namespace and allows no egress, and its credentials generated in the cluster by the External
 * Secrets Operator's `Password` generator, never written in YAML.
 *
 * Clients read `PGHOST`, `PGPORT`, `PGDATABASE`, `PGUSER` and `PGPASSWORD` from the Secret
 * `secretName`. Usable alone in any cdk8s `Chart`.
 */
export class PreviewPostgres extends Construct {
  /** The Service name clients connect to. */
  public readonly host: string;
  /** The port. */
  public readonly port: number = 5432;
  /** The Secret holding the PG* variables. */
  public readonly secretName: string;
  /** Labels that select the database's pods. */
  public readonly selector: { [key: string]: string };
  /** The namespace. */
  public readonly namespace: string;

  public constructor(scope: Construct, id: string, props: PreviewPostgresProps) {
    super(scope, id);
    checkProps(this, KIND, props, PREVIEW_POSTGRES_PROPS);
    this.namespace = requireDnsLabel(this, KIND, 'namespace', props.namespace);
    const name = this.host = requireDnsLabel(this, KIND, 'name', props.name ?? 'postgres', 40);
    const image = props.image ?? 'postgres:17.6-alpine';
    const version = validateImage(this, KIND, 'image', image);
    const database = props.databaseName ?? 'app';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) {
      throw propError(this, KIND, 'databaseName', database, 'is not a plain PostgreSQL identifier', 'use up to 63 lower-case letters, digits and "_", not starting with a digit');
    }
    const storage = requireIntegerInRange(this, KIND, 'storageMib', props.storageMib ?? 1024, 64, 102400);
    this.secretName = `${name}-credentials`;
    this.selector = { [NAME_LABEL]: 'postgres', [INSTANCE_LABEL]: name };
    const labels = { ...props.labels, ...this.selector, [VERSION_LABEL]: version, [MANAGED_BY_LABEL]: MANAGED_BY };
    const meta = (n: string) => ({ name: n, namespace: this.namespace, labels });

    // Generated once: a new password would lock the clients out.
    generatedPasswordSecret(this, 'PasswordGenerator', 'Credentials', {
      name: this.secretName,
      generatorName: `${name}-password`,
      namespace: this.namespace,
      labels,
      data: { PGHOST: name, PGPORT: String(this.port), PGDATABASE: database, PGUSER: database, PGPASSWORD: '{{ .password }}' },
    });

    const fromSecret = (key: string) => ({ valueFrom: { secretKeyRef: { name: this.secretName, key } } });
    const probe = (initialDelaySeconds: number) => ({
      exec: { command: ['pg_isready', '-U', database, '-d', database, '-h', '127.0.0.1'] },
      initialDelaySeconds,
      periodSeconds: 10,
      failureThreshold: 6,
    });
    new ApiObject(this, 'StatefulSet', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta(name),
      spec: {
        serviceName: name,
        replicas: 1,
        selector: { matchLabels: this.selector },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            priorityClassName: props.priorityClassName ?? PRIORITY_CLASS.PREVIEW_LOW,
            securityContext: restrictedPodSecurityContext(UID, { fsGroup: UID }),
            terminationGracePeriodSeconds: 30,
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: this.selector } }],
            containers: [{
              name: 'postgres',
              image,
              imagePullPolicy: 'Always',
              ports: [{ name: 'postgres', containerPort: this.port }],
              env: [
                { name: 'POSTGRES_USER', ...fromSecret('PGUSER') },
                { name: 'POSTGRES_PASSWORD', ...fromSecret('PGPASSWORD') },
                { name: 'POSTGRES_DB', ...fromSecret('PGDATABASE') },
                { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
              ],
              resources: {
                requests: { cpu: '100m', memory: '256Mi' },
                limits: { cpu: '500m', memory: '512Mi' },
              },
              securityContext: restrictedContainerSecurityContext({ runAsUser: UID }),
              readinessProbe: probe(5),
              livenessProbe: probe(30),
              volumeMounts: [
                { name: 'data', mountPath: '/var/lib/postgresql/data' },
                { name: 'run', mountPath: '/var/run/postgresql' },
                { name: 'tmp', mountPath: '/tmp' },
              ],
            }],
            volumes: [
              { name: 'data', emptyDir: { sizeLimit: `${storage}Mi` } },
              { name: 'run', emptyDir: { sizeLimit: '16Mi' } },
              { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } },
            ],
          },
        },
      },
    });
    new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(name),
      spec: { type: 'ClusterIP', selector: this.selector, ports: [{ name: 'postgres', port: this.port, targetPort: this.port, protocol: 'TCP' }] },
    });
    new ApiObject(this, 'NetworkPolicy', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(name),
      spec: {
        podSelector: { matchLabels: { [INSTANCE_LABEL]: name } },
        policyTypes: ['Ingress', 'Egress'],
        // Clients of its own namespace only; out, nothing but DNS.
        ingress: [{ from: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: this.port }] }],
        egress: [dnsEgressRule()],
      },
    });
  }
}
