import * as fs from 'fs';
import { Chart, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { EnvironmentClass, Workload, WorkloadProps } from '../../src';
import { schemaErrors } from '../k8s-schema';
import { find, prodStack } from '../util';

const IMAGE = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/web:1.2.3';

function synth(props: Partial<WorkloadProps> = {}, then?: (w: Workload, chart: Chart) => void): any[] {
  const chart = Testing.chart();
  const w = new Workload(chart, 'web', { name: 'web', namespace: 'shop', image: IMAGE, ...props });
  then?.(w, chart);
  return Testing.synth(chart);
}

describe('Workload', () => {
  test('the objects are valid against the Kubernetes schema', () => {
    const objects = synth({ env: [{ name: 'A', value: '1' }], exposure: {}, defaultHost: 'web.example.com', ingressFromCidrs: ['10.0.192.0/19'], secrets: [{ name: 'S', property: 's' }], secretName: 'acme/prod/web/app' });
    expect(objects.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'ExternalSecret', 'HorizontalPodAutoscaler', 'Ingress',
      'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('restricted security context, probes, graceful shutdown, spread and priority by default', () => {
    const pod = find(synth(), 'Deployment').spec.template.spec;
    const c = pod.containers[0];
    expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } });
    expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect([c.livenessProbe.httpGet.path, c.readinessProbe.httpGet.path, c.startupProbe.httpGet.path]).toEqual(['/healthz', '/readyz', '/healthz']);
    expect(c.lifecycle.preStop.exec.command).toEqual(['sleep', '10']);
    expect(pod.terminationGracePeriodSeconds).toBe(45);
    expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
    expect(pod.priorityClassName).toBe('workload-default');
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('spot: the pods tolerate the spot pool\'s taint and prefer its nodes; off by default', () => {
    const off = find(synth(), 'Deployment').spec.template.spec;
    expect(off.tolerations).toBeUndefined();
    expect(off.affinity).toBeUndefined();
    const objects = synth({ spot: true });
    const pod = find(objects, 'Deployment').spec.template.spec;
    expect(pod.tolerations).toEqual([{ key: 'paved-road.dev/spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' }]);
    // Preferred, not required: with no spot node free the pods run on on-demand nodes.
    expect(pod.affinity).toEqual({
      nodeAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, preference: { matchExpressions: [{ key: 'paved-road.dev/pool', operator: 'In', values: ['spot'] }] } }],
      },
    });
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('requests and limits follow the environment class unless set', () => {
    expect(find(synth(), 'Deployment').spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1024Mi' } });
    expect(find(synth({ environmentClass: EnvironmentClass.PREVIEW }), 'Deployment').spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '50m', memory: '64Mi' });
    expect(find(synth({ cpu: Cpu.millis(300), memory: Size.mebibytes(300) }), 'Deployment').spec.template.spec.containers[0].resources.requests).toEqual({ cpu: '300m', memory: '300Mi' });
  });

  test('autoscaled: HPA on CPU and memory, no replicas in the Deployment, PDB', () => {
    const objects = synth({ autoscaling: { minReplicas: 2, maxReplicas: 5 } });
    expect(find(objects, 'Deployment').spec.replicas).toBeUndefined();
    const hpa = find(objects, 'HorizontalPodAutoscaler').spec;
    expect([hpa.minReplicas, hpa.maxReplicas, hpa.metrics.map((m: any) => m.resource.name)]).toEqual([2, 5, ['cpu', 'memory']]);
    expect(find(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
  });

  test('fixed replicas: no HPA, and no PDB for a single replica', () => {
    const objects = synth({ replicas: 1 });
    expect(find(objects, 'Deployment').spec.replicas).toBe(1);
    expect(objects.filter((o) => ['HorizontalPodAutoscaler', 'PodDisruptionBudget'].includes(o.kind))).toEqual([]);
  });

  test('NetworkPolicy denies by default and allows DNS, the scraper, and connected peers', () => {
    const chart = Testing.chart();
    const web = new Workload(chart, 'web', { name: 'web', namespace: 'shop', image: IMAGE });
    const api = new Workload(chart, 'api', { name: 'api', namespace: 'core', image: IMAGE, port: 9000 });
    web.connectTo(api);
    const objects = Testing.synth(chart);
    const webPolicy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'web').spec;
    const apiPolicy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'api').spec;
    expect(webPolicy.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(webPolicy.egress[0].ports).toEqual([{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
    expect(webPolicy.egress[1]).toEqual({ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'core' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'api' } } }], ports: [{ protocol: 'TCP', port: 9000 }] });
    // No scraper rule without a scraper CIDR or namespace: the only way in is the connected peer.
    expect(apiPolicy.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'web' } } }], ports: [{ protocol: 'TCP', port: 9000 }] }]);
  });

  test('metrics on a port of their own: named container and Service port, ServiceMonitor scrapes it, scrapers let in by CIDR', () => {
    const objects = synth({ port: 8080, metrics: { port: 9090, serviceMonitor: true, scraperNamespace: 'monitoring', scraperCidrs: ['10.0.0.0/16'] } });
    expect(find(objects, 'Deployment').spec.template.spec.containers[0].ports).toEqual([
      { containerPort: 8080, name: 'http' }, { containerPort: 9090, name: 'metrics' },
    ]);
    expect(find(objects, 'Service').spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
    ]);
    expect(find(objects, 'ServiceMonitor').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    // The AMP collector's interfaces and the host-network CloudWatch agent come from the VPC; a pod-network scraper by namespace.
    expect(find(objects, 'NetworkPolicy').spec.ingress).toContainEqual({
      from: [{ ipBlock: { cidr: '10.0.0.0/16' } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 9090 }],
    });
    expect(schemaErrors(objects)).toEqual([]);
  });

  test('metrics on the container port: the ServiceMonitor scrapes port http and the container port stays unnamed', () => {
    const objects = synth({ metrics: { serviceMonitor: true, scraperCidrs: ['10.1.0.0/16'] } });
    expect(find(objects, 'Deployment').spec.template.spec.containers[0].ports).toEqual([{ containerPort: 8080 }]);
    expect(find(objects, 'Service').spec.ports).toHaveLength(1);
    expect(find(objects, 'ServiceMonitor').spec.endpoints[0].port).toBe('http');
    expect(find(objects, 'NetworkPolicy').spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '10.1.0.0/16' } }], ports: [{ protocol: 'TCP', port: 8080 }] }]);
  });

  test('the load balancer is admitted to an exposed workload only, from its subnets, on the container port only', () => {
    const lb = ['10.0.192.0/22', '10.0.196.0/22'];
    const exposed = find(synth({ exposure: {}, defaultHost: 'web.example.com', ingressFromCidrs: lb, port: 9000 }), 'NetworkPolicy').spec;
    expect(exposed.ingress).toContainEqual({ from: [{ ipBlock: { cidr: '10.0.192.0/22' } }, { ipBlock: { cidr: '10.0.196.0/22' } }], ports: [{ protocol: 'TCP', port: 9000 }] });
    // Every ingress rule names its port: nothing is open on all ports.
    expect(exposed.ingress.every((r: any) => r.ports?.length > 0)).toBe(true);
    // Not exposed: no address block is admitted at all, whatever CIDRs are given.
    const internal = find(synth({ ingressFromCidrs: lb }), 'NetworkPolicy').spec;
    expect((internal.ingress ?? []).filter((r: any) => r.from.some((f: any) => f.ipBlock))).toEqual([]);
  });

  test('usesIam (or the first grant of a ServiceApp) mounts an AWS-audience token (not the API token) and opens the Pod Identity agent and HTTPS', () => {
    const objects = synth({ usesIam: true });
    const pod = find(objects, 'Deployment').spec.template.spec;
    expect(find(objects, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toContainEqual({
      name: 'eks-pod-identity-token',
      projected: { sources: [{ serviceAccountToken: { audience: 'pods.eks.amazonaws.com', expirationSeconds: 86400, path: 'eks-pod-identity-token' } }] },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'eks-pod-identity-token', mountPath: '/var/run/secrets/pods.eks.amazonaws.com/serviceaccount', readOnly: true });
    expect(find(objects, 'NetworkPolicy').spec.egress.map((e: any) => e.to[0].ipBlock?.cidr).filter(Boolean)).toEqual(['169.254.170.23/32', '0.0.0.0/0']);
  });

  test('with IRSA the token has the STS audience where the IRSA webhook expects it', () => {
    const pod = find(synth({ irsaRoleArn: 'arn:aws:iam::123456789012:role/r', usesIam: true }), 'Deployment').spec.template.spec;
    expect(pod.volumes).toContainEqual({
      name: 'aws-iam-token',
      projected: { sources: [{ serviceAccountToken: { audience: 'sts.amazonaws.com', expirationSeconds: 86400, path: 'token' } }] },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'aws-iam-token', mountPath: '/var/run/secrets/eks.amazonaws.com/serviceaccount', readOnly: true });
  });

  test('exposure: ALB Ingress with HTTPS, redirect and ExternalDNS', () => {
    const ingress = find(synth({ exposure: { certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0' }, defaultHost: 'web.prod.example.com', ingressFromCidrs: ['10.0.192.0/19'] }), 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.spec.rules[0].host).toBe('web.prod.example.com');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'external-dns.alpha.kubernetes.io/hostname': 'web.prod.example.com',
      'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
    });
  });

  test('secrets come from an ExternalSecret, never as literal values', () => {
    const objects = synth({ secrets: [{ name: 'API_KEY', property: 'apiKey' }], secretName: 'acme/prod/web/app' });
    expect(find(objects, 'ExternalSecret').spec.data).toEqual([{ secretKey: 'API_KEY', remoteRef: { key: 'acme/prod/web/app', property: 'apiKey' } }]);
    expect(find(objects, 'Deployment').spec.template.spec.containers[0].env).toEqual([{ name: 'API_KEY', valueFrom: { secretKeyRef: { key: 'API_KEY', name: 'web-secrets' } } }]);
  });

  test('a changed env value changes the pod template (checksum annotation), so the Deployment rolls', () => {
    const annotations = (value: string) => find(synth({ env: [{ name: 'LOG_LEVEL', value }, { name: 'A', value: '1' }] }), 'Deployment').spec.template.metadata.annotations;
    const info = annotations('info');
    expect(info['paved-road.dev/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
    expect(annotations('debug')['paved-road.dev/config-checksum']).not.toBe(info['paved-road.dev/config-checksum']);
    expect(annotations('info')).toEqual(info); // deterministic
    expect(find(synth(), 'Deployment').spec.template.metadata.annotations['paved-road.dev/config-checksum']).toBeUndefined();
  });

  test('plain values that are not secrets pass: URLs without credentials, commit hashes, paths, booleans', () => {
    expect(() => synth({
      env: [
        { name: 'API_URL', value: 'https://api.example.com/v1/orders?limit=100&sort=desc&cursor=abc' },
        { name: 'GIT_SHA', value: '4f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39' },
        { name: 'TOKEN_FILE', value: '/var/run/secrets/token' },
        { name: 'REQUIRE_TOKEN', value: 'true' },
        { name: 'GREETING', value: 'Hello from the checkout service, version two' },
      ],
    })).not.toThrow();
  });

  test('two workloads in one chart: each NetworkPolicy gets its own copy of the DNS rule, written without YAML aliases', () => {
    const { app, stack } = prodStack();
    const chart = stack.addChart('pair', { namespace: 'shop' });
    new Workload(chart, 'a', { name: 'a', namespace: 'shop', image: IMAGE });
    new Workload(chart, 'b', { name: 'b', namespace: 'shop', image: IMAGE });
    const [a, b] = Testing.synth(chart).filter((o) => o.kind === 'NetworkPolicy');
    expect(a.spec.egress[0]).toEqual(b.spec.egress[0]);
    expect(a.spec.egress[0]).not.toBe(b.spec.egress[0]);
    const file = app.synth().charts.find((c) => c.name === 'prod-pair')!.file;
    expect(fs.readFileSync(file, 'utf-8')).not.toMatch(/[&*]a\d/);
  });

  describe('bad input', () => {
    test.each([
      ['an AWS access key ID', 'AKIAIOSFODNN7EXAMPLE'],
      ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
      ['a Slack token', 'xoxb-123456789012-abcdefghijkl'],
      ['a Stripe key', 'sk_live_abcdefghijklmnop1234'],
      ['a URL with a password in it', 'postgres://app:s3cr3t@db.internal:5432/orders'],
      ['a long high-entropy string', 'q8Zr2VxL0pTn4Wc7Ys1Kd9Fb3Hm6Gj5A'],
    ])('a plain env value with the shape of %s is refused, without printing it', (what, value) => {
      const attempt = () => synth({ env: [{ name: 'CONFIG_VALUE', value }] });
      expect(attempt).toThrow(new RegExp(`Workload 'test/web': 'env CONFIG_VALUE' .* looks like a secret \\(.*${what.split(' ').pop()}.*\\).*list it under secrets instead`));
      expect(attempt).not.toThrow(value);
    });

    test('a Secret added twice by one method is refused, naming the method', () => {
      expect(() => synth({}, (w) => {
        w.addEnvFromSecret('db');
        w.addSecretFiles('db'); // another method: allowed
        w.addEnvFromSecret('db');
      })).toThrow(/^Workload 'test\/web': 'secretName' \('db'\) is added twice by addEnvFromSecret\(\); add each Secret once/);
      expect(() => synth({}, (w) => {
        w.addSecretFiles('db');
        w.addSecretFiles('db');
      })).toThrow(/'secretName' \('db'\) is added twice by addSecretFiles\(\)/);
    });

    test('allowEgressTo() refuses what is not a CIDR block, at the call', () => {
      expect(() => synth({}, (w) => w.allowEgressTo('db.internal', 5432)))
        .toThrow(/^Workload 'test\/web': 'cidr' \('db.internal'\) is not a valid IPv4 CIDR block with its network address; use a block such as "10.0.0.0\/16"/);
      expect(() => synth({}, (w) => w.allowEgressTo('10.0.64.0/20', 0))).toThrow(/'port' \(0\) must be a whole number from 1 to 65535/);
    });

    test('metrics on port 80 are fine when that is the container port: one Service port', () => {
      const service = find(synth({ port: 80, metrics: { port: 80 } }), 'Service');
      expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 80, protocol: 'TCP' }]);
    });

    test('a plain env value whose name says it is a secret is refused', () => {
      expect(() => synth({ env: [{ name: 'DB_PASSWORD', value: 'correct-horse' }] })).toThrow(/'env DB_PASSWORD' .* looks like a secret \(its name 'DB_PASSWORD' says it is one\)/);
    });


    test.each([
      [{ image: 'repo/web' }, /Workload 'test\/web': 'image' \('repo\/web'\) has no tag or digest; pin an explicit version tag/],
      [{ image: 'repo/web:latest' }, /'image' \('repo\/web:latest'\) uses the tag 'latest'/],
      [{ image: 'Repo/Web:1' }, /'image' \('Repo\/Web:1'\) is not a valid image reference/],
      [{ name: 'Web' }, /'name' \('Web'\) is not a DNS-1123 label of at most 50 characters/],
      [{ port: 70000 }, /'port' \(70000\) must be a whole number from 1 to 65535/],
      [{ autoscaling: { minReplicas: 5, maxReplicas: 2 } }, /'autoscaling\.minReplicas' \(5\) must be <= 'autoscaling\.maxReplicas' \(2\); raise maxReplicas or lower minReplicas/],
      [{ cpu: Cpu.millis(0.5) }, /'cpu' \('0\.5m'\) is not a CPU quantity Kubernetes accepts/],
      [{ memory: Size.kibibytes(0) }, /'memory' \('0Ki'\) is not a memory quantity Kubernetes accepts/],
      [{ cpu: Cpu.millis(500), cpuLimit: Cpu.millis(200) }, /'cpuLimit' \('200m'\) is below the request 'cpu' \(500m\)/],
      [{ memory: Size.gibibytes(2), memoryLimit: Size.gibibytes(1) }, /'memoryLimit' \('1Gi'\) is below the request 'memory' \(2Gi\)/],
      [{ env: [{ name: '1BAD', value: 'x' }] }, /'env' \('1BAD'\) is not a valid environment variable name/],
      [{ secrets: [{ name: 'A', property: 'a' }] }, /'secretName' \(undefined\) is required when secrets are given/],
      [{ env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }, /'env' \('A'\) is set twice \(in env or secrets\)/],
      [{ env: [{ name: 'A', value: '1' }], secrets: [{ name: 'A', property: 'a' }], secretName: 's' }, /'secrets' \('A'\) is set twice/],
      [{ secrets: [{ name: 'api-key', property: 'a' }], secretName: 's' }, /'secrets' \('api-key'\) is not a valid environment variable name/],
      [{ secrets: [{ name: 'K', property: 'a b' }], secretName: 's' }, /'secrets K\.property' \('a b'\) is not a JSON property name/],
      [{ env: [{ name: 'N', value: 3 }] }, /'env N' \(3\) is not a string; give the value as a string/],
      [{ exposure: {} }, /'exposure\.host' \(undefined\) is required when there is no default host/],
      [{ exposure: {}, defaultHost: 'web.example.com' }, /Workload 'test\/web': 'ingressFromCidrs' \(\[\]\) is empty, so no NetworkPolicy admits the load balancer.*give the CIDRs of the subnets/],
      [{ exposure: {}, defaultHost: 'web.example.com', ingressFromCidrs: ['10.0.0.1/16'] }, /'ingressFromCidrs\[0\]' \('10\.0\.0\.1\/16'\) is not a valid IPv4 CIDR block/],
      // Free-text props (issue #17): each is checked where it is given.
      [{ namespace: 'kube-system' }, /^Workload 'test\/web': 'namespace' \('kube-system'\) is reserved for Kubernetes or the platform's add-ons/],
      [{ namespace: 'karpenter' }, /'namespace' \('karpenter'\) is reserved/],
      [{ replicas: 0 }, /^Workload 'test\/web': 'replicas' \(0\) switches the workload off, which this environment class does not allow \(production\); run at least one replica/],
      [{ cpu: Cpu.units(5) }, /^Workload 'test\/web': 'cpu' \('5'\) is above the largest CPU limit of a container in this environment class \(4000m, the namespace LimitRange's max\)/],
      [{ cpuLimit: Cpu.millis(4500) }, /'cpuLimit' \('4500m'\) is above the largest CPU limit/],
      [{ memoryLimit: Size.gibibytes(9) }, /^Workload 'test\/web': 'memoryLimit' \('9Gi'\) is above the largest memory limit of a container in this environment class \(8192Mi/],
      [{ environmentClass: EnvironmentClass.PREVIEW, memory: Size.gibibytes(3) }, /'memory' \('3Gi'\) is above the largest memory limit .*\(2048Mi/],
      [{ healthChecks: { livenessPath: 'healthz' } }, /^Workload 'test\/web': 'healthChecks.livenessPath' \('healthz'\) is not an HTTP path \(it must start with "\/"/],
      [{ healthChecks: { readinessPath: 'ready' } }, /'healthChecks.readinessPath' \('ready'\) is not an HTTP path/],
      [{ healthChecks: { startupPath: 'start up' } }, /'healthChecks.startupPath' \('start up'\) is not an HTTP path/],
      [{ metrics: { path: 'metrics' } }, /'metrics.path' \('metrics'\) is not an HTTP path/],
      [{ port: 8080, metrics: { port: 80 } }, /^Workload 'test\/web': 'metrics.port' \(80\) is the Service's own port \(80, to the container port 8080\), and a Service cannot list a port number twice; serve metrics on the container port \(leave metrics.port out\) or on another port, e.g. 9090/],
      [{ labels: { 'app.kubernetes.io/part-of': 'web shop' } }, /^Workload 'test\/web': 'labels.app.kubernetes.io\/part-of' \('web shop'\) is not a Kubernetes label value/],
      [{ exposure: { host: 'Web.Example.com' }, ingressFromCidrs: ['10.0.192.0/19'] }, /^Workload 'test\/web': 'exposure.host' \('Web.Example.com'\) is not a DNS host name/],
      [{ exposure: { groupName: 'Shop_ALB' }, defaultHost: 'web.example.com', ingressFromCidrs: ['10.0.192.0/19'] }, /'exposure.groupName' \('Shop_ALB'\) is not an ALB group name/],
      [{ irsaRoleArn: 'web-role' }, /^Workload 'test\/web': 'irsaRoleArn' \('web-role'\) is not the ARN of an IAM role or user/],
      [{ exposure: { certificateArn: 'my-cert' }, defaultHost: 'web.example.com', ingressFromCidrs: ['10.0.192.0/19'] }, /'exposure.certificateArn' \('my-cert'\) is not the ARN of an ACM certificate/],
    ])('%j fails', (props, message) => {
      expect(() => synth(props as any)).toThrow(message);
    });

    test('replicas: 0 is allowed where the class allows it; sizes at the class maximum are allowed', () => {
      expect(find(synth({ environmentClass: EnvironmentClass.DEVELOPMENT, replicas: 0 }), 'Deployment').spec.replicas).toBe(0);
      expect(() => synth({ cpu: Cpu.units(4), memory: Size.gibibytes(8) })).not.toThrow();
    });
  });
});
