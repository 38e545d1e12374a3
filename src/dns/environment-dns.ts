import { AcmCertificate } from '@cdktf/provider-aws/lib/acm-certificate';
import { AcmCertificateValidation } from '@cdktf/provider-aws/lib/acm-certificate-validation';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone';
import { TerraformIterator, Token } from 'cdktf';
import { Construct } from 'constructs';
import { propError } from '../private/errors';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { isDomainName } from '../private/validate';

const KIND = 'EnvironmentDns';
/** TTL of the ACM validation records: ACM re-reads them at every renewal. */
const VALIDATION_RECORD_TTL = 300;

/**
 * Properties for `EnvironmentDns`.
 */
export interface EnvironmentDnsProps {
  /** The environment's domain, e.g. `prod.acme.example.com`; services get `<service>.<domain>`. */
  readonly domain: string;
  /**
   * Use the public hosted zone of that name that exists already (looked up by name) instead of
   * creating one.
   * @default false - a public hosted zone is created; delegate to its `nameServers` from the parent zone
   */
  readonly existingHostedZone?: boolean;
}

/** Runtime types of `EnvironmentDnsProps` (src/private/prop-types.ts). */
const ENVIRONMENT_DNS_PROPS = propTypes('EnvironmentDnsProps', {
  domain: required(T.string),
  existingHostedZone: T.boolean,
});

/**
 * An environment's DNS and TLS: the public Route 53 hosted zone of its domain (created, or looked
 * up by name), and a wildcard ACM certificate (`*.<domain>` and `<domain>`) validated by DNS records
 * in that zone, with the `aws_acm_certificate_validation` that waits until it is issued.
 *
 * Exposed services use the certificate without naming it: the AWS Load Balancer Controller
 * discovers the ACM certificate matching an Ingress's host when no `certificate-arn` annotation is
 * set, so the ARN (known only after apply) never has to reach the YAML.
 */
export class EnvironmentDns extends Construct {
  /** The domain. */
  public readonly domain: string;
  /** The hosted zone's ID (a Terraform token). */
  public readonly zoneId: string;
  /** The hosted zone's ARN, for IAM policies (a Terraform token). */
  public readonly zoneArn: string;
  /** The zone's name servers, to delegate to from the parent zone (empty list token for a looked-up zone). */
  public readonly nameServers: string[];
  /** The wildcard certificate's ARN, available once it is issued (a Terraform token). */
  public readonly certificateArn: string;

  public constructor(scope: Construct, id: string, props: EnvironmentDnsProps) {
    super(scope, id);
    checkProps(this, KIND, props, ENVIRONMENT_DNS_PROPS);
    if (!isDomainName(props.domain)) {
      throw propError(this, KIND, 'domain', props.domain, 'is not a valid DNS domain of two labels or more', 'use a lower-case domain such as "prod.example.com"');
    }
    this.domain = props.domain;
    if (props.existingHostedZone) {
      const zone = new DataAwsRoute53Zone(this, 'ZoneLookup', { name: this.domain, privateZone: false });
      this.zoneId = zone.zoneId;
      this.zoneArn = zone.arn;
      this.nameServers = zone.nameServers;
    } else {
      const zone = new Route53Zone(this, 'Zone', { name: this.domain, comment: `Services of ${this.domain} (cdk-paved-road)` });
      this.zoneId = zone.zoneId;
      this.zoneArn = zone.arn;
      this.nameServers = zone.nameServers;
    }
    const certificate = new AcmCertificate(this, 'Certificate', {
      domainName: `*.${this.domain}`,
      subjectAlternativeNames: [this.domain],
      validationMethod: 'DNS',
      lifecycle: { createBeforeDestroy: true },
    });
    // One record per name to validate; the wildcard and the apex share theirs, hence allowOverwrite.
    const options = TerraformIterator.fromComplexList(certificate.domainValidationOptions, 'domain_name');
    const records = new Route53Record(this, 'ValidationRecord', {
      forEach: options,
      zoneId: this.zoneId,
      name: options.getString('resource_record_name'),
      type: options.getString('resource_record_type'),
      records: [options.getString('resource_record_value')],
      ttl: VALIDATION_RECORD_TTL,
      allowOverwrite: true,
    });
    const validation = new AcmCertificateValidation(this, 'Validation', {
      certificateArn: certificate.arn,
      // The records' FQDNs (a for expression over the for_each resource), as the provider documents.
      validationRecordFqdns: Token.asList(`\${[for record in ${records.fqn} : record.fqdn]}`),
    });
    this.certificateArn = validation.certificateArn;
  }
}
