/**
 * One benchmark run (a child process of scripts/bench.ts): synthesizes N services and prints
 * {"ms": <construct + synth>, "constructMs": <construct>, "rssMb": <peak resident set>} on its last line.
 * Usage: node -r ts-node/register/transpile-only scripts/bench/workloads.ts <mode> <N> <outdir>
 * Modes: library (N ServiceApps), baseline (the same Kubernetes objects by hand, cdk8s-plus-27, one
 * chart), baseline-tf (baseline plus each service's ECR repository and lifecycle policy by hand in
 * a cdktf stack with deep imports: the same work as the library minus its checks and file per service).
 */
import * as fs from 'fs';
import * as path from 'path';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ApiObject, App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { App as TfApp, TerraformStack } from 'cdktf';
import { EnvironmentClass, PlatformApp, PlatformStack, ServiceApp } from '../../src';

const [mode, nArg, outdir] = process.argv.slice(2);
const n = Number(nArg);
const started = process.hrtime.bigint();
let constructed = started;

if (mode === 'library') {
  const app = new PlatformApp({ terraformOutdir: path.join(outdir, 'cdktf.out'), kubernetesOutdir: path.join(outdir, 'dist'), quiet: true });
  const stack = new PlatformStack(app, 'bench', {
    platformName: 'acme', environmentClass: EnvironmentClass.PRODUCTION, account: '123456789012', region: 'eu-west-1', domain: 'bench.example.com',
  });
  for (let i = 0; i < n; i++) {
    new ServiceApp(stack, `svc-${i}`, { team: 'bench', imageTag: '1.0.0', env: [{ name: 'LOG_LEVEL', value: 'info' }] });
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
  // The same Kubernetes objects hand-built with cdk8s-plus-27 in one chart.
  const app = new App({ outdir: path.join(outdir, 'dist') });
  const chart = new Chart(app, 'bench', { namespace: 'bench', disableResourceNameHashes: true });
  for (let i = 0; i < n; i++) {
    const name = `svc-${i}`;
    const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name };
    const config = new kplus.ConfigMap(chart, `${name}-config`, { metadata: { name: `${name}-config` }, data: { LOG_LEVEL: 'info' } });
    const sa = new kplus.ServiceAccount(chart, `${name}-sa`, { metadata: { name }, automountToken: false });
    const dep = new kplus.Deployment(chart, `${name}-dep`, {
      metadata: { name, labels },
      podMetadata: { labels },
      serviceAccount: sa,
      select: false,
      containers: [{
        image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/${name}:1.0.0`,
        portNumber: 8080,
        envFrom: [kplus.Env.fromConfigMap(config)],
        resources: { cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.millis(1000) } },
        securityContext: { ensureNonRoot: true, user: 10001, readOnlyRootFilesystem: true },
        liveness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
        readiness: kplus.Probe.fromHttpGet('/readyz', { port: 8080 }),
      }],
    });
    dep.select(kplus.LabelSelector.of({ labels }));
    new kplus.Service(chart, `${name}-svc`, { metadata: { name }, selector: dep, ports: [{ port: 80, targetPort: 8080 }] });
    new kplus.HorizontalPodAutoscaler(chart, `${name}-hpa`, {
      metadata: { name },
      target: dep,
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(70))],
    });
    new ApiObject(chart, `${name}-pdb`, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } });
    new ApiObject(chart, `${name}-np`, {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name },
      spec: { podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] },
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
