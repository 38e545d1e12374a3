import { Testing, TerraformStack } from 'cdktf';
import { PrometheusWorkspace } from '../../src';
import { resources } from '../util';

describe('PrometheusWorkspace', () => {
  test('a workspace encrypted with a customer-managed key, its ID published to SSM', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new PrometheusWorkspace(stack, 'Prometheus', { alias: 'acme-prod', account: '123456789012', idParameterName: '/acme/prod/observability/prometheus-workspace-id' });
    const tf = JSON.parse(Testing.synth(stack));
    const [workspace] = resources(tf, 'aws_prometheus_workspace');
    expect(workspace.alias).toBe('acme-prod');
    expect(workspace.kms_key_arn).toMatch(/^\$\{aws_kms_key\..*\.arn\}$/);
    expect(resources(tf, 'aws_kms_key')[0].enable_key_rotation).toBe(true);
    expect(resources(tf, 'aws_ssm_parameter')[0]).toMatchObject({ name: '/acme/prod/observability/prometheus-workspace-id', type: 'String' });
    expect(resources(tf, 'aws_ssm_parameter')[0].insecure_value).toMatch(/^\$\{aws_prometheus_workspace\..*\.id\}$/);
  });

  test('idFromParameter reads the ID once per stack', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    for (let i = 0; i < 2; i++) {
      expect(PrometheusWorkspace.idFromParameter(stack, '/acme/prod/observability/prometheus-workspace-id')).toMatch(/TfToken/);
    }
    expect(Object.keys(JSON.parse(Testing.synth(stack)).data.aws_ssm_parameter)).toHaveLength(1);
  });

  test('an alias AMP refuses fails', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new PrometheusWorkspace(stack, 'Prometheus', { alias: 'acme prod', account: '123456789012' }))
      .toThrow(/PrometheusWorkspace 'test\/Prometheus': 'alias' \('acme prod'\) is not a workspace alias; use 1 to 100 letters/);
  });
});
