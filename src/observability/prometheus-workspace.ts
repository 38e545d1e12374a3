import { DataAwsSsmParameter } from '@cdktf/provider-aws/lib/data-aws-ssm-parameter';
import { PrometheusWorkspace as AmpWorkspace } from '@cdktf/provider-aws/lib/prometheus-workspace';
import { SsmParameter } from '@cdktf/provider-aws/lib/ssm-parameter';
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { propError } from '../private/errors';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { EncryptionKey } from '../security/encryption-key';

const KIND = 'PrometheusWorkspace';
const LOOKUP_ID = 'PrometheusWorkspaceIdLookup';
/** The workspace ID token of each lookup, read once. */
const LOOKUP_VALUES = new WeakMap<DataAwsSsmParameter, string>();
/** Child of the stack that says a workspace of this stack writes a parameter (constant time for every service that asks). */
const LOCAL_ID = 'PrometheusWorkspaceOfStack';

/** Marks, on its stack, the workspace that publishes an ID parameter; it synthesizes nothing. */
class LocalWorkspaceId extends Construct {
  public constructor(scope: Construct, id: string, public readonly workspaceId: string) {
    super(scope, id);
  }
}

function idSuffix(parameterName: string): string {
  return parameterName.replace(/[^A-Za-z0-9]/g, '-');
}

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

/** Runtime types of `PrometheusWorkspaceProps` (src/private/prop-types.ts). */
const PROMETHEUS_WORKSPACE_PROPS = propTypes('PrometheusWorkspaceProps', {
  alias: required(T.string),
  account: required(T.string),
  partition: T.string,
  encryptionKey: T.shape('an EncryptionKey', 'an EncryptionKey construct', ['keyArn']),
  idParameterName: T.string,
});

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
    // A workspace made earlier in this very stack: its ID directly (a data source would be read before the parameter exists).
    const local = stack.node.tryFindChild(`${LOCAL_ID}${idSuffix(parameterName)}`);
    if (local instanceof LocalWorkspaceId) {
      return local.workspaceId;
    }
    const id = `${LOOKUP_ID}${idSuffix(parameterName)}`;
    const existing = stack.node.tryFindChild(id) as DataAwsSsmParameter | undefined;
    const lookup = existing ?? new DataAwsSsmParameter(stack, id, { name: parameterName });
    // One token for every service that asks: cdktf makes a new one, with its stack trace, on each read.
    let value = LOOKUP_VALUES.get(lookup);
    if (value === undefined) {
      value = lookup.value;
      LOOKUP_VALUES.set(lookup, value);
    }
    return value;
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
    checkProps(this, KIND, props, PROMETHEUS_WORKSPACE_PROPS);
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
      new LocalWorkspaceId(TerraformStack.of(this), `${LOCAL_ID}${idSuffix(props.idParameterName)}`, this.workspaceId);
      new SsmParameter(this, 'IdParameter', {
        name: props.idParameterName,
        type: 'String',
        // Not a secret: readable in plans, like the platform's other parameters (PlatformParameters).
        insecureValue: this.workspaceId,
        description: `ID of the Amazon Managed Service for Prometheus workspace ${props.alias}`,
      });
    }
  }
}
