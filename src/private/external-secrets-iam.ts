import { Construct } from 'constructs';
import { addonIdentity } from './addon-identity';
import { EXTERNAL_SECRETS_NAMESPACE, EXTERNAL_SECRETS_SERVICE_ACCOUNT } from './contract';
import { policyDocument } from './iam';
import { PlatformContext } from '../core/platform-context';

/**
 * The External Secrets Operator's IAM role (read the environment's secrets, and the RDS-managed
 * master secrets of its databases) and its Pod Identity association. Created directly in `scope`
 * under the IDs `PlatformCluster` has always used, so their Terraform addresses stay.
 * @internal
 */
export function addExternalSecretsIam(scope: Construct, ctx: PlatformContext, clusterName: string): void {
  const secretArn = `arn:${ctx.partition}:secretsmanager:${ctx.region}:${ctx.account}:secret:`;
  addonIdentity(scope, 'ExternalSecrets', {
    clusterName,
    roleName: `${ctx.prefix}-external-secrets`,
    policyName: 'read-environment-secrets',
    namespace: EXTERNAL_SECRETS_NAMESPACE,
    serviceAccount: EXTERNAL_SECRETS_SERVICE_ACCOUNT,
    policy: policyDocument([
      {
        Sid: 'ReadEnvironmentSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: [
          `${secretArn}${ctx.platformName}/${ctx.environmentName}/*`,
          // Previews hosted on this cluster (`<environment>-pr-<n>`) keep their own database connections.
          `${secretArn}${ctx.platformName}/${ctx.environmentName}-pr-*/*`,
        ],
      },
      {
        // RDS names the master secrets it manages `rds!db-<uuid>` and tags them with the instance ARN.
        Sid: 'ReadEnvironmentDatabaseMasterSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: [`${secretArn}rds!*`],
        Condition: {
          StringLike: { 'secretsmanager:ResourceTag/aws:rds:primaryDBInstanceArn': `arn:${ctx.partition}:rds:${ctx.region}:${ctx.account}:db:${ctx.prefix}-*` },
        },
      },
      {
        // ExternalSecrets find the master secret by that tag: External Secrets lists the secrets and
        // reads the matches with BatchGetSecretValue (external-secrets v2.9.0,
        // providers/v1/aws/secretsmanager/secretsmanager.go, findByTags -> fetchWithBatch), which
        // also needs GetSecretValue on each secret (above). Neither has resource-level scoping.
        Sid: 'FindSecretsByTag',
        Effect: 'Allow',
        Action: ['secretsmanager:ListSecrets', 'secretsmanager:BatchGetSecretValue'],
        Resource: '*',
      },
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: [`arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/*`],
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${ctx.region}.amazonaws.com` } },
      },
    ]),
  });
}
