import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { addonIdentity } from './addon-identity';
import {
  EXTERNAL_DNS_SERVICE_ACCOUNT, EXTERNAL_DNS_NAMESPACE, LOAD_BALANCER_CONTROLLER_NAMESPACE, LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
  PRIORITY_CLASS,
} from './contract';
import { policyDocument } from './iam';
import { AWS_LOAD_BALANCER_CONTROLLER_POLICY_JSON } from './policies/aws-load-balancer-controller';
import { EKS_COMMUNITY_ADDONS } from './versions';
import { PlatformContext } from '../core/platform-context';

/**
 * The AWS Load Balancer Controller's IAM role, with the upstream policy of the pinned version
 * (ARNs in this partition), bound to its service account through Pod Identity.
 * @internal
 */
export function addLoadBalancerControllerIam(scope: Construct, ctx: PlatformContext, clusterToken: string): void {
  const upstream = JSON.parse(AWS_LOAD_BALANCER_CONTROLLER_POLICY_JSON.replace(/"arn:aws:/g, `"arn:${ctx.partition}:`));
  addonIdentity(scope, 'LoadBalancerController', {
    clusterName: clusterToken,
    roleName: `${ctx.prefix}-lb-controller`,
    policyName: 'aws-load-balancer-controller',
    namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
    serviceAccount: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
    policy: JSON.stringify(upstream),
  });
}

/** Options of `addExternalDns()`. @internal */
export interface ExternalDnsOptions {
  readonly context: PlatformContext;
  readonly clusterToken: string;
  /** The environment's domain: the only one ExternalDNS manages. */
  readonly domain: string;
  /** The hosted zone's ID and ARN (tokens): the only zone it may change. */
  readonly zoneId: string;
  readonly zoneArn: string;
  /** What the add-on waits for (the nodes it runs on). */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * ExternalDNS as the EKS community add-on `external-dns`, scoped to the environment's zone: the
 * domain filter, the zone ID filter and a TXT owner ID per cluster, and an IAM role (through Pod
 * Identity) that may change records of that zone only (the upstream tutorial's policy, narrowed
 * from `hostedzone/*` to the one zone).
 * @internal
 */
export function addExternalDns(scope: Construct, options: ExternalDnsOptions): EksAddon {
  const ctx = options.context;
  const role = addonIdentity(scope, 'ExternalDns', {
    clusterName: options.clusterToken,
    roleName: `${ctx.prefix}-external-dns`,
    policyName: 'environment-zone-records',
    namespace: EXTERNAL_DNS_NAMESPACE,
    serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT,
    associate: false, // the add-on's own podIdentityAssociation below
    // kubernetes-sigs/external-dns docs/tutorials/aws.md (chart 1.21.1): the record actions on the zone, ListHostedZones unscoped.
    policy: policyDocument([
      {
        Sid: 'ChangeEnvironmentZoneRecords',
        Effect: 'Allow',
        Action: ['route53:ChangeResourceRecordSets', 'route53:ListResourceRecordSets', 'route53:ListTagsForResources'],
        Resource: [options.zoneArn],
      },
      { Sid: 'ListZones', Effect: 'Allow', Action: ['route53:ListHostedZones'], Resource: '*' },
    ]),
  });
  // Configuration values are the upstream chart's (charts/external-dns/values.yaml).
  return new EksAddon(scope, 'Addon-external-dns', {
    clusterName: options.clusterToken,
    addonName: 'external-dns',
    addonVersion: EKS_COMMUNITY_ADDONS.externalDns,
    configurationValues: JSON.stringify({
      provider: { name: 'aws' },
      sources: ['ingress', 'service'],
      policy: 'sync',
      registry: 'txt',
      txtOwnerId: ctx.clusterName,
      domainFilters: [options.domain],
      extraArgs: [`--zone-id-filter=${options.zoneId}`, '--aws-zone-type=public'],
      env: [{ name: 'AWS_REGION', value: ctx.region }],
      priorityClassName: PRIORITY_CLASS.PLATFORM_CRITICAL,
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    }),
    resolveConflictsOnCreate: 'OVERWRITE',
    resolveConflictsOnUpdate: 'OVERWRITE',
    podIdentityAssociation: [{ roleArn: role.arn, serviceAccount: EXTERNAL_DNS_SERVICE_ACCOUNT }],
    dependsOn: options.dependsOn,
  });
}
