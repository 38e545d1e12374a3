/**
 * One benchmark run (a child process of scripts/bench.ts): synthesizes N services and prints
 * {"ms": <construct + synth>, "constructMs": <construct>, "rssMb": <peak resident set>} on its last line.
 * Usage: node -r ts-node/register/transpile-only scripts/bench/workloads.ts <mode> <N> <outdir>
 * Modes:
 *   library-image  N ServiceApps deploying an image from an existing registry (`image`): the
 *                  Kubernetes objects of the baseline, one file per service, with the checks
 *   baseline       the same Kubernetes objects by hand, cdk8s-plus-27, one chart
 *   library        N ServiceApps with their own ECR repository (`imageTag`, the default)
 *   baseline-tf    baseline plus each service's ECR repository and lifecycle policy by hand in a
 *                  cdktf stack with deep imports: the same work as `library` minus its checks and
 *                  its file per service
 */
import * as fs from 'fs';
import * as path from 'path';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { App as TfApp, TerraformStack } from 'cdktf';
import { EnvironmentClass, PlatformApp, PlatformStack, ServiceApp } from '../../src';

const [mode, nArg, outdir] = process.argv.slice(2);
const n = Number(nArg);
const started = process.hrtime.bigint();
let constructed = started;

if (mode === 'library' || mode === 'library-image') {
  const app = new PlatformApp({ terraformOutdir: path.join(outdir, 'cdktf.out'), kubernetesOutdir: path.join(outdir, 'dist'), quiet: true });
  const stack = new PlatformStack(app, 'bench', {
    platformName: 'acme', environmentClass: EnvironmentClass.PRODUCTION, account: '123456789012', region: 'eu-west-1', domain: 'bench.example.com',
  });
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const image = mode === 'library' ? { imageTag: '1.0.0' } : { image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/${name}:1.0.0` };
    new ServiceApp(stack, name, { team: 'bench', ...image, env: [{ name: 'LOG_LEVEL', value: 'info' }] });
  }
  constructed = process.hrtime.bigint();
  app.synth();
} else {
  fs.mkdirSync(outdir, { recursive: true });
  const tfApp = mode === 'baseline-tf' ? new TfApp({ outdir: path.join(outdir, 'cdktf.out') }) : undefined;
  const tfStack = tfApp ? new TerraformStack(tfApp, 'bench') : undefined;
  if (tfStack) {
    new AwsProvider(tfStack, 'aws', { region: 'eu-west-1', allowedAccountIds: ['123456789012'] });
  }
  // The same Kubernetes objects hand-built with cdk8s-plus-27 in one chart: what a platform team
  // writes for the library's defaults (scripts/bench.ts checks that both give the same objects).
  const app = new App({ outdir: path.join(outdir, 'dist') });
  const chart = new Chart(app, 'bench', { namespace: 'bench', disableResourceNameHashes: true });
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
    const labels = {
      'app.kubernetes.io/part-of': 'bench',
      'paved-road.dev/team': 'bench',
      'paved-road.dev/environment': 'bench',
      ...selector,
      'app.kubernetes.io/version': '1.0.0',
      'app.kubernetes.io/managed-by': 'cdk-paved-road',
    };
    const metadata = (objectName: string) => ({ name: objectName, namespace: 'bench', labels });
    const config = new kplus.ConfigMap(chart, `${name}-config`, { metadata: metadata(`${name}-config`), data: { LOG_LEVEL: 'info' } });
    const sa = new kplus.ServiceAccount(chart, `${name}-sa`, { metadata: metadata(name), automountToken: false });
    const tmp = kplus.Volume.fromEmptyDir(chart, `${name}-tmp`, 'tmp', { sizeLimit: Size.mebibytes(256) });
    const dep = new kplus.Deployment(chart, `${name}-dep`, {
      metadata: metadata(name),
      podMetadata: { labels, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/metrics' } },
      select: false,
      spread: false,
      serviceAccount: sa,
      automountServiceAccountToken: false,
      terminationGracePeriod: Duration.seconds(45),
      securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 },
      strategy: kplus.DeploymentStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.percent(25),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      volumes: [tmp],
      containers: [{
        name,
        image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/${name}:1.0.0`,
        portNumber: 8080,
        envFrom: [kplus.Env.fromConfigMap(config)],
        resources: {
          cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.millis(1000) },
          memory: { request: Size.mebibytes(512), limit: Size.mebibytes(1024) },
        },
        securityContext: {
          ensureNonRoot: true, user: 10001, group: 10001, privileged: false, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
        },
        liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
        readiness: kplus.Probe.fromHttpGet('/readyz', { port: 8080, periodSeconds: Duration.seconds(5), failureThreshold: 3 }),
        startup: kplus.Probe.fromHttpGet('/healthz', { port: 8080, periodSeconds: Duration.seconds(10), failureThreshold: 6 }),
        lifecycle: { preStop: kplus.Handler.fromCommand(['sleep', '10']) },
        volumeMounts: [{ path: '/tmp', volume: tmp }],
      }],
    });
    dep.select(kplus.LabelSelector.of({ labels: selector }));
    const pod = ApiObject.of(dep);
    pod.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    pod.addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/capabilities', { drop: ['ALL'] }));
    pod.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'workload-default'));
    pod.addJsonPatch(JsonPatch.add('/spec/template/spec/topologySpreadConstraints', ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => (
      { maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }))));
    const svc = new kplus.Service(chart, `${name}-svc`, {
      metadata: metadata(name),
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: kplus.Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(selector)) {
      svc.selectLabel(key, value);
    }
    new kplus.HorizontalPodAutoscaler(chart, `${name}-hpa`, {
      metadata: metadata(name),
      target: dep,
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [
        kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70)),
        kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(80)),
      ],
    });
    new ApiObject(chart, `${name}-pdb`, {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: metadata(name),
      spec: { maxUnavailable: 1, selector: { matchLabels: selector } },
    });
    new ApiObject(chart, `${name}-np`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: metadata(name),
      spec: {
        podSelector: { matchLabels: { 'app.kubernetes.io/instance': name } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [{
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'amazon-cloudwatch' } } }],
          ports: [{ protocol: 'TCP', port: 8080 }],
        }],
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        }],
      },
    });
    if (tfStack) {
      const repo = new EcrRepository(tfStack, `${name}-repo`, {
        name: `acme/prod/${name}`,
        imageTagMutability: 'IMMUTABLE',
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfiguration: [{ encryptionType: 'KMS' }],
        forceDelete: false,
      });
      new EcrLifecyclePolicy(tfStack, `${name}-lifecycle`, {
        repository: repo.name,
        policy: JSON.stringify({
          rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }, action: { type: 'expire' } }],
        }),
      });
    }
  }
  constructed = process.hrtime.bigint();
  app.synth();
  tfApp?.synth();
}

const ms = (from: bigint, to: bigint) => Math.round(Number(to - from) / 1e6);
const done = process.hrtime.bigint();
const rssMb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify({ ms: ms(started, done), constructMs: ms(started, constructed), rssMb }));
