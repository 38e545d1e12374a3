import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { EnvironmentDns } from '../../src';
import { resources, tfSynth } from '../util';

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), 'test');
  new AwsProvider(s, 'aws', { region: 'eu-west-1' });
  return s;
}

describe('EnvironmentDns', () => {
  test('GIVEN a domain THEN a public zone, a wildcard certificate validated by DNS records in that zone, and the validation', () => {
    const s = stack();
    new EnvironmentDns(s, 'Dns', { domain: 'prod.example.com' });
    const tf = tfSynth(s);
    expect(resources(tf, 'aws_route53_zone')[0].name).toBe('prod.example.com');
    const cert = resources(tf, 'aws_acm_certificate')[0];
    expect(cert).toMatchObject({ domain_name: '*.prod.example.com', subject_alternative_names: ['prod.example.com'], validation_method: 'DNS' });
    expect(cert.lifecycle.create_before_destroy).toBe(true);
    const record = resources(tf, 'aws_route53_record')[0];
    expect(record.for_each).toContain('domain_validation_options');
    expect(record.zone_id).toMatch(/aws_route53_zone\..*\.zone_id/);
    expect(record).toMatchObject({ name: '${each.value.resource_record_name}', type: '${each.value.resource_record_type}', allow_overwrite: true });
    const validation = resources(tf, 'aws_acm_certificate_validation')[0];
    expect(validation.certificate_arn).toMatch(/aws_acm_certificate\..*\.arn/);
    expect(validation.validation_record_fqdns).toMatch(/for record in aws_route53_record\..* : record\.fqdn/);
  });

  test('GIVEN existingHostedZone THEN the zone is looked up by name, not created', () => {
    const s = stack();
    new EnvironmentDns(s, 'Dns', { domain: 'prod.example.com', existingHostedZone: true });
    const tf = tfSynth(s);
    expect(resources(tf, 'aws_route53_zone')).toEqual([]);
    expect(Object.values<any>(tf.data.aws_route53_zone)[0]).toMatchObject({ name: 'prod.example.com', private_zone: false });
    expect(resources(tf, 'aws_route53_record')[0].zone_id).toMatch(/data\.aws_route53_zone\./);
  });

  test('GIVEN a domain that is not one THEN it throws', () => {
    expect(() => new EnvironmentDns(stack(), 'Dns', { domain: 'Prod_Example' }))
      .toThrow(/EnvironmentDns 'test\/Dns': 'domain' \('Prod_Example'\) is not a valid DNS domain/);
  });
});
