import { Chart, Testing } from 'cdk8s';
import { AutoModeIngressClass, AwsLoadBalancerController } from '../../src';
import { find, k8sSynth } from '../util';

describe('AwsLoadBalancerController', () => {
  test('GIVEN the controller alone THEN its namespace, NetworkPolicy, and the pinned chart with cluster, region, VPC tag and the alb IngressClass', () => {
    const c = new Chart(Testing.app(), 'test');
    new AwsLoadBalancerController(c, 'Lbc', { clusterName: 'acme-prod', region: 'eu-west-1', vpcName: 'acme-prod-vpc' });
    const objects = k8sSynth(c);
    expect(find(objects, 'Namespace', 'aws-load-balancer-controller').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const policy = find(objects, 'NetworkPolicy', 'aws-load-balancer-controller');
    expect(policy.spec.ingress[0].ports).toContainEqual({ protocol: 'TCP', port: 9443 });
    const app = find(objects, 'Application', 'aws-load-balancer-controller');
    expect(app.spec.source).toMatchObject({ repoURL: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', targetRevision: '3.5.0' });
    // The chart's generated webhook certificate (no lookup under Argo CD) is created once, not rotated at every sync.
    expect(app.spec.ignoreDifferences.map((d: any) => `${d.kind}/${d.name}`)).toEqual([
      'Secret/aws-load-balancer-tls', 'MutatingWebhookConfiguration/aws-load-balancer-webhook', 'ValidatingWebhookConfiguration/aws-load-balancer-webhook',
    ]);
    expect(app.spec.syncPolicy.syncOptions).toContain('RespectIgnoreDifferences=true');
    const values = app.spec.source.helm.valuesObject;
    expect(values).toMatchObject({
      clusterName: 'acme-prod',
      region: 'eu-west-1',
      vpcTags: { Name: 'acme-prod-vpc' },
      ingressClass: 'alb',
      createIngressClassResource: true,
      serviceAccount: { name: 'aws-load-balancer-controller' },
      priorityClassName: 'platform-critical',
      webhookBindPort: 9443,
    });
    // Pod Security restricted: seccomp and dropped capabilities, which the chart's defaults lack.
    expect(values.podSecurityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(values.securityContext.capabilities).toEqual({ drop: ['ALL'] });
  });
});

describe('AutoModeIngressClass', () => {
  test('GIVEN Auto Mode THEN the alb IngressClass served by eks.amazonaws.com/alb with its IngressClassParams', () => {
    const c = new Chart(Testing.app(), 'test');
    new AutoModeIngressClass(c, 'Alb');
    const objects = k8sSynth(c);
    const cls = find(objects, 'IngressClass', 'alb');
    expect(cls.spec).toEqual({ controller: 'eks.amazonaws.com/alb', parameters: { apiGroup: 'eks.amazonaws.com', kind: 'IngressClassParams', name: 'alb' } });
    expect(find(objects, 'IngressClassParams', 'alb').apiVersion).toBe('eks.amazonaws.com/v1');
  });
});
