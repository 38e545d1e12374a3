import { Testing } from 'cdk8s';
import { AutoModeNodePool, CapacityType, TaintEffect } from '../../src';
import { find } from '../util';

function synth(props: any): any {
  const chart = Testing.chart();
  new AutoModeNodePool(chart, 'Pool', props);
  return find(Testing.synth(chart), 'NodePool');
}

describe('AutoModeNodePool', () => {
  test('alone in a plain Chart: on-demand current c/m/r types on amd64, Auto Mode\'s default NodeClass, 64 vCPUs, bounded disruption', () => {
    const pool = synth({ poolName: 'batch' });
    expect(pool).toEqual({
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'batch', labels: { 'app.kubernetes.io/managed-by': 'cdk-paved-road' } },
      spec: {
        template: {
          metadata: { labels: { 'paved-road.dev/pool': 'batch' } },
          spec: {
            nodeClassRef: { group: 'eks.amazonaws.com', kind: 'NodeClass', name: 'default' },
            requirements: [
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
              { key: 'eks.amazonaws.com/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
              { key: 'eks.amazonaws.com/instance-generation', operator: 'Gt', values: ['5'] },
              { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
            ],
            expireAfter: '336h',
          },
        },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m', budgets: [{ nodes: '10%' }] },
        limits: { cpu: '64' },
      },
    });
  });

  test('spot, named instance types, taints in Kubernetes\' spelling; the pool label cannot be overridden', () => {
    const pool = synth({
      poolName: 'spot',
      capacityType: CapacityType.SPOT,
      instanceTypes: ['m7g.large', 'c7g.large'],
      maxVcpus: 16,
      labels: { 'paved-road.dev/pool': 'other', 'team': 'data' },
      taints: [{ key: 'a', value: 'b', effect: TaintEffect.NO_EXECUTE }, { key: 'c', value: 'd', effect: TaintEffect.PREFER_NO_SCHEDULE }],
    });
    expect(pool.spec.template.spec.requirements).toEqual([
      { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot'] },
      { key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m7g.large', 'c7g.large'] },
    ]);
    expect(pool.spec.template.spec.taints).toEqual([{ key: 'a', value: 'b', effect: 'NoExecute' }, { key: 'c', value: 'd', effect: 'PreferNoSchedule' }]);
    expect(pool.spec.template.metadata.labels).toEqual({ 'paved-road.dev/pool': 'spot', 'team': 'data' });
    expect(pool.spec.limits).toEqual({ cpu: '16' });
  });

  test.each([
    [{ poolName: 'Spot_Pool' }, "'poolName' ('Spot_Pool')"],
    [{ poolName: 'spot', maxVcpus: 0 }, "'maxVcpus' (0)"],
    [{ poolName: 'spot', maxVcpus: 1.5 }, "'maxVcpus' (1.5)"],
    [{ poolName: 'spot', instanceTypes: [] }, "'instanceTypes' ([]) allows no instance type; name at least one type, or leave instanceTypes unset for the default families"],
    [{ poolName: 'spot', taints: [{ key: 'a', value: 'b', effect: 'NoSchedule' as unknown as TaintEffect }] }, "'taints.effect' ('NoSchedule') is not a taint effect; use NO_SCHEDULE, NO_EXECUTE or PREFER_NO_SCHEDULE"],
    [{ poolName: 'spot', instanceTypes: ['c7g'] }, "'instanceTypes[0]' ('c7g') is not an EC2 instance type; use <family>.<size>"],
  ])('%j fails at synth naming the prop', (props, message) => {
    expect(() => synth(props)).toThrow(`AutoModeNodePool 'test/Pool': ${message}`);
  });
});
