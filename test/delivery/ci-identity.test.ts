import { CiIdentity, EnvironmentClass, Promotion } from '../../src';
import { prodStack, resources, synthAll } from '../util';

const DEPLOYER = 'arn:aws:iam::123456789012:policy/acme-platform-deployer';

describe('CiIdentity', () => {
  test('app repository: a role for its GitHub environment that pushes only to its services\' repositories', () => {
    const { app, stack } = prodStack();
    const ci = new CiIdentity(stack, 'ci');
    const shop = ci.addAppRepository('shop', { repository: 'acme/shop', team: 'shop', services: ['orders', 'checkout'] });
    const { tf } = synthAll(app);
    const json = tf.prod;
    expect(resources(json, 'aws_iam_openid_connect_provider')).toHaveLength(1);
    const [role] = resources(json, 'aws_iam_role').filter((r) => r.name === 'acme-prod-gha-app-shop');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub'])
      .toEqual(['repo:acme/shop:environment:prod']);
    const push = JSON.parse(resources(json, 'aws_iam_role_policy')[0].policy).Statement.find((s: any) => s.Sid === 'PushImages');
    // The repositories ServiceApp creates: <platform>/<host environment>/<service>.
    expect(push.Resource).toEqual([
      'arn:aws:ecr:eu-west-1:123456789012:repository/acme/prod/checkout',
      'arn:aws:ecr:eu-west-1:123456789012:repository/acme/prod/orders',
    ]);
    expect(shop.stage).toEqual({
      environment: 'prod',
      team: 'shop',
      githubEnvironment: 'prod',
      roleArn: 'arn:aws:iam::123456789012:role/acme-prod-gha-app-shop',
      region: 'eu-west-1',
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod',
      services: ['checkout', 'orders'],
      appStack: 'shop-prod',
      promotion: Promotion.PULL_REQUEST,
      deploysTerraform: false,
    });
  });

  test('app repository with deployPolicyArns: the same role may apply the app\'s Terraform, with its state under the platform and environment only', () => {
    const { app, stack } = prodStack();
    const shop = new CiIdentity(stack, 'ci').addAppRepository('shop', {
      repository: 'acme/shop',
      team: 'shop',
      services: ['orders'],
      deployPolicyArns: ['arn:aws:iam::123456789012:policy/acme-app-deployer'],
      stateBucket: 'acme-terraform-state',
      stateKeyPrefix: '/apps/',
    });
    expect(shop.stage.deploysTerraform).toBe(true);
    // Its pull requests plan with a read-only role of their own.
    expect(shop.stage.planRoleArn).toBe('arn:aws:iam::123456789012:role/acme-prod-gha-app-plan-shop');
    expect(shop.planRole).toBeDefined();
    const json = synthAll(app).tf.prod;
    const attachments = resources(json, 'aws_iam_role_policy_attachment');
    expect(attachments.map((a) => [a.role.replace(/^\$\{aws_iam_role\.ci_(App|AppPlan)-shop_.*$/, '$1'), a.policy_arn])).toEqual([
      ['App', 'arn:aws:iam::123456789012:policy/acme-app-deployer'],
      ['AppPlan', 'arn:aws:iam::aws:policy/ReadOnlyAccess'],
    ]);
    const plan = resources(json, 'aws_iam_role').find((r) => r.name === 'acme-prod-gha-app-plan-shop');
    expect(JSON.parse(plan.assume_role_policy).Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual(['repo:acme/shop:pull_request']);
    const statements = resources(json, 'aws_iam_role_policy').flatMap((p) => JSON.parse(p.policy).Statement);
    const state = statements.filter((st: any) => [st.Resource].flat().some((r: string) => r.startsWith('arn:aws:s3:::acme-terraform-state')));
    expect(state.flatMap((st: any) => [st.Resource].flat()).filter((r: string) => r.includes('/'))
      .every((r: string) => r.startsWith('arn:aws:s3:::acme-terraform-state/apps/acme/prod/'))).toBe(true);
    expect(state.length).toBeGreaterThan(0);
  });

  test('platform repository with a policy name instead of its ARN THEN it throws naming the prop', () => {
    const { stack } = prodStack();
    expect(() => new CiIdentity(stack, 'ci').addPlatformRepository('platform', { repository: 'acme/platform', deployPolicyArns: ['AdministratorAccess'] }))
      .toThrow(/CiIdentity 'prod\/ci': 'addPlatformRepository deployPolicyArns' \('AdministratorAccess'\) is not a resource ARN/);
    expect(() => new CiIdentity(prodStack().stack, 'ci').addPlatformRepository('platform', {
      repository: 'acme/platform', deployPolicyArns: ['arn:aws:iam::123456789012:policy/acme-platform-deployer'], planPolicyArns: ['ReadOnlyAccess'],
    })).toThrow(/'addPlatformRepository planPolicyArns' \('ReadOnlyAccess'\) is not a resource ARN/);
  });

  test.each([
    ['an empty deployPolicyArns', { deployPolicyArns: [] }, /CiIdentity 'prod\/ci': 'addAppRepository deployPolicyArns' \(\[\]\) is empty, so the app's Terraform could change nothing; name the managed policy/],
    ['a stateBucket without deployPolicyArns', { stateBucket: 'acme-terraform-state' },
      /'addAppRepository stateBucket' \('acme-terraform-state'\) is given without deployPolicyArns, so no job would use the state; add deployPolicyArns/],
    ['planPolicyArns without deployPolicyArns', { planPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] },
      /'addAppRepository planPolicyArns' \(\["arn:aws:iam::aws:policy\/ReadOnlyAccess"\]\) is given without deployPolicyArns, so there is no Terraform to plan/],
    ['a policy name instead of its ARN', { deployPolicyArns: ['acme-app-deployer'] },
      /CiIdentity 'prod\/ci': 'addAppRepository deployPolicyArns' \('acme-app-deployer'\) is not a resource ARN; use arn:<partition>/],
  ])('app repository with %s THEN it throws', (_name, extra, message) => {
    const { stack } = prodStack();
    expect(() => new CiIdentity(stack, 'ci').addAppRepository('shop', { repository: 'acme/shop', team: 'shop', services: ['orders'], ...extra })).toThrow(message);
  });

  test('preview repository: a role for the preview GitHub environment that pushes preview images, applies previews\' Terraform with the team\'s preview state only, and reads the cluster\'s endpoint', () => {
    const { app, stack } = prodStack({ environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT }, 'dev');
    const previews = new CiIdentity(stack, 'ci').addPreviewRepository('shop', {
      repository: 'acme/shop',
      team: 'shop',
      services: ['orders', 'checkout'],
      deployPolicyArns: ['arn:aws:iam::123456789012:policy/acme-app-deployer'],
      stateBucket: 'acme-dev-terraform-state',
    });
    expect(previews).toMatchObject({
      roleArn: 'arn:aws:iam::123456789012:role/acme-dev-gha-preview-shop',
      githubEnvironment: 'preview',
      stateKeyPrefix: 'previews/shop',
      namespacePattern: 'preview-shop-pr-*',
    });
    const { tf, result } = synthAll(app);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const role = resources(tf.dev, 'aws_iam_role').find((r) => r.name === 'acme-dev-gha-preview-shop');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual(['repo:acme/shop:environment:preview']);
    expect(resources(tf.dev, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toEqual(['arn:aws:iam::123456789012:policy/acme-app-deployer']);
    const statements = JSON.parse(resources(tf.dev, 'aws_iam_role_policy')[0].policy).Statement;
    const sid = (id: string) => statements.find((st: any) => st.Sid === id);
    // Previews pull from the host environment's repositories: pr-<n>-<commit> images go there.
    expect(sid('PushImages').Resource).toEqual(['arn:aws:ecr:eu-west-1:123456789012:repository/acme/dev/checkout', 'arn:aws:ecr:eu-west-1:123456789012:repository/acme/dev/orders']);
    expect(sid('DescribeCluster')).toEqual({ Sid: 'DescribeCluster', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: ['arn:aws:eks:eu-west-1:123456789012:cluster/acme-dev'] });
    // State: the keys of this team's previews (<prefix>/<platform>/<host>-pr-<n>/<stack>.tfstate) and no other.
    expect(sid('ListState').Condition).toEqual({ StringLike: { 's3:prefix': ['previews/shop/acme/*'] } });
    expect(sid('ReadWriteState').Resource).toEqual(['arn:aws:s3:::acme-dev-terraform-state/previews/shop/acme/*.tfstate']);
  });

  test.each([
    ['no services', { services: [] }, /^CiIdentity 'dev\/ci': 'addPreviewRepository services' \(\[\]\) is empty, so the role could push no preview image; name the services/],
    ['no deploy policy', { deployPolicyArns: [] }, /^CiIdentity 'dev\/ci': 'addPreviewRepository deployPolicyArns' \(\[\]\) is empty, so no preview's Terraform could be applied; name the managed policy/],
    ['a team that is not a DNS label', { team: 'Shop' }, /^CiIdentity 'dev\/ci': 'addPreviewRepository team' \('Shop'\) is not a DNS-1123 label/],
    ['a policy name instead of its ARN', { deployPolicyArns: ['acme-app-deployer'] }, /'addPreviewRepository deployPolicyArns' \('acme-app-deployer'\) is not a resource ARN/],
  ])('preview repository with %s THEN it throws', (_name, extra, message) => {
    const { stack } = prodStack({ environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT }, 'dev');
    expect(() => new CiIdentity(stack, 'ci').addPreviewRepository('shop', {
      repository: 'acme/shop', team: 'shop', services: ['orders'], deployPolicyArns: ['arn:aws:iam::123456789012:policy/acme-app-deployer'], ...extra,
    })).toThrow(message);
  });

  test('a repository\'s previews and its delivery share an id; previews added twice fail', () => {
    const { stack } = prodStack({ environmentName: 'dev', environmentClass: EnvironmentClass.DEVELOPMENT }, 'dev');
    const ci = new CiIdentity(stack, 'ci');
    const options = { repository: 'acme/shop', team: 'shop', services: ['orders'], deployPolicyArns: ['arn:aws:iam::123456789012:policy/acme-app-deployer'] };
    ci.addAppRepository('shop', options);
    expect(ci.addPreviewRepository('shop', options).roleArn).toBe('arn:aws:iam::123456789012:role/acme-dev-gha-preview-shop');
    expect(() => ci.addPreviewRepository('shop', options)).toThrow(/^CiIdentity 'dev\/ci': repository id 'shop' is added twice for previews; give each repository its own id/);
  });

  test('promotion by environment class: a commit in development, a pull request in staging and production', () => {
    const promotion = (environmentClass: EnvironmentClass) => {
      const { stack } = prodStack({ environmentClass, environmentName: 'env' });
      return new CiIdentity(stack, 'ci').addAppRepository('shop', { repository: 'acme/shop', team: 'shop', services: ['web'] }).stage.promotion;
    };
    expect(promotion(EnvironmentClass.DEVELOPMENT)).toBe(Promotion.COMMIT);
    expect(promotion(EnvironmentClass.STAGING)).toBe(Promotion.PULL_REQUEST);
    expect(promotion(EnvironmentClass.PRODUCTION)).toBe(Promotion.PULL_REQUEST);
  });

  test('platform repository: a read-only plan role for pull requests, a deploy role for the environment, state access; guardrails pass', () => {
    const { app, stack } = prodStack();
    const ci = new CiIdentity(stack, 'ci', { createOidcProvider: false });
    const platform = ci.addPlatformRepository('platform', {
      repository: 'acme/platform', deployPolicyArns: [DEPLOYER], stateBucket: 'acme-terraform-state', stateKeyPrefix: 'platform/', githubEnvironment: 'production',
    });
    const { tf, result } = synthAll(app);
    const json = tf.prod;
    expect(resources(json, 'aws_iam_openid_connect_provider')).toHaveLength(0);
    const trust = (name: string) => JSON.parse(resources(json, 'aws_iam_role').find((r) => r.name === name).assume_role_policy).Statement[0];
    expect(trust('acme-prod-gha-plan-platform').Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual(['repo:acme/platform:pull_request']);
    expect(trust('acme-prod-gha-deploy-platform').Condition.StringEquals['token.actions.githubusercontent.com:sub']).toEqual(['repo:acme/platform:environment:production']);
    expect(trust('acme-prod-gha-deploy-platform').Principal.Federated).toBe('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    expect(resources(json, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn).sort())
      .toEqual([DEPLOYER, 'arn:aws:iam::aws:policy/ReadOnlyAccess']);
    const statements = (p: any) => JSON.parse(p.policy).Statement as any[];
    const statePrefixes = resources(json, 'aws_iam_role_policy').map((p) => statements(p).find((st) => st.Sid === 'ListState').Condition.StringLike['s3:prefix']);
    expect(statePrefixes).toEqual([['platform/acme/prod/*'], ['platform/acme/prod/*']]);
    // The plan may read the secret values the environment's Terraform writes (a refresh reads them;
    // ReadOnlyAccess does not), and no other secret.
    const [planPolicy] = resources(json, 'aws_iam_role_policy').filter((p) => statements(p).some((st) => st.Sid === 'ReadState'));
    expect(statements(planPolicy).find((st) => st.Sid === 'ReadSecrets')).toEqual({
      Sid: 'ReadSecrets',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: [
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/prod/*/connection-*',
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:acme/prod/observability/*-*',
      ],
    });
    expect(statements(planPolicy).find((st) => st.Sid === 'DecryptSecretsThroughSecretsManager')).toEqual({
      Sid: 'DecryptSecretsThroughSecretsManager',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: '*',
      Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
    });
    const [deployPolicy] = resources(json, 'aws_iam_role_policy').filter((p) => statements(p).some((st) => st.Sid === 'ReadWriteState'));
    expect(statements(deployPolicy).find((st) => st.Sid === 'ReadSecrets')).toBeUndefined();
    expect(platform.stage).toEqual({
      environment: 'prod',
      githubEnvironment: 'production',
      planRoleArn: 'arn:aws:iam::123456789012:role/acme-prod-gha-plan-platform',
      deployRoleArn: 'arn:aws:iam::123456789012:role/acme-prod-gha-deploy-platform',
      region: 'eu-west-1',
      stacks: ['prod'],
    });
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test.each([
    ['a wildcard repository', (ci: CiIdentity) => ci.addAppRepository('shop', { repository: 'acme/*', team: 'shop', services: ['web'] }),
      /'repository' \('acme\/\*'\) is not one named GitHub repository/],
    ['no services', (ci: CiIdentity) => ci.addAppRepository('shop', { repository: 'acme/shop', team: 'shop', services: [] }),
      /CiIdentity 'prod\/ci': 'addAppRepository services' \(\[\]\) is empty, so the role could push nowhere/],
    ['a repository id twice', (ci: CiIdentity) => {
      ci.addAppRepository('shop', { repository: 'acme/shop', team: 'shop', services: ['web'] });
      ci.addAppRepository('shop', { repository: 'acme/shop2', team: 'shop', services: ['web'] });
    }, /CiIdentity 'prod\/ci': repository id 'shop' is added twice; give each repository its own id/],
    ['no deploy policy', (ci: CiIdentity) => ci.addPlatformRepository('platform', { repository: 'acme/platform', deployPolicyArns: [] }),
      /'addPlatformRepository deployPolicyArns' \(\[\]\) is empty, so the deploy role could change nothing/],
  ])('fails on %s', (_name, make, message) => {
    const { stack } = prodStack();
    expect(() => make(new CiIdentity(stack, 'ci'))).toThrow(message);
  });
});
