import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as yaml from 'yaml';
import { assertLibCurrent } from '../../scripts/compile-lib';
import { EXAMPLES_DIR, exampleNames } from '../../scripts/golden';

// Issue #18: a platform deployed from the examples must run the examples' services. Over the YAML
// and Terraform of every example together, each custom kind, IngressClass, PriorityClass,
// StorageClass and secret store used is provided by the platform (a controller it installs, or an
// object it creates), and each ExternalSecret reads a Secrets Manager secret Terraform creates.

/** API groups built into Kubernetes (no controller to install). */
const BUILT_IN = /^(v1|apps\/v1|batch\/v1|policy\/v1|autoscaling\/v2|admissionregistration\.k8s\.io\/v1|networking\.k8s\.io\/v1|rbac\.authorization\.k8s\.io\/v1|scheduling\.k8s\.io\/v1|storage\.k8s\.io\/v1)$/;
/** API groups and the add-on Application (Helm release) whose chart installs their CRDs and controller. */
const GROUP_PROVIDERS: { [group: string]: string } = {
  'external-secrets.io': 'external-secrets',
  'generators.external-secrets.io': 'external-secrets',
  'karpenter.sh': 'karpenter',
  'karpenter.k8s.aws': 'karpenter',
};
/**
 * Prerequisites the platform YAML is applied by, not installed by it: Argo CD (the EKS Argo CD
 * capability or a one-time bootstrap, docs/ARCHITECTURE.md "Add-ons") serves its own kinds.
 */
const PREREQUISITES: { [group: string]: string } = { 'argoproj.io': 'Argo CD applies the platform YAML' };
interface Output { objects: any[]; terraform: any[] }

/** Runs an example's main.ts in its own process, on the compiled library as the CLIs do. */
function synthesize(name: string): Output {
  assertLibCurrent();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `provides-${name}-`));
  try {
    const tfOut = path.join(scratch, 'cdktf.out');
    const k8sOut = path.join(scratch, 'dist');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? scratch, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: tfOut, CDK8S_OUTDIR: k8sOut };
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], { cwd: path.join(EXAMPLES_DIR, name), env, encoding: 'utf-8' });
    if (run.status !== 0) {
      throw new Error(`examples/${name}/main.ts failed:\n${run.stderr}`);
    }
    const objects = fs.readdirSync(k8sOut).filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => yaml.parseAllDocuments(fs.readFileSync(path.join(k8sOut, f), 'utf-8')).map((d) => d.toJSON()).filter((o) => o));
    const stacks = path.join(tfOut, 'stacks');
    const terraform = fs.readdirSync(stacks).map((s) => JSON.parse(fs.readFileSync(path.join(stacks, s, 'cdk.tf.json'), 'utf-8')));
    return { objects, terraform };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function podSpecs(o: any): any[] {
  if (o.kind === 'Pod') return [o.spec];
  if (o.kind === 'CronJob') return [o.spec?.jobTemplate?.spec?.template?.spec];
  return o.spec?.template?.spec ? [o.spec.template.spec] : [];
}

