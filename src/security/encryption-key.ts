import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { policyDocument, Statement } from '../private/iam';
import { checkProps, propTypes, required, T } from '../private/prop-types';

/**
 * Properties for `EncryptionKey`.
 */
export interface EncryptionKeyProps {
  /** Alias of the key, without the `alias/` prefix, e.g. `acme-prod/eks-secrets`. */
  readonly alias: string;
  /** What the key encrypts, for its description. */
  readonly purpose: string;
  /** The AWS account that owns the key; its administrators manage it through IAM. */
  readonly account: string;
  /**
   * The AWS partition.
   * @default 'aws'
   */
  readonly partition?: string;
  /**
   * Days before a deleted key is gone (7 to 30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
}

/** Runtime types of `EncryptionKeyProps` (src/private/prop-types.ts). */
const ENCRYPTION_KEY_PROPS = propTypes('EncryptionKeyProps', {
  alias: required(T.string),
  purpose: required(T.string),
  account: required(T.string),
  partition: T.string,
  deletionWindowDays: T.number,
});

/**
 * A customer-managed KMS key with yearly rotation and an explicit key policy: the account's IAM
 * administers it, and AWS services are allowed in one by one with `allowService()`.
 */
export class EncryptionKey extends Construct {
  /** The key. */
  public readonly key: KmsKey;
  /** ARN of the key. */
  public readonly keyArn: string;
  private readonly statements: Statement[];

  public constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    checkProps(this, 'EncryptionKey', props, ENCRYPTION_KEY_PROPS);
    const partition = props.partition ?? 'aws';
    // The AWS default key policy: the account root delegates key administration to IAM policies.
    this.statements = [{
      Sid: 'AccountAdministersThroughIam',
      Effect: 'Allow',
      Principal: { AWS: `arn:${partition}:iam::${props.account}:root` },
      Action: ['kms:*'],
      Resource: '*',
    }];
    this.key = new KmsKey(this, 'Key', {
      description: `${props.alias}: ${props.purpose}`,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
      policy: Lazy.stringValue({ produce: () => policyDocument(this.statements) }),
    });
    new KmsAlias(this, 'Alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.keyArn = this.key.arn;
  }

  /**
   * Lets an AWS service principal (e.g. `rds.amazonaws.com`) use the key for encryption.
   */
  public allowService(servicePrincipal: string): void {
    this.addServiceStatement(servicePrincipal, undefined);
  }

  /**
   * Lets CloudWatch Logs encrypt the log groups whose ARNs match a pattern with this key.
   *
   * @param region the region of the log groups
   * @param logGroupArnPattern e.g. `arn:aws:logs:eu-west-1:123456789012:log-group:/aws/eks/acme-prod/*`
   */
  public allowLogGroups(region: string, logGroupArnPattern: string): void {
    this.addServiceStatement(`logs.${region}.amazonaws.com`, {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logGroupArnPattern },
    });
  }

  private addServiceStatement(servicePrincipal: string, condition: Record<string, unknown> | undefined): void {
    this.statements.push({
      Sid: `Allow${servicePrincipal.split('.')[0].replace(/[^A-Za-z0-9]/g, '')}${this.statements.length}`,
      Effect: 'Allow',
      Principal: { Service: servicePrincipal },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
      Resource: '*',
      Condition: condition,
    });
  }
}
