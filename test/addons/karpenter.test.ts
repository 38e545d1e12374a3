import { Chart, Testing } from 'cdk8s';
import { CapacityType, Karpenter, KarpenterNodePool, TaintEffect } from '../../src';
import { find, k8sSynth } from '../util';

const PROPS = { clusterName: 'acme-prod', region: 'eu-west-1', interruptionQueueName: 'acme-prod-karpenter', nodeRoleName: 'acme-prod-karpenter-node' };

describe('Karpenter', () => {
  test('GIVEN Karpenter alone THEN the OCI chart (with its Argo CD repository entry), settings, and the default EC2NodeClass', () => {
    const c = new Chart(Testing.app(), 'test');
    new Karpenter(c, 'K', PROPS);
    const objects = k8sSynth(c);
    const app = find(objects, 'Application', 'karpenter');
    expect(app.spec.source).toMatchObject({ repoURL: 'public.ecr.aws/karpenter', chart: 'karpenter', targetRevision: '1.14.1' });
    expect(app.spec.destination.namespace).toBe('karpenter');
    const values = app.spec.source.helm.valuesObject;
    expect(values.settings).toEqual({ clusterName: 'acme-prod', interruptionQueue: 'acme-prod-karpenter' });
    expect(values.serviceAccount.name).toBe('karpenter');
    expect(values.controller.env).toContainEqual({ name: 'AWS_REGION', value: 'eu-west-1' });
    const repo = find(objects, 'Secret', 'karpenter-oci-charts');
    expect(repo.metadata.labels['argocd.argoproj.io/secret-type']).toBe('repository');
    expect(repo.stringData).toEqual({ type: 'helm', name: 'karpenter', url: 'public.ecr.aws/karpenter', enableOCI: 'true' });
    const nodeClass = find(objects, 'EC2NodeClass', 'default');
    expect(nodeClass.apiVersion).toBe('karpenter.k8s.aws/v1');
    expect(nodeClass.spec.role).toBe('acme-prod-karpenter-node');
    // A pinned AMI release, never 'latest': nodes change only when the version table does.
    expect(nodeClass.spec.amiSelectorTerms).toEqual([{ alias: 'al2023@v20260714' }]);
    expect(nodeClass.spec.subnetSelectorTerms).toEqual([{ tags: { 'karpenter.sh/discovery': 'acme-prod' } }]);
    expect(nodeClass.spec.securityGroupSelectorTerms).toEqual([{ tags: { 'kubernetes.io/cluster/acme-prod': 'owned' } }]);
    expect(nodeClass.spec.metadataOptions).toMatchObject({ httpTokens: 'required', httpPutResponseHopLimit: 1 });
    expect(nodeClass.spec.blockDeviceMappings[0].ebs).toMatchObject({ encrypted: true, volumeType: 'gp3' });
    expect(find(objects, 'NetworkPolicy', 'karpenter').metadata.namespace).toBe('karpenter');
  });

  test('GIVEN a cluster name that is not a DNS name THEN it throws', () => {
    expect(() => new Karpenter(new Chart(Testing.app(), 'test'), 'K', { ...PROPS, clusterName: 'Acme Prod' }))
      .toThrow(/Karpenter 'test\/K': 'clusterName' \('Acme Prod'\) is not a DNS-1123 label/);
  });
});

describe('KarpenterNodePool', () => {
  test('GIVEN a spot pool THEN a karpenter.sh/v1 NodePool on the EC2NodeClass, spot only, labelled, tainted and bounded', () => {
    const c = new Chart(Testing.app(), 'test');
    new KarpenterNodePool(c, 'Spot', {
      poolName: 'spot', capacityType: CapacityType.SPOT, maxVcpus: 32, taints: [{ key: 'paved-road.dev/spot', value: 'true', effect: TaintEffect.NO_SCHEDULE }],
    });
    const pool = find(k8sSynth(c), 'NodePool', 'spot');
    expect(pool.spec.template.spec.nodeClassRef).toEqual({ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' });
    expect(pool.spec.template.spec.requirements).toContainEqual({ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] });
    expect(pool.spec.template.spec.requirements).toContainEqual({ key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] });
    expect(pool.spec.template.metadata.labels['paved-road.dev/pool']).toBe('spot');
    expect(pool.spec.template.spec.taints).toEqual([{ key: 'paved-road.dev/spot', value: 'true', effect: 'NoSchedule' }]);
    expect(pool.spec.limits).toEqual({ cpu: '32' });
    expect(pool.metadata.annotations['argocd.argoproj.io/sync-options']).toBe('SkipDryRunOnMissingResource=true');
  });

  test('GIVEN a node class name that is not a DNS label THEN it throws', () => {
    expect(() => new KarpenterNodePool(new Chart(Testing.app(), 'test'), 'P', { poolName: 'p', nodeClassName: 'Bad_Name' }))
      .toThrow(/KarpenterNodePool 'test\/P': 'nodeClassName' \('Bad_Name'\) is not a DNS-1123 label/);
  });
});
