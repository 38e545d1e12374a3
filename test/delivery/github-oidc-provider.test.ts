import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { GithubDeployRole, GithubOidcProvider, GithubSubject } from '../../src';
import { resources, tfSynth } from '../util';

describe('GithubOidcProvider (alone in a plain TerraformStack)', () => {
  test("GitHub's issuer with the STS audience and no pinned thumbprint", () => {
    const stack = new TerraformStack(new App(), 's');
    new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    const provider = new GithubOidcProvider(stack, 'github');
    new GithubDeployRole(stack, 'role', { provider, roleName: 'r', subjects: [GithubSubject.branch('acme/shop', 'main')] });
    const json = tfSynth(stack);
    const [oidc] = resources(json, 'aws_iam_openid_connect_provider');
    expect(oidc.url).toBe('https://token.actions.githubusercontent.com');
    expect(oidc.client_id_list).toEqual(['sts.amazonaws.com']);
    expect(oidc.thumbprint_list).toBeUndefined();
    // A role in the same stack trusts it by reference.
    const [role] = resources(json, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Principal.Federated).toMatch(/^\$\{aws_iam_openid_connect_provider\.github_Provider_[0-9A-F]+\.arn\}$/);
  });

  test('an existing provider by account or ARN', () => {
    expect(GithubOidcProvider.fromAccount('123456789012').providerArn).toBe('arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    expect(GithubOidcProvider.fromAccount('123456789012', 'aws-cn').providerArn).toBe('arn:aws-cn:iam::123456789012:oidc-provider/token.actions.githubusercontent.com');
    expect(() => GithubOidcProvider.fromProviderArn('arn:aws:iam::123456789012:oidc-provider/gitlab.com'))
      .toThrow(/GithubOidcProvider.fromProviderArn 'GithubOidcProvider': 'providerArn' \('arn:aws:iam::123456789012:oidc-provider\/gitlab.com'\) is not the ARN of the token.actions.githubusercontent.com OIDC provider/);
    expect(() => GithubOidcProvider.fromAccount('1234')).toThrow(/is not the ARN of the token.actions.githubusercontent.com OIDC provider/);
  });
});
