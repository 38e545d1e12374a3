import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import { checkProps, propTypes, required, T } from '../private/prop-types';

/**
 * Options for `StateBackend.s3()`.
 */
export interface S3StateBackendOptions {
  /** The S3 bucket that holds the state. It should have versioning and default encryption on. */
  readonly bucket: string;
  /**
   * Region of the bucket.
   * @default - the stack's region
   */
  readonly region?: string;
  /**
   * Prefix of the state key. The key is `<prefix>/<platform>/<environment>/<stack>.tfstate`.
   * @default - no prefix: `<platform>/<environment>/<stack>.tfstate`
   */
  readonly keyPrefix?: string;
  /**
   * KMS key ID or ARN to encrypt the state object with.
   * @default - the bucket's default encryption (SSE-S3 or SSE-KMS as the bucket sets)
   */
  readonly kmsKeyId?: string;
}

/** Runtime types of `S3StateBackendOptions` (src/private/prop-types.ts). */
const S3_STATE_BACKEND_OPTIONS = propTypes('S3StateBackendOptions', {
  bucket: required(T.string),
  region: T.string,
  keyPrefix: T.string,
  kmsKeyId: T.string,
});

/**
 * Where Terraform keeps the state of a `PlatformStack`.
 *
 * Local state is the default so that synthesis needs nothing; use `StateBackend.s3()` for
 * any shared environment.
 */
export class StateBackend {
  /** State in a local file (`terraform.<stack>.tfstate`), for trying things out. */
  public static local(): StateBackend {
    return new StateBackend(undefined);
  }

  /**
   * State in S3, encrypted, with S3-native locking (`use_lockfile`, Terraform 1.10 or newer),
   * one key per platform, environment and stack, so that destroying one stack touches no other.
   */
  public static s3(options: S3StateBackendOptions): StateBackend {
    checkProps('StateBackend.s3', 'StateBackend', options, S3_STATE_BACKEND_OPTIONS, 'options');
    return new StateBackend(options);
  }

  private constructor(private readonly s3Options: S3StateBackendOptions | undefined) {}

  /**
   * The state key this backend uses for a stack, or undefined for local state.
   */
  public keyFor(platformName: string, environmentName: string, stackName: string): string | undefined {
    if (!this.s3Options) {
      return undefined;
    }
    const key = `${platformName}/${environmentName}/${stackName}.tfstate`;
    return this.s3Options.keyPrefix ? `${this.s3Options.keyPrefix.replace(/\/+$/, '')}/${key}` : key;
  }

  /**
   * Configures the backend on a stack.
   * @internal
   */
  public _bind(stack: TerraformStack, region: string, platformName: string, environmentName: string): void {
    const key = this.keyFor(platformName, environmentName, stack.node.id);
    if (!this.s3Options || key === undefined) {
      new LocalBackend(stack, { path: `terraform.${stack.node.id}.tfstate` });
      return;
    }
    const backend = new S3Backend(stack, {
      bucket: this.s3Options.bucket,
      key,
      region: this.s3Options.region ?? region,
      encrypt: true,
      kmsKeyId: this.s3Options.kmsKeyId,
    });
    // S3-native state locking (Terraform >= 1.10); no DynamoDB table to manage.
    backend.addOverride('use_lockfile', true);
  }
}
