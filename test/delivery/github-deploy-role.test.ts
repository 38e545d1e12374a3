import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { GithubDeployRole, GithubOidcProvider, GithubSubject } from '../../src';
import { resources, tfSynth } from '../util';

const PROVIDER = GithubOidcProvider.fromAccount('123456789012');
const REPO_ARN = 'arn:aws:ecr:eu-west-1:123456789012:repository/acme/prod/checkout';

function plainStack(): TerraformStack {
  const stack = new TerraformStack(new App(), 's');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  return stack;
}

describe('GithubDeployRole (alone in a plain TerraformStack)', () => {
  test('trusts the audience and the exact subjects only, one-hour sessions', () => {
    const stack = plainStack();
    new GithubDeployRole(stack, 'deploy', {
      provider: PROVIDER,
      roleName: 'shop-deploy',
      subjects: [GithubSubject.environment('acme/shop', 'production'), GithubSubject.branch('acme/shop', 'main')],
    });
    const [role] = resources(tfSynth(stack), 'aws_iam_role');
    expect(role.name).toBe('shop-deploy');
    expect(role.max_session_duration).toBe(3600);
    const [statement] = JSON.parse(role.assume_role_policy).Statement;
    expect(statement).toEqual({
      Effect: 'Allow',
      Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' },
      Action: ['sts:AssumeRoleWithWebIdentity'],
      Condition: {
        StringEquals: {
          'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
          'token.actions.githubusercontent.com:sub': ['repo:acme/shop:environment:production', 'repo:acme/shop:ref:refs/heads/main'],
        },
      },
    });
    expect(JSON.stringify(statement)).not.toMatch(/StringLike|\*/);
  });

  test('grantEcrPush: the push actions (and DescribeImages, to find a tag pushed already) on the named repositories, the login token on *', () => {
    const stack = plainStack();
    const role = new GithubDeployRole(stack, 'deploy', { provider: PROVIDER, roleName: 'shop-deploy', subjects: [GithubSubject.branch('acme/shop', 'main')] });
    const grant = role.grantEcrPush([REPO_ARN]);
    new TerraformOutput(stack, 'granted', { value: grant.principalArn });
    expect(grant.actions).toEqual(['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload',
      'ecr:DescribeImages', 'ecr:InitiateLayerUpload', 'ecr:PutImage', 'ecr:UploadLayerPart']);
    expect(grant.resourceArns).toEqual(['*', REPO_ARN]);
    role.grantEcrPush(['arn:aws:ecr:eu-west-1:123456789012:repository/acme/prod/orders']);
    const json = tfSynth(stack);
    // The grant names the role that got it.
    expect(json.output.granted.value).toMatch(/^\$\{aws_iam_role\.deploy_.*\.arn\}$/);
    const policies = resources(json, 'aws_iam_role_policy');
    expect(policies).toHaveLength(1);
    const statements = JSON.parse(policies[0].policy).Statement;
    expect(statements).toEqual([
      { Sid: 'GetRegistryLoginToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
      {
        Sid: 'PushImages',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:CompleteLayerUpload', 'ecr:DescribeImages', 'ecr:InitiateLayerUpload', 'ecr:PutImage',
          'ecr:UploadLayerPart'],
        Resource: [REPO_ARN, 'arn:aws:ecr:eu-west-1:123456789012:repository/acme/prod/orders'],
      },
    ]);
  });

  test('grantTerraformState: the environment\'s keys and lock files; plan reads, deploy writes', () => {
    const stack = plainStack();
    const plan = new GithubDeployRole(stack, 'plan', { provider: PROVIDER, roleName: 'plan', subjects: [GithubSubject.pullRequest('acme/platform')] });
    const deploy = new GithubDeployRole(stack, 'deploy', { provider: PROVIDER, roleName: 'deploy', subjects: [GithubSubject.environment('acme/platform', 'prod')] });
    const planGrant = plan.grantTerraformState('acme-terraform-state', 'platform/acme/prod/', false);
    new TerraformOutput(stack, 'granted', { value: planGrant.principalArn });
    expect(tfSynth(stack).output.granted.value).toMatch(/^\$\{aws_iam_role\.plan_.*\.arn\}$/);
    expect(planGrant).toEqual({
      principalArn: planGrant.principalArn,
      actions: ['s3:ListBucket', 's3:GetObject', 's3:DeleteObject', 's3:PutObject'],
      resourceArns: ['arn:aws:s3:::acme-terraform-state', 'arn:aws:s3:::acme-terraform-state/platform/acme/prod/*.tfstate',
        'arn:aws:s3:::acme-terraform-state/platform/acme/prod/*.tfstate.tflock'],
    });
    deploy.grantTerraformState('acme-terraform-state', 'platform/acme/prod', true);
    const [planPolicy, deployPolicy] = resources(tfSynth(stack), 'aws_iam_role_policy')
      .sort((a, b) => String(a.role).localeCompare(String(b.role)) * -1)
      .map((p) => JSON.parse(p.policy).Statement);
    expect(planPolicy.find((s: any) => s.Sid === 'ReadState')).toEqual({
      Sid: 'ReadState', Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::acme-terraform-state/platform/acme/prod/*.tfstate'],
    });
    expect(deployPolicy.find((s: any) => s.Sid === 'ReadWriteState').Action).toEqual(['s3:GetObject', 's3:PutObject']);
    for (const policy of [planPolicy, deployPolicy]) {
      expect(policy.find((s: any) => s.Sid === 'ListState').Condition).toEqual({ StringLike: { 's3:prefix': ['platform/acme/prod/*'] } });
      expect(policy.find((s: any) => s.Sid === 'LockState').Resource).toEqual(['arn:aws:s3:::acme-terraform-state/platform/acme/prod/*.tfstate.tflock']);
    }
  });

  test('grantReadSecrets: the values of the named secrets (ARNs or tokens), decrypted only through Secrets Manager; grantDescribeCluster: the cluster\'s endpoint', () => {
    const stack = plainStack();
    const role = new GithubDeployRole(stack, 'plan', { provider: PROVIDER, roleName: 'plan', subjects: [GithubSubject.pullRequest('acme/shop')] });
    const secret = new SecretsmanagerSecret(stack, 'secret', { name: 'acme/dev/orders/connection' });
    role.grantReadSecrets([secret.arn, 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/dev/observability/*-*']);
    role.grantDescribeCluster('arn:aws:eks:eu-west-1:123456789012:cluster/acme-dev');
    const statements = JSON.parse(resources(tfSynth(stack), 'aws_iam_role_policy')[0].policy).Statement;
    expect(statements).toEqual([
      { Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: ['${aws_secretsmanager_secret.secret.arn}', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/dev/observability/*-*'] },
      { Sid: 'DecryptSecretsThroughSecretsManager', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '*', Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } } },
      { Sid: 'DescribeCluster', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: ['arn:aws:eks:eu-west-1:123456789012:cluster/acme-dev'] },
    ]);
  });

  test('addManagedPolicy attaches each policy once', () => {
    const stack = plainStack();
    const role = new GithubDeployRole(stack, 'deploy', { provider: PROVIDER, roleName: 'deploy', subjects: [GithubSubject.branch('acme/platform', 'main')] });
    role.addManagedPolicy('arn:aws:iam::123456789012:policy/deployer');
    expect(resources(tfSynth(stack), 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toEqual(['arn:aws:iam::123456789012:policy/deployer']);
    expect(() => role.addManagedPolicy('arn:aws:iam::123456789012:policy/deployer'))
      .toThrow(/GithubDeployRole 's\/deploy': managed policy 'arn:aws:iam::123456789012:policy\/deployer' is attached twice; attach each policy once/);
  });

  test.each([
    ['no subjects', (s: TerraformStack) => new GithubDeployRole(s, 'r', { provider: PROVIDER, roleName: 'r', subjects: [] }),
      /GithubDeployRole 's\/r': 'subjects' \(\[\]\) is empty, so no workflow could assume the role/],
    ['a hand-made subject', (s: TerraformStack) => new GithubDeployRole(s, 'r', { provider: PROVIDER, roleName: 'r', subjects: [{ value: 'repo:*' } as any] }),
      /'subjects' \(\{"value":"repo:\*"\}\) holds a value that is not a GithubSubject; build each subject with GithubSubject.branch\(\)/],
    ['a long role name', (s: TerraformStack) => new GithubDeployRole(s, 'r', { provider: PROVIDER, roleName: 'x'.repeat(65), subjects: [GithubSubject.pullRequest('a/b')] }),
      /'roleName' \('x{65}'\) is not an IAM role name of at most 64 characters/],
    ['a wildcard repository ARN', (s: TerraformStack) => new GithubDeployRole(s, 'r', { provider: PROVIDER, roleName: 'r', subjects: [GithubSubject.pullRequest('a/b')] })
      .grantEcrPush(['arn:aws:ecr:eu-west-1:123456789012:repository/*']), /'grantEcrPush repositoryArns' \('arn:aws:ecr:eu-west-1:123456789012:repository\/\*'\) is not the ARN of one ECR repository \(wildcards are refused\)/],
    ['no repositories', (s: TerraformStack) => new GithubDeployRole(s, 'r', { provider: PROVIDER, roleName: 'r', subjects: [GithubSubject.pullRequest('a/b')] })
      .grantEcrPush([]), /'grantEcrPush repositoryArns' \(\[\]\) is empty; name the repositories the workflow pushes to/],
    ['a wildcard state prefix', (s: TerraformStack) => new GithubDeployRole(s, 'r', { provider: PROVIDER, roleName: 'r', subjects: [GithubSubject.pullRequest('a/b')] })
      .grantTerraformState('acme-state', '*', true), /'grantTerraformState keyPrefix' \('\*'\) is empty or holds a wildcard/],
    ['a bad bucket', (s: TerraformStack) => new GithubDeployRole(s, 'r', { provider: PROVIDER, roleName: 'r', subjects: [GithubSubject.pullRequest('a/b')] })
      .grantTerraformState('Acme_State', 'x', true), /'grantTerraformState bucket' \('Acme_State'\) is not an S3 bucket name/],
    ['a cluster name instead of its ARN', (s: TerraformStack) => new GithubDeployRole(s, 'r', { provider: PROVIDER, roleName: 'r', subjects: [GithubSubject.pullRequest('a/b')] })
      .grantDescribeCluster('acme-dev'), /^GithubDeployRole 's\/r': 'grantDescribeCluster clusterArn' \('acme-dev'\) is not the ARN of one EKS cluster; give "arn:aws:eks:<region>:<account>:cluster\/<name>"/],
    ['a secret name instead of its ARN', (s: TerraformStack) => new GithubDeployRole(s, 'r', { provider: PROVIDER, roleName: 'r', subjects: [GithubSubject.pullRequest('a/b')] })
      .grantReadSecrets(['acme/dev/orders/connection']), /^GithubDeployRole 's\/r': 'grantReadSecrets secretArns' \('acme\/dev\/orders\/connection'\) is not the ARN of a Secrets Manager secret/],
  ])('fails on %s', (_name, make, message) => {
    expect(() => make(plainStack())).toThrow(message);
  });
});
