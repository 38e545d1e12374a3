/**
 * Scenario 1's baseline A (a child process of scripts/bench.ts): N services' Kubernetes objects
 * hand-built with cdk8s-plus-27 in one chart, one file, no checks: what a platform team writes by
 * hand for the library's defaults (scripts/bench.ts checks that both give the same objects).
 * Loads cdk8s, cdk8s-plus-27 and constructs only.
 * Usage: node -r ts-node/register/transpile-only scripts/bench/baseline-k8s.ts <N> <outdir>
 */
import { createHash } from 'crypto';
import * as path from 'path';
import { ApiObject, App, Chart, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { constructionDone, report, startClock } from './measure';

/** SHA-256 of the ConfigMap's data as sorted [key, value] pairs. */
const configChecksum = createHash('sha256').update(JSON.stringify([['LOG_LEVEL', 'info']])).digest('hex');

/** Adds N services' objects to a new chart of `app`. */
export function addServices(app: App, n: number): Chart {
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
      podMetadata: {
        labels,
        annotations: {
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': '8080',
          'prometheus.io/path': '/metrics',
          // Pods read the ConfigMap at start: its checksum on the template rolls them when it changes.
          'paved-road.dev/config-checksum': configChecksum,
        },
      },
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
        egress: [{
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        }],
      },
    });
  }
  return chart;
}

if (require.main === module) {
  startClock();
  const [nArg, outdir] = process.argv.slice(2);
  const app = new App({ outdir: path.join(outdir, 'dist') });
  addServices(app, Number(nArg));
  constructionDone();
  app.synth();
  report();
}