describe('the platform provides everything the examples use', () => {
  const all: Output = { objects: [], terraform: [] };
  const byExample = new Map<string, Output>();
  beforeAll(() => {
    for (const name of exampleNames()) {
      const out = synthesize(name);
      byExample.set(name, out);
      all.objects.push(...out.objects);
      all.terraform.push(...out.terraform);
    }
  }, 600_000);
  const named = (kind: string) => new Set(all.objects.filter((o) => o.kind === kind).map((o) => o.metadata.name));
  const applications = () => all.objects.filter((o) => o.kind === 'Application');
  const tfResources = (type: string) => all.terraform.flatMap((t) => Object.values<any>(t.resource?.[type] ?? {}));

  test('every RDS instance has its five alarms, each notifying an alert topic the platform creates', () => {
    const topics = new Set(tfResources('aws_sns_topic').map((t) => t.name));
    const alarms = tfResources('aws_cloudwatch_metric_alarm');
    const instances = tfResources('aws_db_instance').map((i) => i.identifier);
    expect(instances.length).toBeGreaterThan(0);
    for (const identifier of instances) {
      const own = alarms.filter((a) => a.dimensions?.DBInstanceIdentifier === identifier);
      expect(own.map((a) => a.metric_name).sort()).toEqual(['CPUUtilization', 'DatabaseConnections', 'FreeStorageSpace', 'ReadLatency', 'WriteLatency']);
      const missing = own.flatMap((a) => [...a.alarm_actions, ...a.ok_actions]).map((arn: string) => arn.split(':').pop() ?? arn).filter((name: string) => !topics.has(name));
      expect(missing).toEqual([]);
    }
  });

  test('every team a service\'s alerts are labelled with has a topic on the cluster its environment runs on', () => {
    const topics = new Set(tfResources('aws_sns_topic').map((t) => t.name));
    const groups = tfResources('aws_prometheus_rule_group_namespace').flatMap((ns) => yaml.parse(ns.data).groups);
    const alerts = groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert);
    expect(alerts.length).toBeGreaterThan(0);
    // Topic of a team: <platform>-<cluster environment>-alerts-<team>; the rule group namespace names no cluster, so any environment's will do here.
    const teams = new Set<string>(alerts.map((r: any) => r.labels.team));
    expect([...teams].filter((t) => ![...topics].some((name) => name.endsWith(`-alerts-${t}`)))).toEqual([]);
  });

  test('every custom kind is served by a controller the platform installs (or by Argo CD, which applies it)', () => {
    const installed = new Set(applications().map((a) => a.spec.source.helm?.releaseName ?? a.metadata.name));
    const missing = all.objects
      .filter((o) => !BUILT_IN.test(o.apiVersion))
      .map((o) => ({ group: o.apiVersion.split('/')[0], what: `${o.apiVersion} ${o.kind} ${o.metadata.name}` }))
      .filter(({ group }) => !PREREQUISITES[group] && !installed.has(GROUP_PROVIDERS[group]))
      .map(({ what }) => what);
    expect(missing).toEqual([]);
    // Each Application belongs to an AppProject the platform YAML holds.
    expect(applications().filter((a) => !named('AppProject').has(a.spec.project)).map((a) => a.metadata.name)).toEqual([]);
  });

  test('every IngressClass named by an Ingress exists or is created by the installed load balancer controller', () => {
    const classes = named('IngressClass');
    for (const app of applications().filter((a) => a.spec.source.chart === 'aws-load-balancer-controller')) {
      const values = app.spec.source.helm.valuesObject;
      if (values.createIngressClassResource) classes.add(values.ingressClass);
    }
    const ingresses = all.objects.filter((o) => o.kind === 'Ingress');
    expect(ingresses.length).toBeGreaterThan(0);
    expect(ingresses.filter((i) => !classes.has(i.spec.ingressClassName)).map((i) => i.metadata.name)).toEqual([]);
  });

  test('every PriorityClass a pod or an add-on names exists; every volume claim has a StorageClass', () => {
    const priorities = named('PriorityClass');
    const used = [
      ...all.objects.flatMap(podSpecs).map((s) => s?.priorityClassName),
      ...applications().map((a) => a.spec.source.helm?.valuesObject?.priorityClassName),
    ].filter((p) => p !== undefined && !/^system-/.test(p));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((p) => !priorities.has(p))).toEqual([]);
    const storage = all.objects.filter((o) => o.kind === 'StorageClass');
    const claims = all.objects.flatMap((o) => [...(o.kind === 'PersistentVolumeClaim' ? [o.spec] : []), ...(o.spec?.volumeClaimTemplates ?? []).map((t: any) => t.spec)]);
    // A claim that names none gets the default class, which the platform defines: one per
    // environment (cluster) in each example (examples/platform and examples/dev-platform both hold the dev cluster).
    const isDefault = (c: any) => c.kind === 'StorageClass' && c.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
    expect(storage.filter(isDefault).length).toBeGreaterThan(0);
    for (const [name, output] of byExample) {
      const environments = output.objects.filter(isDefault).map((c) => c.metadata.labels?.['paved-road.dev/environment']);
      expect({ name, environments: new Set(environments).size }).toEqual({ name, environments: environments.length });
    }
    for (const claim of claims) {
      const wanted = claim.storageClassName;
      const ok = wanted === undefined
        ? storage.some((s) => s.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true')
        : storage.some((s) => s.metadata.name === wanted);
      expect({ claim: wanted ?? '(default)', ok }).toEqual({ claim: wanted ?? '(default)', ok: true });
    }
  });

  test('every Ingress host is a name in a zone the platform creates, covered by a certificate it creates', () => {
    const zones = tfResources('aws_route53_zone').map((z) => z.name as string);
    const certificates = tfResources('aws_acm_certificate').flatMap((c) => [c.domain_name, ...(c.subject_alternative_names ?? [])] as string[]);
    // A certificate name covers a host when equal, or when it is `*.<parent>` of the host (one label).
    const covered = (host: string) => certificates.some((n) => n === host || (n.startsWith('*.') && host.slice(host.indexOf('.') + 1) === n.slice(2)));
    const hosts = all.objects.filter((o) => o.kind === 'Ingress').flatMap((i) => (i.spec.rules ?? []).map((r: any) => r.host as string));
    expect(hosts.length).toBeGreaterThan(0);
    expect(hosts.filter((h) => !zones.some((z) => h.endsWith(`.${z}`)))).toEqual([]);
    expect(hosts.filter((h) => !covered(h))).toEqual([]);
  });

  test('one AWS account and one state bucket per platform environment across the examples (a preview is its host environment\'s)', () => {
    const accounts = new Map<string, Set<string>>();
    const buckets = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, key: string, value: string) => map.set(key, new Set([...map.get(key) ?? [], value]));
    for (const stack of all.terraform) {
      const tags = stack.provider.aws[0].default_tags[0].tags;
      const environment = `${tags['paved-road:platform']}/${String(tags['paved-road:environment']).replace(/-pr-\d+$/, '')}`;
      add(accounts, environment, stack.provider.aws[0].allowed_account_ids.join(','));
      const bucket = stack.terraform?.backend?.s3?.bucket;
      if (bucket) add(buckets, environment, bucket);
    }
    expect(accounts.size).toBeGreaterThan(1);
    const several = (map: Map<string, Set<string>>) => [...map].filter(([, values]) => values.size > 1).map(([env, values]) => `${env}: ${[...values].join(' ')}`);
    expect(several(accounts)).toEqual([]);
    expect(several(buckets)).toEqual([]);
  });

  test('every object is in a namespace its own cluster\'s YAML creates (a team\'s, from the platform, for app objects)', () => {
    // App repositories write into team namespaces, which the platform creates (addTeam): any platform
    // example's team namespace will do. Everything else (add-ons, Argo CD objects) must come with its
    // namespace in the same output, the same cluster.
    const teamNamespaces = new Set(all.objects.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['paved-road.dev/team']).map((o) => o.metadata.name));
    const missing: string[] = [];
    for (const [example, out] of byExample) {
      const own = new Set(out.objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
      for (const o of out.objects.filter((x) => x.metadata?.namespace)) {
        if (!own.has(o.metadata.namespace) && !teamNamespaces.has(o.metadata.namespace)) missing.push(`${example}: ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  test('every ServiceAccount, Secret and ConfigMap a pod names, every Ingress backend, HPA target and bound role exists', () => {
    const missing: string[] = [];
    for (const [example, out] of byExample) {
      const has = (kind: string, namespace: string | undefined, name: string) =>
        out.objects.some((o) => o.kind === kind && o.metadata.name === name && o.metadata.namespace === namespace);
      // A Secret an ExternalSecret writes counts as there (the operator creates it).
      const secret = (namespace: string, name: string) => has('Secret', namespace, name)
        || out.objects.some((o) => o.kind === 'ExternalSecret' && o.metadata.namespace === namespace && (o.spec.target?.name ?? o.metadata.name) === name);
      const need = (ok: boolean, what: string) => { if (!ok) missing.push(`${example}: ${what}`); };
      for (const o of out.objects) {
        const ns = o.metadata?.namespace;
        for (const spec of podSpecs(o).filter((x) => x)) {
          if (spec.serviceAccountName) need(has('ServiceAccount', ns, spec.serviceAccountName), `${o.kind} ${o.metadata.name}: ServiceAccount ${spec.serviceAccountName}`);
          for (const v of spec.volumes ?? []) {
            if (v.secret) need(secret(ns, v.secret.secretName), `${o.kind} ${o.metadata.name}: Secret ${v.secret.secretName}`);
            if (v.configMap) need(has('ConfigMap', ns, v.configMap.name), `${o.kind} ${o.metadata.name}: ConfigMap ${v.configMap.name}`);
          }
          for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
            for (const e of c.envFrom ?? []) {
              if (e.secretRef) need(secret(ns, e.secretRef.name), `${o.kind} ${o.metadata.name}: Secret ${e.secretRef.name}`);
              if (e.configMapRef) need(has('ConfigMap', ns, e.configMapRef.name), `${o.kind} ${o.metadata.name}: ConfigMap ${e.configMapRef.name}`);
            }
            for (const ref of (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef).filter((r: any) => r)) {
              need(secret(ns, ref.name), `${o.kind} ${o.metadata.name}: Secret ${ref.name}`);
            }
            for (const ref of (c.env ?? []).map((e: any) => e.valueFrom?.configMapKeyRef).filter((r: any) => r)) {
              need(has('ConfigMap', ns, ref.name), `${o.kind} ${o.metadata.name}: ConfigMap ${ref.name}`);
            }
          }
        }
        if (o.kind === 'Ingress') {
          for (const p of (o.spec.rules ?? []).flatMap((r: any) => r.http?.paths ?? [])) {
            need(has('Service', ns, p.backend.service.name), `Ingress ${o.metadata.name}: Service ${p.backend.service.name}`);
          }
        }
        if (o.kind === 'HorizontalPodAutoscaler') {
          need(has(o.spec.scaleTargetRef.kind, ns, o.spec.scaleTargetRef.name), `HPA ${o.metadata.name}: ${o.spec.scaleTargetRef.kind} ${o.spec.scaleTargetRef.name}`);
        }
        if (o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding') {
          const ref = o.roleRef;
          // admin, edit and view are Kubernetes' built-in ClusterRoles.
          const ok = ref.kind === 'ClusterRole' ? /^(admin|edit|view)$/.test(ref.name) || has('ClusterRole', undefined, ref.name) : has('Role', ns, ref.name);
          need(ok, `${o.kind} ${o.metadata.name}: ${ref.kind} ${ref.name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  test('every secret store and generator an ExternalSecret names exists', () => {
    const externalSecrets = all.objects.filter((o) => o.kind === 'ExternalSecret');
    expect(externalSecrets.length).toBeGreaterThan(0);
    const stores = named('ClusterSecretStore');
    const generators = named('Password');
    for (const es of externalSecrets) {
      if (es.spec.secretStoreRef) expect(stores.has(es.spec.secretStoreRef.name) ? es.spec.secretStoreRef.name : `missing store for ${es.metadata.name}`).toBe(es.spec.secretStoreRef.name);
      for (const ref of (es.spec.dataFrom ?? []).map((d: any) => d.sourceRef?.generatorRef).filter((g: any) => g)) {
        expect(generators.has(ref.name) ? ref.name : `missing generator for ${es.metadata.name}`).toBe(ref.name);
      }
    }
  });

  test("every ExternalSecret's Secrets Manager key is created in Terraform (or by RDS, for a database's master secret)", () => {
    const created = new Set(tfResources('aws_secretsmanager_secret').map((s) => s.name));
    const databases = new Set(tfResources('aws_db_instance').filter((d) => d.manage_master_user_password).map((d) => d.identifier));
    const missing: string[] = [];
    for (const es of all.objects.filter((o) => o.kind === 'ExternalSecret')) {
      const extracted = (es.spec.dataFrom ?? []).map((d: any) => d.extract?.key).filter((k: any) => k);
      const keys = [...(es.spec.data ?? []).map((d: any) => d.remoteRef.key), ...extracted];
      for (const key of keys) {
        if (!created.has(key)) missing.push(`${es.metadata.name}: ${key}`);
      }
      for (const tags of (es.spec.dataFrom ?? []).map((d: any) => d.find?.tags).filter((t: any) => t)) {
        const instance = String(tags['aws:rds:primaryDBInstanceArn'] ?? '').split(':db:')[1];
        if (!databases.has(instance)) missing.push(`${es.metadata.name}: master secret of ${instance}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
