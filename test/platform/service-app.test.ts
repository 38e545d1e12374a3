import { EncryptionKey, EnvironmentClass, PlatformCluster, PlatformStack, ServiceApp } from '../../src';
import { schemaErrors } from '../k8s-schema';
import { find, PROD_PROPS, prodStack, resources, synthAll } from '../util';

describe('ServiceApp', () => {
  test('yields an ECR repository and a Deployment of its URL at the tag, in a chart of its own', () => {
    const { app, stack } = prodStack();
    new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.4.2' });
    const { result, tf, k8s } = synthAll(app);
    const repo = resources(tf.prod, 'aws_ecr_repository')[0];
    expect(repo).toMatchObject({
      name: 'acme/prod/checkout',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      // Production: the environment's customer-managed key, not aws/ecr.
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: expect.stringMatching(/^\$\{aws_kms_key\.ImageKey_[0-9A-F]+\.arn\}$/) }],
      tags: { 'paved-road:team': 'shop', 'paved-road:service': 'checkout' },
    });
    expect(JSON.parse(resources(tf.prod, 'aws_ecr_lifecycle_policy')[0].policy).rules[1].selection.countNumber).toBe(30);
    expect(result.charts.map((c) => c.name)).toEqual(['prod-checkout']);
    const dep = find(k8s, 'Deployment', 'checkout');
    expect(dep.metadata.namespace).toBe('shop');
    expect(dep.spec.template.spec.containers[0].image).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/checkout:1.4.2');
    expect(dep.metadata.labels).toMatchObject({ 'app.kubernetes.io/version': '1.4.2', 'app.kubernetes.io/part-of': 'shop', 'paved-road.dev/team': 'shop', 'paved-road.dev/environment': 'prod' });
    expect(schemaErrors(k8s)).toEqual([]);
    expect(resources(tf.prod, 'aws_iam_role')).toEqual([]); // no grant, no role, no token
    expect(dep.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  test('GIVEN secrets THEN the service creates the Secrets Manager secret its ExternalSecret reads, with no value in Terraform', () => {
    const { app, stack } = prodStack();
    const key = new EncryptionKey(stack, 'Key', { alias: 'acme-prod/apps', purpose: 'app secrets', account: '123456789012', partition: 'aws' });
    new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.4.2', secrets: [{ name: 'STRIPE_API_KEY', property: 'stripeApiKey' }], secretEncryptionKey: key });
    new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1.0.0' });
    const { tf, k8s } = synthAll(app);
    const secrets = resources(tf.prod, 'aws_secretsmanager_secret');
    expect(secrets).toHaveLength(1); // orders declares no secrets
    const es = find(k8s, 'ExternalSecret', 'checkout-secrets');
    expect(secrets[0].name).toBe(es.spec.data[0].remoteRef.key);
    expect(secrets[0]).toMatchObject({ name: 'acme/prod/checkout/app', recovery_window_in_days: 30, tags: { 'paved-road:service': 'checkout' } });
    expect(secrets[0].kms_key_id).toMatch(/aws_kms_key\..*\.arn/);
    expect(resources(tf.prod, 'aws_secretsmanager_secret_version')).toEqual([]);
  });

  test('a grant creates a least-privilege role bound through Pod Identity and mounts the token', () => {
    const { app, stack } = prodStack();
    const svc = new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.4.2' });
    const grant = svc.grantSqsSend('arn:aws:sqs:eu-west-1:123456789012:q');
    // The grant says who got what, as aws-cdk's grant*() do.
    expect(grant).toEqual({
      principalArn: 'arn:aws:iam::123456789012:role/acme-prod-checkout',
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resourceArns: ['arn:aws:sqs:eu-west-1:123456789012:q'],
    });
    expect(svc.grantS3Read('arn:aws:s3:::b').resourceArns).toEqual(['arn:aws:s3:::b', 'arn:aws:s3:::b/*']);
    const { tf, k8s } = synthAll(app);
    expect(resources(tf.prod, 'aws_iam_role')[0]).toMatchObject({ name: 'acme-prod-checkout' });
    expect(JSON.parse(resources(tf.prod, 'aws_iam_role')[0].assume_role_policy).Statement[0].Principal).toEqual({ Service: 'pods.eks.amazonaws.com' });
    expect(JSON.parse(resources(tf.prod, 'aws_iam_role_policy')[0].policy).Statement[0]).toMatchObject({ Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], Resource: ['arn:aws:sqs:eu-west-1:123456789012:q'] });
    expect(resources(tf.prod, 'aws_eks_pod_identity_association')[0]).toMatchObject({ cluster_name: 'acme-prod', namespace: 'shop', service_account: 'checkout' });
    expect(find(k8s, 'Deployment').spec.template.spec.volumes.map((v: any) => v.name)).toContain('eks-pod-identity-token');
    expect(svc.roleArn).toBe('arn:aws:iam::123456789012:role/acme-prod-checkout');
  });

  test('dependencies by name are wired into NetworkPolicies on both sides, whichever service is created first', () => {
    const { app, stack } = prodStack();
    new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.4.2', dependencies: ['orders'] });
    new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '2.0.0' });
    new ServiceApp(stack, 'web', { team: 'shop', imageTag: '1.0.0', dependencies: ['checkout'] });
    const { k8s } = synthAll(app);
    const policy = (name: string) => k8s.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name).spec;
    const selects = (peer: string) => (r: any) => (r.from ?? r.to)[0].podSelector?.matchLabels['app.kubernetes.io/instance'] === peer;
    expect(policy('orders').ingress.filter(selects('checkout'))).toHaveLength(1);
    expect(policy('checkout').egress.filter(selects('orders'))).toHaveLength(1);
    expect(policy('checkout').ingress.filter(selects('web'))).toHaveLength(1);
    expect(policy('web').egress.filter(selects('checkout'))).toHaveLength(1);
  });

  test('dependencies are wired when the services are created, not by validation: validating twice adds nothing', () => {
    const { app, stack } = prodStack();
    const checkout = new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.4.2', dependencies: ['orders'] });
    const orders = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '2.0.0' });
    // Wired already, before any validation ran.
    expect(JSON.stringify(orders.workload.networkPolicy.toJson().spec.ingress)).toContain('"app.kubernetes.io/instance":"checkout"');
    const before = JSON.stringify(checkout.workload.networkPolicy.toJson());
    for (const c of [checkout, orders]) {
      expect(c.node.validate()).toEqual([]);
      expect(c.node.validate()).toEqual([]);
    }
    expect(JSON.stringify(checkout.workload.networkPolicy.toJson())).toBe(before);
    const { k8s } = synthAll(app);
    expect(find(k8s, 'NetworkPolicy', 'checkout').spec.egress.filter((r: any) => r.to[0].podSelector?.matchLabels['app.kubernetes.io/instance'] === 'orders')).toHaveLength(1);
  });

  test('exposed services get the host <service>.<domain> and admit the load balancer from the public subnets on their port, not the VPC', () => {
    const { app, stack } = prodStack();
    const cluster = PlatformCluster.fromAttributes({ clusterName: 'acme-prod', vpcId: 'vpc-1', vpcCidr: '10.1.0.0/16', clusterSecurityGroupId: 'sg-1', nodeRoleArn: 'arn:aws:iam::123456789012:role/n' });
    new ServiceApp(stack, 'web', { team: 'shop', imageTag: '1.0.0', exposure: {}, cluster });
    new ServiceApp(stack, 'admin', { team: 'shop', imageTag: '1.0.0', exposure: { internetFacing: false }, cluster, port: 9000 });
    const { k8s } = synthAll(app);
    expect(find(k8s, 'Ingress', 'web').spec.rules[0].host).toBe('web.prod.acme.example.com');
    const ipBlocks = (name: string) => find(k8s, 'NetworkPolicy', name).spec.ingress.filter((r: any) => r.from[0].ipBlock);
    // The public block of the PlatformNetwork plan of 10.1.0.0/16 (its seventh eighth), on the container port.
    expect(ipBlocks('web')[0]).toEqual({ from: [{ ipBlock: { cidr: '10.1.192.0/19' } }], ports: [{ protocol: 'TCP', port: 8080 }] });
    // The metrics scrapers come from the private subnets (nodes, the AMP collector's interfaces).
    expect(ipBlocks('web')[1].from.map((f: any) => f.ipBlock.cidr)).toEqual(['10.1.0.0/19', '10.1.32.0/19', '10.1.64.0/19', '10.1.96.0/19', '10.1.128.0/19', '10.1.160.0/19']);
    expect(ipBlocks('web')).toHaveLength(2);
    // An internal ALB runs in the private subnets.
    expect(ipBlocks('admin')[0].from.map((f: any) => f.ipBlock.cidr)).toEqual(['10.1.0.0/19', '10.1.32.0/19', '10.1.64.0/19', '10.1.96.0/19', '10.1.128.0/19', '10.1.160.0/19']);
    expect(ipBlocks('admin')[0].ports).toEqual([{ protocol: 'TCP', port: 9000 }]);
    expect(JSON.stringify(k8s)).not.toContain('"10.1.0.0/16"');
  });

  test('connect() is what opens a path between two services of one team', () => {
    const { app, stack } = prodStack();
    const a = new ServiceApp(stack, 'a', { team: 'shop', imageTag: '1' });
    const b = new ServiceApp(stack, 'b', { team: 'shop', imageTag: '1' });
    new ServiceApp(stack, 'c', { team: 'shop', imageTag: '1' });
    a.connect(b);
    const { k8s } = synthAll(app);
    const callers = (name: string) => (find(k8s, 'NetworkPolicy', name).spec.ingress ?? [])
      .flatMap((r: any) => r.from.map((f: any) => f.podSelector?.matchLabels?.['app.kubernetes.io/instance'])).filter(Boolean);
    expect(callers('b')).toEqual(['a']);
    expect(callers('c')).toEqual([]);
  });

  test('monitoring on by default: rules in the cluster\'s Prometheus workspace (found through SSM), a dashboard in its chart', () => {
    const { app, stack } = prodStack();
    const svc = new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.4.2', runbookUrl: 'https://runbooks.acme.example.com/checkout' });
    new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '2.0.0', replicas: 2 });
    const { tf, k8s } = synthAll(app);
    // One look-up of the workspace ID per stack, however many services.
    expect(Object.values<any>(tf.prod.data.aws_ssm_parameter).map((d) => d.name)).toEqual(['/acme/prod/observability/prometheus-workspace-id']);
    const [checkout, orders] = resources(tf.prod, 'aws_prometheus_rule_group_namespace');
    expect(checkout).toMatchObject({ name: 'shop-checkout', data: svc.alertRules!.ruleFile });
    expect(checkout.workspace_id).toMatch(/^\$\{data\.aws_ssm_parameter\..*\.value\}$/);
    expect(svc.alertRules!.ruleFile).toContain('environment: prod');
    expect(checkout.data).toContain('AutoscalerAtMaximum');
    expect(orders.data).not.toContain('AutoscalerAtMaximum'); // fixed replicas: no HPA to watch
    expect(find(k8s, 'ConfigMap', 'checkout-dashboard').metadata.labels).toMatchObject({ 'grafana_dashboard': '1', 'paved-road.dev/team': 'shop' });
  });

  test('monitoring: false leaves out the rules and the dashboard', () => {
    const { app, stack } = prodStack();
    new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1.4.2', monitoring: false });
    const { tf, k8s } = synthAll(app);
    expect(resources(tf.prod, 'aws_prometheus_rule_group_namespace')).toEqual([]);
    expect(k8s.filter((o) => o.kind === 'ConfigMap')).toEqual([]);
  });

  test('image keys: one customer key per protected environment for all its services; a given key wins; aws/ecr in development', () => {
    const { app, stack } = prodStack();
    new ServiceApp(stack, 'a', { team: 'shop', imageTag: '1' });
    new ServiceApp(stack, 'b', { team: 'shop', imageTag: '1' });
    const own = 'arn:aws:kms:eu-west-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';
    new ServiceApp(stack, 'c', { team: 'shop', imageTag: '1', imageEncryptionKeyArn: own });
    const { tf } = synthAll(app);
    // Another team's repository, its stack in the same environment and account: another alias
    const payments = prodStack({}, 'payments');
    new ServiceApp(payments.stack, 'd', { team: 'payments', imageTag: '1' });
    expect(resources(synthAll(payments.app).tf.payments, 'aws_kms_alias').map((a) => a.name)).toEqual(['alias/acme-prod/payments/ecr']);
    const keys = resources(tf.prod, 'aws_ecr_repository').map((r) => r.encryption_configuration[0].kms_key);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(own);
    expect(resources(tf.prod, 'aws_kms_key')).toHaveLength(1);
    expect(resources(tf.prod, 'aws_kms_key')[0]).toMatchObject({ enable_key_rotation: true, description: 'acme-prod/prod/ecr: ECR images of the services' });
    expect(resources(tf.prod, 'aws_kms_alias')[0].name).toBe('alias/acme-prod/prod/ecr');

    const dev = prodStack({ environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT }, 'dev');
    new ServiceApp(dev.stack, 'a', { team: 'shop', imageTag: '1' });
    const devTf = synthAll(dev.app).tf;
    expect(resources(devTf.dev, 'aws_ecr_repository')[0].encryption_configuration).toEqual([{ encryption_type: 'KMS' }]);
    expect(resources(devTf.dev, 'aws_kms_key')).toEqual([]);
  });

  test('an image from another registry is deployed as given, with no repository of its own', () => {
    const { app, stack } = prodStack();
    const image = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/search:2.0.1';
    const svc = new ServiceApp(stack, 'search', { team: 'shop', image });
    svc.grantSqsSend('arn:aws:sqs:eu-west-1:123456789012:q');
    const pinned = new ServiceApp(stack, 'proxy', { team: 'shop', image: `docker.io/envoyproxy/envoy@sha256:${'a'.repeat(64)}` });
    const { tf, k8s } = synthAll(app);
    expect(svc.repository).toBeUndefined();
    expect(pinned.repository).toBeUndefined();
    expect(resources(tf.prod, 'aws_ecr_repository')).toEqual([]);
    expect(resources(tf.prod, 'aws_ecr_lifecycle_policy')).toEqual([]);
    expect(svc.image).toBe(image);
    const dep = find(k8s, 'Deployment', 'search');
    expect(dep.spec.template.spec.containers[0].image).toBe(image);
    expect(dep.metadata.labels['app.kubernetes.io/version']).toBe('2.0.1');
    expect(find(k8s, 'Deployment', 'proxy').metadata.labels['app.kubernetes.io/version']).toBe('a'.repeat(12));
    // Everything else is the same as with a repository of its own: the role and its binding.
    expect(resources(tf.prod, 'aws_eks_pod_identity_association')[0]).toMatchObject({ namespace: 'shop', service_account: 'search' });
    expect(schemaErrors(k8s)).toEqual([]);
  });

  describe('bad input', () => {
    test('latest and empty tags are refused', () => {
      const { stack } = prodStack();
      expect(() => new ServiceApp(stack, 'a', { team: 'shop', imageTag: 'latest' })).toThrow(/ServiceApp 'prod\/a': 'imageTag' \('latest'\) is 'latest'.*pin an explicit version tag/);
      expect(() => new ServiceApp(stack, 'b', { team: 'shop', imageTag: '' })).toThrow(/'imageTag' \(''\) is empty and no image is given/);
      expect(() => new ServiceApp(stack, 'c', { team: 'shop' })).toThrow(/ServiceApp 'prod\/c': 'imageTag' \(undefined\) is empty and no image is given.*or give image/);
    });

    test('an image from another registry must be pinned, alone, and without repository settings', () => {
      const { stack } = prodStack();
      const image = '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop/search:2.0.1';
      expect(() => new ServiceApp(stack, 'a', { team: 'shop', image, imageTag: '2.0.1' }))
        .toThrow(/ServiceApp 'prod\/a': 'image' \('111122223333.*'\) is given together with imageTag '2.0.1'.*give one/);
      expect(() => new ServiceApp(stack, 'b', { team: 'shop', image: 'docker.io/library/nginx:latest' })).toThrow(/ServiceApp 'prod\/b': 'image' .* uses the tag 'latest'/);
      expect(() => new ServiceApp(stack, 'c', { team: 'shop', image: 'docker.io/library/nginx' })).toThrow(/'image' .* has no tag or digest/);
      expect(() => new ServiceApp(stack, 'd', { team: 'shop', image, imagesKept: 10 }))
        .toThrow(/ServiceApp 'prod\/d': 'imagesKept' \(10\) is given, but image names another registry.*set it where/);
    });

    test('names must be DNS labels that fit once prefixed', () => {
      const { stack } = prodStack();
      expect(() => new ServiceApp(stack, 'Checkout', { team: 'shop', imageTag: '1' })).toThrow(/'serviceName' \('Checkout'\) is not a DNS-1123 label of at most 40/);
      expect(() => new ServiceApp(stack, 'x'.repeat(41), { team: 'shop', imageTag: '1' })).toThrow(/at most 40 characters/);
      expect(() => new ServiceApp(stack, 'c', { team: 'Shop', imageTag: '1' })).toThrow(/'team' \('Shop'\) is not a DNS-1123 label/);
    });

    test('two services of one name in an environment fail', () => {
      const { stack } = prodStack();
      new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1' });
      expect(() => new ServiceApp(stack, 'checkout2', { team: 'shop', imageTag: '1', serviceName: 'checkout' })).toThrow(/service name 'checkout' is taken in environment 'prod' by 'prod\/checkout'/);
    });

    test('a dependency on a service that does not exist fails at synth and writes nothing', () => {
      const { app, stack } = prodStack();
      new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1', dependencies: ['payments'] });
      expect(() => app.synth()).toThrow(/ServiceApp 'prod\/checkout': 'dependencies' \('payments'\) names no ServiceApp in environment 'prod'/);
    });

    test('an exposed service needs its cluster, to admit the load balancer', () => {
      const { stack } = prodStack();
      expect(() => new ServiceApp(stack, 'web', { team: 'shop', imageTag: '1', exposure: {} }))
        .toThrow(/ServiceApp 'prod\/web': 'cluster' \(undefined\) is required with exposure: the NetworkPolicy admits the load balancer.*pass cluster/);
    });

    test('a key must be a KMS key ARN, and only for a repository of its own', () => {
      const { stack } = prodStack();
      expect(() => new ServiceApp(stack, 'a', { team: 'shop', imageTag: '1', imageEncryptionKeyArn: 'my-key' }))
        .toThrow(/ServiceApp 'prod\/a': 'imageEncryptionKeyArn' \('my-key'\) is not the ARN of a KMS key/);
      expect(() => new ServiceApp(stack, 'b', { team: 'shop', image: 'docker.io/library/nginx:1.27', imageEncryptionKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/x' }))
        .toThrow(/ServiceApp 'prod\/b': 'imageEncryptionKeyArn' .* is given, but image names another registry/);
    });

    test('wildcard grants are refused', () => {
      const { stack } = prodStack();
      const svc = new ServiceApp(stack, 'checkout', { team: 'shop', imageTag: '1' });
      expect(() => svc.grant('All', ['s3:*'], ['arn:aws:s3:::b'])).toThrow(/'actions' \('s3:\*'\) is a wildcard action/);
      expect(() => svc.grant('Some', ['s3:PutObject', 's3:Get*'], ['arn:aws:s3:::b'])).toThrow(/^ServiceApp 'prod\/checkout': 'actions' \('s3:Get\*'\) is a wildcard action/);
      expect(() => svc.grant('Bad', ['GetObject'], ['arn:aws:s3:::b'])).toThrow(/'actions' \('GetObject'\) is not an IAM action/);
      expect(() => svc.grant('None', ['s3:GetObject'], [])).toThrow(/'resourceArns' \(\[\]\) is empty/);
      expect(() => svc.grant('Any', ['s3:GetObject'], ['*'])).toThrow(/^ServiceApp 'prod\/checkout': 'resourceArns\[0\]' \('\*'\) is not a resource ARN/);
      expect(() => svc.grantSqsSend('orders')).toThrow(/'resourceArns\[0\]' \('orders'\) is not a resource ARN/);
    });

    test('free-text props: a reserved namespace, a label value, and the workload\'s checks name the ServiceApp and its prop', () => {
      const { stack } = prodStack();
      expect(() => new ServiceApp(stack, 'a', { team: 'shop', imageTag: '1', namespace: 'kube-system' }))
        .toThrow(/^ServiceApp 'prod\/a': 'namespace' \('kube-system'\) is reserved for Kubernetes or the platform's add-ons/);
      expect(() => new ServiceApp(stack, 'b', { team: 'default', imageTag: '1' })).toThrow(/^ServiceApp 'prod\/b': 'team' \('default'\) is reserved/);
      expect(() => new ServiceApp(stack, 'c', { team: 'shop', imageTag: '1', partOf: 'web shop' }))
        .toThrow(/^ServiceApp 'prod\/c': 'partOf' \('web shop'\) is not a Kubernetes label value/);
      // Workload's checks, reported as the ServiceApp's (not 'prod-d/Workload')
      expect(() => new ServiceApp(stack, 'd', { team: 'shop', imageTag: '1', replicas: 0 }))
        .toThrow(/^ServiceApp 'prod\/d': 'replicas' \(0\) switches the workload off/);
      expect(() => new ServiceApp(stack, 'e', { team: 'shop', imageTag: '1', healthChecks: { livenessPath: 'healthz' } }))
        .toThrow(/^ServiceApp 'prod\/e': 'healthChecks.livenessPath' \('healthz'\) is not an HTTP path/);
      expect(() => new ServiceApp(stack, 'f', { team: 'shop', imageTag: '1', port: 0 }))
        .toThrow(/^ServiceApp 'prod\/f': 'port' \(0\) must be a whole number from 1 to 65535; set 'port' within that range/);
      const cluster = PlatformCluster.fromAttributes({ clusterName: 'acme-prod', vpcId: 'v', vpcCidr: '10.0.0.0/16', clusterSecurityGroupId: 'sg', nodeRoleArn: 'arn:aws:iam::123456789012:role/n' });
      expect(() => new ServiceApp(stack, 'g', { team: 'shop', imageTag: '1', cluster, exposure: { host: 'shop' } }))
        .toThrow(/^ServiceApp 'prod\/g': 'exposure.host' \('shop'\) is not a DNS host name/);
      expect(() => new ServiceApp(stack, 'h', { team: 'shop', imageTag: '1', env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }))
        .toThrow(/^ServiceApp 'prod\/h': 'env' \('A'\) is set twice/);
      // the repository's check, reported as the ServiceApp's (not 'prod/i/Repository')
      expect(() => new ServiceApp(stack, 'i', { team: 'shop', imageTag: '1', imagesKept: 0 }))
        .toThrow(/^ServiceApp 'prod\/i': 'imagesKept' \(0\) must be a whole number from 1 to 1000; set 'imagesKept' within that range/);
    });

    test('connect() to itself, to a service of another environment, and a dependency on itself fail', () => {
      const { app, stack } = prodStack();
      const orders = new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1' });
      expect(() => orders.connect(orders)).toThrow(/^ServiceApp 'prod\/orders': 'connect' \('prod\/orders'\) connects the service to itself/);
      const staging = new PlatformStack(app, 'staging', { ...PROD_PROPS, environmentName: 'staging', environmentClass: EnvironmentClass.STAGING, domain: 'staging.acme.example.com' });
      const other = new ServiceApp(staging, 'checkout', { team: 'shop', imageTag: '1' });
      expect(() => orders.connect(other)).toThrow(
        /^ServiceApp 'prod\/orders': 'connect' \('staging\/checkout'\) is a service of environment 'acme\/staging', and this one runs in 'acme\/prod'; connect services of one environment/);
      expect(() => new ServiceApp(stack, 'payments', { team: 'shop', imageTag: '1', dependencies: ['orders', 'payments'] }))
        .toThrow(/^ServiceApp 'prod\/payments': 'dependencies' \('payments'\) names the service itself/);
    });

    test('the same service in two stacks of one platform and environment fails, naming both', () => {
      const { app, stack } = prodStack();
      new ServiceApp(stack, 'orders', { team: 'shop', imageTag: '1' });
      const again = new PlatformStack(app, 'prod-two', PROD_PROPS);
      expect(() => new ServiceApp(again, 'orders', { team: 'shop', imageTag: '1' }))
        .toThrow("ServiceApp 'prod-two/orders': service 'orders' of environment 'prod' is made twice: here and by 'prod/orders'");
      // another environment may have a service of that name
      const dev = new PlatformStack(app, 'dev', { ...PROD_PROPS, environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT, domain: 'dev.acme.example.com' });
      expect(() => new ServiceApp(dev, 'orders', { team: 'shop', imageTag: '1' })).not.toThrow();
    });

    test('outside a PlatformStack it says how to fix it', () => {
      const { app } = prodStack();
      expect(() => new ServiceApp(app.terraform, 'x', { team: 'shop', imageTag: '1' })).toThrow(/this construct is not inside a PlatformStack; create it inside one/);
    });
  });
});
