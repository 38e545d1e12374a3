import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { PrometheusWorkspace as AmpWorkspace } from '@cdktf/provider-aws/lib/prometheus-workspace';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { propError } from '../private/errors';
import { EncryptionKey } from '../security/encryption-key';

const KIND = 'PrometheusWorkspace';
const LOOKUP_ID = 'PrometheusWorkspaceIdLookup';

/**
 * Properties for `PrometheusWorkspace`.
 */
export interface PrometheusWorkspaceProps {
  /** Alias of the workspace, e.g. `acme-prod`. */
  readonly alias: string;
  /** The AWS account (for the key policy). */
  readonly account: string;
  /**
   * The AWS partition.
   * @default 'aws'
   */
  readonly partition?: string;
  /**
   * Key that encrypts the workspace's metrics, rules and alert manager definition.
   * @default - a new customer-managed key with rotation
   */
  readonly encryptionKey?: EncryptionKey;
  /**
   * SSM parameter the workspace ID is written to, so app stacks and other repositories find the
   * workspace (AWS generates the ID; it cannot be derived from names).
   * @default - no parameter
   */
  readonly idParameterName?: string;
}

/**
 * An Amazon Managed Service for Prometheus workspace encrypted with a customer-managed KMS key,
 * its ID published in an SSM parameter. Usable alone in any `TerraformStack`.
 */
export class PrometheusWorkspace extends Construct {
  /**
   * The workspace ID read (at plan time) from the SSM parameter a platform wrote; one lookup per
   * stack, however many services ask.
   */
  public static idFromParameter(scope: Construct, parameterName: string): string {
    const stack = TerraformStack.of(scope);
    // A workspace made in this very stack: its ID directly (a data source would be read before the parameter exists).
    const local = stack.node.findAll().find((c): c is PrometheusWorkspace => c instanceof PrometheusWorkspace && c.idParameterName === parameterName);
    if (local) {
      return local.workspaceId;
    }
    const id = `${LOOKUP_ID}${parameterName.replace(/[^A-Za-z0-9]/g, '-')}`;
    const existing = stack.node.tryFindChild(id) as DataAwsSsmParameter | undefined;
    return (existing ?? new DataAwsSsmParameter(stack, id, { name: parameterName })).value;
  }

  /** The workspace. */
  public readonly workspace: AmpWorkspace;
  /** Its ID (a Terraform token). */
  public readonly workspaceId: string;
  /** Its ARN (a Terraform token). */
  public readonly workspaceArn: string;
  /** Its remote-write and query endpoint (a Terraform token). */
  public readonly endpoint: string;
  /** The key encrypting it. */
  public readonly encryptionKey: EncryptionKey;
  /** The SSM parameter its ID is written to, if any. */
  public readonly idParameterName?: string;

  public constructor(scope: Construct, id: string, props: PrometheusWorkspaceProps) {
    super(scope, id);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(props.alias)) {
      throw propError(this, KIND, 'alias', props.alias, 'is not a workspace alias', 'use 1 to 100 letters, digits, ".", "_" and "-"');
    }
    this.encryptionKey = props.encryptionKey ?? new EncryptionKey(this, 'Key', {
      alias: `${props.alias}/prometheus`,
      purpose: `Amazon Managed Service for Prometheus workspace ${props.alias}`,
      account: props.account,
      partition: props.partition,
    });
    this.workspace = new AmpWorkspace(this, 'Workspace', {
      alias: props.alias,
      kmsKeyArn: this.encryptionKey.keyArn,
    });
    this.workspaceId = this.workspace.id;
    this.workspaceArn = this.workspace.arn;
    this.endpoint = this.workspace.prometheusEndpoint;
    this.idParameterName = props.idParameterName;
    if (props.idParameterName) {
      new SsmParameter(this, 'IdParameter', {
        name: props.idParameterName,
        type: 'String',
        value: this.workspaceId,
        description: `ID of the Amazon Managed Service for Prometheus workspace ${props.alias}`,
      });
    }
  }
}
