import { GuardrailContext, GuardrailSeverity, GuardrailSubject, GuardrailTarget, IGuardrailRule } from './guardrail';
import { EnvironmentClass } from '../core/environment-class';
import type { RuleContextUse } from '../private/engine/guardrail-evaluation';

type Check = (subject: GuardrailSubject, context: GuardrailContext) => boolean;

/** A rule defined by a function. @internal */
class FunctionRule implements IGuardrailRule {
  /** What the check reads of the context and of its subject: null for no context, undefined for anything. */
  public readonly _contextUse: RuleContextUse | null | undefined;

  public constructor(
    public readonly id: string,
    public readonly severity: GuardrailSeverity,
    public readonly target: GuardrailTarget,
    public readonly types: string[],
    public readonly description: string,
    public readonly fix: string,
    public readonly link: string,
    private readonly fn: Check,
    contextUse?: RuleContextUse,
  ) {
    // A check that takes no context parameter reads none; one that does and says what it reads is
    // evaluated against that; any other may read anything (src/private/engine/guardrail-evaluation.ts).
    this._contextUse = contextUse ?? (fn.length < 2 ? null : undefined);
  }

  public check(subject: GuardrailSubject, context: GuardrailContext): boolean {
    return this.fn(subject, context);
  }
}

const { ERROR, WARNING } = GuardrailSeverity;
const K8S = GuardrailTarget.KUBERNETES;
const TF = GuardrailTarget.TERRAFORM;

// ---------------------------------------------------------------- Kubernetes

const POD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod'];
const LONG_RUNNING = ['Deployment', 'StatefulSet', 'DaemonSet'];
const PSS = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted';

function podSpec(obj: any): any {
  switch (obj.kind) {
    case 'Pod': return obj.spec ?? {};
    case 'CronJob': return obj.spec?.jobTemplate?.spec?.template?.spec ?? {};
    default: return obj.spec?.template?.spec ?? {};
  }
}

function podLabels(obj: any): Record<string, string> {
  if (obj.kind === 'Pod') {
    return obj.metadata?.labels ?? {};
  }
  if (obj.kind === 'CronJob') {
    return obj.spec?.jobTemplate?.spec?.template?.metadata?.labels ?? {};
  }
  return obj.spec?.template?.metadata?.labels ?? {};
}

