import { App as K8sApp, Chart } from 'cdk8s';
import { App as TfApp, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentClass, IPlatformCluster, PlatformCluster, PlatformStack, PreviewEnvironment, PreviewEnvironmentProps, ServiceApp } from '../../src';
import { find, prodStack, synthAll, tempApp } from '../util';

const CLUSTER = PlatformCluster.fromAttributes({
  clusterName: 'acme-quiet', vpcId: 'vpc-1', vpcCidr: '10.0.0.0/16', clusterSecurityGroupId: 'sg-1', nodeRoleArn: 'arn:aws:iam::123456789012:role/nodes',
});

/** A preview of team shop on dev, in a temporary app. */
function previewEnvironment(props: Partial<PreviewEnvironmentProps> & { pullRequest: number }): PreviewEnvironment {
  return new PreviewEnvironment(tempApp().app, `shop-pr-${props.pullRequest}`, {
    platformName: 'acme',
    hostEnvironmentName: 'dev',
    account: '123456789012',
    region: 'eu-west-1',
    domain: 'preview.acme.example.com',
    branch: 'fix',
    commit: 'abcdef1',
    team: 'shop',
    createdAt: '2026-11-21T09:00:00Z',
    ...props,
  });
}

describe('PlatformStack as the policy of its environment', () => {
  test('a plain environment answers: the asked-for or team namespace, <service>.<domain>, autoscaled, workload-default, its environment label', () => {
    // GIVEN a production stack
    const { stack } = prodStack();
    // THEN
    expect(stack.namespaceFor('shop')).toBe('shop');
    expect(stack.namespaceFor('shop', 'storefront')).toBe('storefront');
    expect(stack.hostnameFor('checkout')).toBe('checkout.prod.acme.example.com');
    expect(stack.clusterFor()).toBeUndefined();
    expect(stack.clusterFor(CLUSTER)).toBe(CLUSTER);
    expect(stack.replicasFor()).toBeUndefined();
    expect(stack.replicasFor(2)).toBe(2);
    expect(stack.priorityClassNameFor('checkout')).toBe('workload-default');
    expect(stack.labelsFor('shop')).toEqual({ 'paved-road.dev/environment': 'prod' });
  });

  test('a ServiceApp takes its namespace, host, replicas, priority class and labels from the stack', () => {
    // GIVEN a stack subclass with answers of its own (the way PreviewEnvironment plugs in)
    class Quiet extends PlatformStack {
      public override namespaceFor(team: string): string {
        return `quiet-${team}`;
      }
      public override clusterFor(cluster?: IPlatformCluster): IPlatformCluster | undefined {
        return cluster ?? CLUSTER;
      }
      public override hostnameFor(service: string): string {
        return `${service}.quiet.example.com`;
      }
      public override replicasFor(replicas?: number): number | undefined {
        return replicas ?? 2;
      }
      public override priorityClassNameFor(): string {
        return 'workload-high';
      }
      public override labelsFor(team: string): { [key: string]: string } {
        return { ...super.labelsFor(team), 'example.com/quiet': 'true' };
      }
    }
    const { app } = tempApp();
    const stack = new Quiet(app, 'quiet', {
      platformName: 'acme', environmentClass: EnvironmentClass.STAGING, account: '123456789012', region: 'eu-west-1', domain: 'staging.acme.example.com',
    });
    // WHEN
    const web = new ServiceApp(stack, 'web', { team: 'shop', imageTag: '1.0.0', exposure: {} });
    const { k8s } = synthAll(app);
    // THEN
    const deployment = find(k8s, 'Deployment', 'web');
    expect(web.namespace).toBe('quiet-shop');
    expect(deployment.metadata.namespace).toBe('quiet-shop');
    expect(deployment.spec.replicas).toBe(2);
    expect(k8s.filter((o) => o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
    expect(deployment.spec.template.spec.priorityClassName).toBe('workload-high');
    expect(deployment.metadata.labels).toMatchObject({ 'paved-road.dev/environment': 'quiet', 'example.com/quiet': 'true', 'paved-road.dev/team': 'shop' });
    expect(find(k8s, 'Ingress', 'web').spec.rules[0].host).toBe('web.quiet.example.com');
    expect(web.clusterName).toBe('acme-quiet');
  });

  test('a preview answers differently, by overriding: its namespace, one replica, preview-low, its pull request', () => {
    const preview = previewEnvironment({ pullRequest: 7 });
    expect(preview.namespaceFor('shop', 'anything')).toBe('preview-shop-pr-7');
    expect(preview.clusterFor()).toBeUndefined(); // no host cluster given to this preview
    expect(preview.clusterFor(CLUSTER)).toBe(CLUSTER);
    expect(preview.hostnameFor('web')).toBe('web-pr-7.preview.acme.example.com');
    expect(preview.replicasFor()).toBe(1);
    expect(preview.replicasFor(3)).toBe(3);
    expect(preview.priorityClassNameFor('web')).toBe('preview-low');
    expect(preview.labelsFor('shop')).toEqual({ 'paved-road.dev/environment': 'dev-pr-7', 'paved-road.dev/pull-request': '7' });
  });

  test('a preview with autoscaling keeps the workload\'s own answer; a preview given its host cluster hands it to its services', () => {
    const preview = previewEnvironment({ pullRequest: 8, autoscaling: true, cluster: CLUSTER });
    expect(preview.replicasFor()).toBeUndefined();
  });

  describe('bad input', () => {
    test('an id that is not a DNS label fails', () => {
      const { app } = tempApp();
      expect(() => new PlatformStack(app, 'Prod_1', {
        platformName: 'acme', environmentClass: EnvironmentClass.PRODUCTION, account: '123456789012', region: 'eu-west-1', domain: 'prod.acme.example.com',
      })).toThrow(/PlatformStack 'Prod_1': 'id' \('Prod_1'\) is not a DNS label of at most 40 characters/);
    });

    test('a second chart of the same id fails', () => {
      const { stack } = prodStack();
      stack.addChart('web');
      expect(() => stack.addChart('web')).toThrow(/PlatformStack 'prod': 'id' \('web'\) names a chart that this stack has already; give each chart of a stack its own id/);
    });

    test('containing() fails outside a PlatformStack, find() returns undefined', () => {
      const plain = new TerraformStack(new TfApp(), 'plain');
      const c = new Construct(plain, 'thing');
      expect(PlatformStack.find(c)).toBeUndefined();
      expect(() => PlatformStack.containing(c)).toThrow(/PlatformStack.of 'plain\/thing': this construct is not inside a PlatformStack; create it inside one/);
      expect(PlatformStack.isPlatformStack(new Chart(new K8sApp(), 'c'))).toBe(false);
    });
  });
});
