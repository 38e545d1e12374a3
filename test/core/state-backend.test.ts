import { StateBackend } from '../../src';
import { prodStack, synthAll } from '../util';

describe('StateBackend', () => {
  test('local state: no key, a local backend named after the stack', () => {
    expect(StateBackend.local().keyFor('acme', 'prod', 'prod')).toBeUndefined();
    const { app } = prodStack({ stateBackend: StateBackend.local() });
    const { tf } = synthAll(app);
    expect(tf.prod.terraform.backend).toEqual({ local: { path: 'terraform.prod.tfstate' } });
  });

  test('S3 keys: <platform>/<environment>/<stack>.tfstate, under a prefix without its trailing slashes', () => {
    expect(StateBackend.s3({ bucket: 'state' }).keyFor('acme', 'prod', 'platform')).toBe('acme/prod/platform.tfstate');
    expect(StateBackend.s3({ bucket: 'state', keyPrefix: 'envs//' }).keyFor('acme', 'dev-pr-1', 'shop-pr-1')).toBe('envs/acme/dev-pr-1/shop-pr-1.tfstate');
  });

  test('S3 state is encrypted and locked with S3-native locking, in the stack\'s region unless told; a KMS key is passed on', () => {
    const { app } = prodStack({ stateBackend: StateBackend.s3({ bucket: 'acme-state', kmsKeyId: 'alias/state' }) });
    const { tf } = synthAll(app);
    expect(tf.prod.terraform.backend.s3).toEqual({
      bucket: 'acme-state', key: 'acme/prod/prod.tfstate', region: 'eu-west-1', encrypt: true, kms_key_id: 'alias/state', use_lockfile: true,
    });
    const other = prodStack({ stateBackend: StateBackend.s3({ bucket: 'acme-state', region: 'us-east-1' }) });
    expect(synthAll(other.app).tf.prod.terraform.backend.s3.region).toBe('us-east-1');
  });
});