function containers(obj: any): any[] {
  const spec = podSpec(obj);
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

/** True when every container (or the pod, where the field may be set there) satisfies `test`. */
function everyContainer(obj: any, test: (c: any, pod: any) => boolean): boolean {
  const pod = podSpec(obj);
  return containers(obj).every((c) => test(c, pod));
}

function selects(selector: any, labels: Record<string, string>): boolean {
  if (!selector) {
    return false;
  }
  const match = selector.matchLabels ?? {};
  if ((selector.matchExpressions ?? []).length > 0) {
    return false; // not evaluated: treated as not selecting
  }
  return Object.entries(match).every(([k, v]) => labels[k] === v);
}

/**
 * An index over a context's subjects, built once per context and kind: rules that compare objects
 * look each other up in it instead of scanning (which would make them O(N^2)).
 */
const INDEXES = new WeakMap<GuardrailContext, Map<string, Map<string, GuardrailSubject[]>>>();
function indexOf(ctx: GuardrailContext, kind: string, keysOf: (o: GuardrailSubject) => string[]): Map<string, GuardrailSubject[]> {
  const byKind = INDEXES.get(ctx) ?? new Map<string, Map<string, GuardrailSubject[]>>();
  INDEXES.set(ctx, byKind);
  let index = byKind.get(kind);
  if (!index) {
    index = new Map();
    for (const o of ctx.subjects) {
      for (const key of keysOf(o)) {
        const list = index.get(key);
        if (list) {
          list.push(o);
        } else {
          index.set(key, [o]);
        }
      }
    }
    byKind.set(kind, index);
  }
  return index;
}

/** Subjects of a type in a namespace. */
function byTypeAndNamespace(ctx: GuardrailContext, type: string, namespace: string | undefined): GuardrailSubject[] {
  return indexOf(ctx, 'type', (o) => [`${o.type}|${o.values?.metadata?.namespace ?? ''}`]).get(`${type}|${namespace ?? ''}`) ?? [];
}

/** The HorizontalPodAutoscaler that scales a workload. */
function autoscalerOf(ctx: GuardrailContext, namespace: string | undefined, kind: string, name: string): GuardrailSubject | undefined {
  const index = indexOf(ctx, 'autoscaler', (o) => (o.type === 'HorizontalPodAutoscaler'
    ? [`${o.values.metadata?.namespace ?? ''}|${o.values.spec?.scaleTargetRef?.kind}|${o.values.spec?.scaleTargetRef?.name}`]
    : []));
  return index.get(`${namespace ?? ''}|${kind}|${name}`)?.[0];
}

/**
 * The PodDisruptionBudgets of a namespace that may select pods with these labels: those with no
 * matchLabels, and those whose first matchLabels pair the pods carry (each budget is indexed under
 * that one pair, so a lookup touches a handful of budgets, not all of them).
 */
function budgetCandidates(ctx: GuardrailContext, namespace: string | undefined, labels: Record<string, string>): GuardrailSubject[] {
  const index = indexOf(ctx, 'budget', (o) => {
    if (o.type !== 'PodDisruptionBudget') {
      return [];
    }
    const [first] = Object.entries<string>(o.values.spec?.selector?.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return [`${o.values.metadata?.namespace ?? ''}|${first ? `${first[0]}=${first[1]}` : '*'}`];
  });
  const ns = namespace ?? '';
  return [...(index.get(`${ns}|*`) ?? []), ...Object.entries(labels).flatMap(([k, v]) => index.get(`${ns}|${k}=${v}`) ?? [])];
}

const SECRET_NAME = /(passw(or)?d|secret|token|api[_-]?key|private[_-]?key|credential)/i;

function kubernetesRules(): IGuardrailRule[] {
  const pod = (id: string, severity: GuardrailSeverity, description: string, fix: string, link: string, fn: Check, types = POD_KINDS,
    contextUse?: RuleContextUse) => new FunctionRule(id, severity, K8S, types, description, fix, link, fn, contextUse);
  return [
    pod('PR-K8S-001', ERROR, 'Containers must run as a non-root user.',
      'set securityContext.runAsNonRoot: true (and a runAsUser other than 0) on the pod or every container.', PSS,
      (s) => everyContainer(s.values, (c, p) => (c.securityContext?.runAsNonRoot ?? p.securityContext?.runAsNonRoot) === true
        && (c.securityContext?.runAsUser ?? p.securityContext?.runAsUser) !== 0)),
    pod('PR-K8S-002', ERROR, 'Containers must not allow privilege escalation, nor run privileged.',
      'set securityContext.allowPrivilegeEscalation: false and leave privileged unset or false on every container.', PSS,
      (s) => everyContainer(s.values, (c) => c.securityContext?.allowPrivilegeEscalation === false && c.securityContext?.privileged !== true)),
    pod('PR-K8S-003', ERROR, 'Containers must drop all Linux capabilities.',
      'set securityContext.capabilities.drop: ["ALL"] on every container (add back only NET_BIND_SERVICE if needed).', PSS,
      (s) => everyContainer(s.values, (c) => (c.securityContext?.capabilities?.drop ?? []).includes('ALL')
        && (c.securityContext?.capabilities?.add ?? []).every((a: string) => a === 'NET_BIND_SERVICE'))),
    pod('PR-K8S-004', ERROR, 'Containers must have a read-only root filesystem.',
      'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes (e.g. /tmp).',
      'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/',
      (s) => everyContainer(s.values, (c) => c.securityContext?.readOnlyRootFilesystem === true)),
    pod('PR-K8S-005', ERROR, 'Pods must use the RuntimeDefault (or a Localhost) seccomp profile.',
      'set securityContext.seccompProfile.type: RuntimeDefault on the pod.', PSS,
      (s) => everyContainer(s.values, (c, p) => ['RuntimeDefault', 'Localhost'].includes(c.securityContext?.seccompProfile?.type ?? p.securityContext?.seccompProfile?.type))),
    pod('PR-K8S-006', ERROR, 'Containers must set CPU and memory requests and a memory limit.',
      'set resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container.',
      'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/',
      (s) => everyContainer(s.values, (c) => c.resources?.requests?.cpu !== undefined && c.resources?.requests?.memory !== undefined
        && c.resources?.limits?.memory !== undefined)),
    pod('PR-K8S-007', WARNING, 'Long-running containers should have liveness and readiness probes.',
      'add livenessProbe and readinessProbe to every container of Deployments, StatefulSets and DaemonSets.',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
      (s) => (podSpec(s.values).containers ?? []).every((c: any) => c.livenessProbe && c.readinessProbe), LONG_RUNNING),
    pod('PR-K8S-008', ERROR, 'Images must be pinned to a version tag or a digest, never `latest` or no tag.',
      'use image: <repository>:<version> or <repository>@sha256:<digest>.',
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      (s) => containers(s.values).every((c) => {
        const image: string = c.image ?? '';
        if (/@sha256:[a-f0-9]{64}$/.test(image)) {
          return true;
        }
        const last = image.split('/').pop() ?? '';
        return last.includes(':') && last.split(':').pop() !== 'latest';
      })),
    pod('PR-K8S-009', ERROR, 'Pods must not share the host network, PID or IPC namespace.',
      'remove hostNetwork, hostPID and hostIPC (or set them false).', PSS,
      (s) => { const p = podSpec(s.values); return p.hostNetwork !== true && p.hostPID !== true && p.hostIPC !== true; }),
    pod('PR-K8S-010', ERROR, 'Pods must not mount hostPath volumes.',
      'use an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim instead.', PSS,
      (s) => (podSpec(s.values).volumes ?? []).every((v: any) => v.hostPath === undefined)),
    pod('PR-K8S-011', ERROR, 'Containers must not bind host ports.',
      'remove hostPort; expose the container through a Service.', PSS,
      (s) => containers(s.values).every((c) => (c.ports ?? []).every((p: any) => p.hostPort === undefined || p.hostPort === 0))),
    pod('PR-K8S-012', WARNING, 'Workloads with two or more replicas should have a PodDisruptionBudget.',
      'add a PodDisruptionBudget selecting the pods (ServiceApp and Workload add one from 2 replicas).',
      'https://kubernetes.io/docs/tasks/run-application/configure-pdb/',
      (s, ctx) => {
        const obj = s.values;
        const ns = obj.metadata?.namespace;
        const hpa = autoscalerOf(ctx, ns, obj.kind, obj.metadata?.name);
        const replicas = hpa ? hpa.values.spec?.minReplicas ?? 1 : obj.spec?.replicas ?? 1;
        if (replicas < 2) {
          return true;
        }
        const labels = podLabels(obj);
        return budgetCandidates(ctx, ns, labels).some((o) => selects(o.values.spec?.selector, labels));
      }, ['Deployment', 'StatefulSet'], {
        // What the check above, autoscalerOf() and budgetCandidates() read.
        contextFacts: {
          HorizontalPodAutoscaler: (v) => ({
            metadata: { namespace: v.metadata?.namespace },
            spec: { scaleTargetRef: v.spec?.scaleTargetRef, minReplicas: v.spec?.minReplicas },
          }),
          PodDisruptionBudget: (v) => ({ metadata: { namespace: v.metadata?.namespace }, spec: { selector: v.spec?.selector } }),
        },
        subjectFacts: (v) => ({
          kind: v.kind,
          metadata: { namespace: v.metadata?.namespace, name: v.metadata?.name },
          spec: { replicas: v.spec?.replicas, template: { metadata: { labels: v.spec?.template?.metadata?.labels } } },
        }),
      }),
    new FunctionRule('PR-K8S-013', ERROR, K8S, ['Namespace'], 'Every namespace must be covered by a NetworkPolicy.',
      'add a default-deny NetworkPolicy to the namespace (TeamNamespace and PreviewEnvironment do).',
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies',
      (s, ctx) => byTypeAndNamespace(ctx, 'NetworkPolicy', s.values.metadata?.name).length > 0, {
        // What the check above and byTypeAndNamespace() read.
        contextFacts: { NetworkPolicy: (v) => ({ metadata: { namespace: v.metadata?.namespace } }) },
        subjectFacts: (v) => ({ metadata: { name: v.metadata?.name } }),
      }),
    new FunctionRule('PR-K8S-014', ERROR, K8S, ['ConfigMap', ...POD_KINDS], 'Secrets must not be written in ConfigMaps or literal environment values.',
      'keep the value in AWS Secrets Manager and read it through an ExternalSecret (ServiceApp `secrets`).',
      'https://kubernetes.io/docs/concepts/security/secrets-good-practices/',
      (s) => {
        if (s.type === 'ConfigMap') {
          return Object.entries<any>(s.values.data ?? {}).every(([k, v]) => !SECRET_NAME.test(k) || v === '');
        }
        return containers(s.values).every((c) => (c.env ?? []).every((e: any) => e.value === undefined || e.value === '' || !SECRET_NAME.test(e.name)));
      }),
    new FunctionRule('PR-K8S-015', ERROR, K8S, ['RoleBinding', 'ClusterRoleBinding'], 'Nothing may be bound to cluster-admin.',
      'bind a Role with only the verbs and resources needed.',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      (s) => s.values.roleRef?.name !== 'cluster-admin'),
    new FunctionRule('PR-K8S-016', ERROR, K8S, ['Role', 'ClusterRole'], 'Roles must not grant exec, attach or port-forward into pods.',
      'remove pods/exec, pods/attach and pods/portforward (and wildcard resources) from the rules.',
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
      (s) => (s.values.rules ?? []).every((r: any) => !(r.resources ?? []).some((res: string) => ['pods/exec', 'pods/attach', 'pods/portforward', '*'].includes(res))
        || !(r.verbs ?? []).some((v: string) => ['create', 'get', '*'].includes(v)))),
  ];
}

// ---------------------------------------------------------------- AWS (Terraform)

const FSBP = 'https://docs.aws.amazon.com/securityhub/latest/userguide';
const first = (x: any): any => (Array.isArray(x) ? x[0] : x) ?? {};
const isProduction = (s: GuardrailSubject) => s.environmentClass === undefined || s.environmentClass === EnvironmentClass.PRODUCTION;
const ref = (type: string, s: GuardrailSubject) => `\${${type}.${s.address.split('.').slice(1).join('.')}.id}`;

/** A JSON string's value; undefined when it is no JSON (e.g. a Terraform expression). */
const parsedJson = (x: unknown): any => {
  try {
    return typeof x === 'string' ? JSON.parse(x) : undefined;
  } catch {
    return undefined;
  }
};

function statements(policy: unknown): any[] | undefined {
  const doc = parsedJson(policy);
  if (doc === undefined || doc === null) {
    return undefined; // a reference to a data source: not checkable here
  }
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}
const asList = (x: unknown): any[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function portsCover(from: number | undefined, to: number | undefined, protocol: string | undefined, port: number): boolean {
  if (protocol === '-1' || protocol === 'all') {
    return true;
  }
  return from !== undefined && to !== undefined && from <= port && port <= to;
}
const ADMIN_PORTS = [22, 3389];
const OPEN = ['0.0.0.0/0', '::/0'];

function awsRules(): IGuardrailRule[] {
  const rule = (id: string, severity: GuardrailSeverity, types: string[], description: string, fix: string, link: string, fn: Check) =>
    new FunctionRule(id, severity, TF, types, description, fix, link, fn);
  return [
    rule('PR-AWS-EKS-001', ERROR, ['aws_eks_cluster'], 'The EKS API endpoint must be private, or public only to listed CIDR blocks.',
      'set vpc_config.endpoint_public_access false (EksControlPlane default) or give publicAccessCidrs without 0.0.0.0/0.', `${FSBP}/eks-controls.html#eks-1`,
      (s) => {
        const v = first(s.values.vpc_config);
        const cidrs = asList(v.public_access_cidrs);
        return v.endpoint_public_access === false || (cidrs.length > 0 && !cidrs.some((c: string) => OPEN.includes(c)));
      }),
    rule('PR-AWS-EKS-002', ERROR, ['aws_eks_cluster'], 'EKS control-plane logging must be on for all five log types.',
      'set enabled_cluster_log_types to api, audit, authenticator, controllerManager and scheduler.', `${FSBP}/eks-controls.html#eks-8`,
      (s) => ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'].every((t) => asList(s.values.enabled_cluster_log_types).includes(t))),
    rule('PR-AWS-EKS-003', ERROR, ['aws_eks_cluster'], 'Kubernetes secrets must be envelope-encrypted with a KMS key.',
      'set encryption_config with resources ["secrets"] and a customer-managed key.', `${FSBP}/eks-controls.html#eks-3`,
      (s) => asList(s.values.encryption_config).some((e: any) => asList(e.resources).includes('secrets') && first(e.provider).key_arn)),
    rule('PR-AWS-EKS-004', ERROR, ['aws_eks_addon'], 'The VPC CNI add-on must enforce Kubernetes NetworkPolicies (off unless enabled).',
      'set configuration_values to {"enableNetworkPolicy":"true"} on the vpc-cni add-on (PlatformCluster does), or suppress with the policy engine you run instead.',
      'https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html',
      (s) => s.values.addon_name !== 'vpc-cni' || parsedJson(s.values.configuration_values)?.enableNetworkPolicy === 'true'),
    rule('PR-AWS-RDS-001', ERROR, ['aws_db_instance', 'aws_rds_cluster'], 'RDS storage must be encrypted.',
      'set storage_encrypted true with a KMS key (PostgresDatabase does).', `${FSBP}/rds-controls.html#rds-3`,
      (s) => s.values.storage_encrypted === true),
    rule('PR-AWS-RDS-002', ERROR, ['aws_db_instance'], 'RDS instances must not be publicly accessible.',
      'set publicly_accessible false and place the instance in isolated subnets.', `${FSBP}/rds-controls.html#rds-2`,
      (s) => s.values.publicly_accessible !== true),
    rule('PR-AWS-RDS-003', ERROR, ['aws_db_instance', 'aws_rds_cluster'], 'RDS must keep automated backups (at least 7 days in production).',
      'set backup_retention_period (PostgresDatabase: backupRetentionDays).', `${FSBP}/rds-controls.html#rds-11`,
      (s) => { const days = s.values.backup_retention_period ?? 1; return days >= (isProduction(s) ? 7 : 1); }),
    rule('PR-AWS-RDS-004', WARNING, ['aws_db_instance', 'aws_rds_cluster'], 'RDS should allow IAM database authentication.',
      'set iam_database_authentication_enabled true.', `${FSBP}/rds-controls.html#rds-10`,
      (s) => s.values.iam_database_authentication_enabled === true),
    rule('PR-AWS-RDS-005', WARNING, ['aws_db_instance'], 'Performance Insights should be on and encrypted with a KMS key.',
      'set performance_insights_enabled true and performance_insights_kms_key_id.', `${FSBP}/rds-controls.html`,
      (s) => s.values.performance_insights_enabled === true && !!s.values.performance_insights_kms_key_id),
    rule('PR-AWS-RDS-006', ERROR, ['aws_db_instance', 'aws_rds_cluster'], 'Production databases must have deletion protection.',
      'set deletion_protection true (the PostgresDatabase default in production and staging).', `${FSBP}/rds-controls.html#rds-8`,
      (s) => !isProduction(s) || s.values.deletion_protection === true),
    rule('PR-AWS-RDS-007', ERROR, ['aws_db_instance'], 'Production databases must be Multi-AZ.',
      'set multi_az true (the PostgresDatabase default in production and staging).', `${FSBP}/rds-controls.html#rds-5`,
      (s) => !isProduction(s) || s.values.multi_az === true),
    rule('PR-AWS-ECR-001', ERROR, ['aws_ecr_repository'], 'ECR repositories must scan images on push.',
      'set image_scanning_configuration.scan_on_push true.', `${FSBP}/ecr-controls.html#ecr-1`,
      (s) => first(s.values.image_scanning_configuration).scan_on_push === true),
    rule('PR-AWS-ECR-002', ERROR, ['aws_ecr_repository'], 'ECR repositories must have immutable tags.',
      'set image_tag_mutability IMMUTABLE.', `${FSBP}/ecr-controls.html#ecr-2`,
      (s) => s.values.image_tag_mutability === 'IMMUTABLE'),
    rule('PR-AWS-ECR-003', WARNING, ['aws_ecr_repository'], 'ECR repositories should be encrypted with KMS.',
      'set encryption_configuration.encryption_type KMS.', `${FSBP}/ecr-controls.html`,
      (s) => first(s.values.encryption_configuration).encryption_type === 'KMS'),
    rule('PR-AWS-VPC-001', ERROR, ['aws_vpc'], 'VPCs must have flow logs.',
      'add an aws_flow_log for the VPC (PlatformNetwork does unless flowLogs is false).', `${FSBP}/ec2-controls.html#ec2-6`,
      (s, ctx) => ctx.subjects.some((o) => o.type === 'aws_flow_log' && o.values.vpc_id === ref('aws_vpc', s))),
    rule('PR-AWS-VPC-002', WARNING, ['aws_vpc'], 'The default security group of a VPC should allow no traffic.',
      'manage it with an aws_default_security_group that has no rules (PlatformNetwork does).', `${FSBP}/ec2-controls.html#ec2-2`,
      (s, ctx) => ctx.subjects.some((o) => o.type === 'aws_default_security_group' && o.values.vpc_id === ref('aws_vpc', s)
        && asList(o.values.ingress).length === 0 && asList(o.values.egress).length === 0)),
    rule('PR-AWS-VPC-003', ERROR, ['aws_subnet'], 'Subnets must not give public IPs on launch.',
      'leave map_public_ip_on_launch unset or false; use load balancers and NAT for public traffic.', `${FSBP}/ec2-controls.html#ec2-15`,
      (s) => s.values.map_public_ip_on_launch !== true),
    rule('PR-AWS-KMS-001', ERROR, ['aws_kms_key'], 'Symmetric KMS keys must rotate.',
      'set enable_key_rotation true (EncryptionKey does).', `${FSBP}/kms-controls.html#kms-4`,
      (s) => s.values.enable_key_rotation === true || (s.values.customer_master_key_spec ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT'),
    rule('PR-AWS-IAM-001', ERROR, ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'],
      'IAM policies must not allow wildcard actions (`*` or `service:*`) or use NotAction with Allow.',
      'name the actions the principal needs (ServiceApp grant methods do).', `${FSBP}/iam-controls.html#iam-1`,
      (s) => (statements(s.values.policy) ?? []).every((st: any) => st.Effect !== 'Allow'
        || (st.NotAction === undefined && asList(st.Action).every((a: string) => a !== '*' && !a.endsWith(':*'))))),
    rule('PR-AWS-IAM-002', ERROR, ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment'],
      'Administrator-level managed policies must not be attached.',
      'attach a least-privilege policy instead of AdministratorAccess, PowerUserAccess or IAMFullAccess.', `${FSBP}/iam-controls.html#iam-1`,
      (s) => !/:policy\/(AdministratorAccess|PowerUserAccess|IAMFullAccess)$/.test(String(s.values.policy_arn ?? ''))),
    rule('PR-AWS-IAM-003', ERROR, ['aws_iam_role'], 'Roles must not trust everyone or a whole account without a condition.',
      'trust a service principal or named roles; a whole account only with a condition such as sts:ExternalId or aws:PrincipalArn.',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
      (s) => (statements(s.values.assume_role_policy) ?? []).every((st: any) => {
        if (st.Effect !== 'Allow') {
          return true;
        }
        const principals = st.Principal === '*' ? ['*'] : asList(st.Principal?.AWS);
        return !principals.some((p: string) => p === '*' || /:root$/.test(p) || /^\d{12}$/.test(p)) || st.Condition !== undefined;
      })),
    rule('PR-AWS-SG-001', ERROR, ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule'],
      'Security groups must not admit 0.0.0.0/0 or ::/0 to administration ports (22, 3389) or to all ports.',
      'admit only the CIDR blocks or security groups that need access.', `${FSBP}/ec2-controls.html#ec2-13`,
      (s) => {
        const v = s.values;
        const open = (cidrs: string[]) => cidrs.some((c) => OPEN.includes(c));
        const bad = (from: number | undefined, to: number | undefined, protocol: string | undefined) =>
          ADMIN_PORTS.some((p) => portsCover(from, to, protocol, p));
        if (s.type === 'aws_security_group') {
          return asList(v.ingress)
            .every((r: any) => !(open([...asList(r.cidr_blocks), ...asList(r.ipv6_cidr_blocks)]) && bad(r.from_port, r.to_port, r.protocol)));
        }
        if (s.type === 'aws_security_group_rule') {
          const cidrs = [...asList(v.cidr_blocks), ...asList(v.ipv6_cidr_blocks)];
          return v.type !== 'ingress' || !(open(cidrs) && bad(v.from_port, v.to_port, v.protocol));
        }
        return !(open([v.cidr_ipv4, v.cidr_ipv6].filter(Boolean)) && bad(v.from_port, v.to_port, v.ip_protocol));
      }),
    rule('PR-AWS-SG-002', WARNING, ['aws_security_group', 'aws_security_group_rule', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
      'Security groups and their rules should be described.',
      'set description on the group and on every rule, saying who may connect and why.', 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html',
      (s) => {
        const described = (x: any) => typeof x?.description === 'string' && x.description.trim() !== '' && x.description !== 'Managed by Terraform';
        if (s.type === 'aws_security_group') {
          return described(s.values) && [...asList(s.values.ingress), ...asList(s.values.egress)].every(described);
        }
        return described(s.values);
      }),
  ];
}

/**
 * The built-in rule packs.
 */
export class GuardrailPacks {
  /** Pod Security Standards "restricted" and Kubernetes best practice. */
  public static kubernetes(): IGuardrailRule[] {
    return kubernetesRules();
  }

  /** CIS EKS Benchmark and AWS Foundational Security Best Practices, on the Terraform JSON. */
  public static aws(): IGuardrailRule[] {
    return awsRules();
  }

  /** Both packs. */
  public static all(): IGuardrailRule[] {
    return [...kubernetesRules(), ...awsRules()];
  }
}
