import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from '../private/contract';
import { GITHUB_OIDC_PROVIDER_PROPS } from '../private/delivery-prop-types';
import { propError } from '../private/errors';
import { checkProps } from '../private/prop-types';
import { isUnresolved } from '../private/validate';

const KIND = 'GithubOidcProvider';

/** The IAM OIDC provider GitHub Actions tokens are exchanged at. */
export interface IGithubOidcProvider {
  /** ARN of the IAM OIDC provider, `arn:<partition>:iam::<account>:oidc-provider/token.actions.githubusercontent.com`. */
  readonly providerArn: string;
}

/**
 * Properties for `GithubOidcProvider`.
 */
export interface GithubOidcProviderProps {
  /**
   * Tags of the provider.
   * @default - none besides the provider's default tags
   */
  readonly tags?: { [key: string]: string };
}

/**
 * The IAM OIDC identity provider for GitHub Actions (`token.actions.githubusercontent.com`,
 * audience `sts.amazonaws.com`): workflows exchange their short-lived OIDC token for a deploy
 * role's credentials, so no AWS key is ever stored in GitHub. No thumbprint is pinned: IAM
 * trusts GitHub's issuer through its own library of root certificates.
 *
 * An account has at most one provider per URL: create it in one stack of the account and use
 * `GithubOidcProvider.fromAccount()` in the others. Usable alone in any `TerraformStack`.
 *
 * @see https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services
 */
export class GithubOidcProvider extends Construct implements IGithubOidcProvider {
  /**
   * The provider created elsewhere in an account (another stack or by hand), by its ARN.
   */
  public static fromProviderArn(providerArn: string): IGithubOidcProvider {
    if (!isUnresolved(providerArn) && !new RegExp(`^arn:aws[a-z-]*:iam::\\d{12}:oidc-provider/${GITHUB_OIDC_HOST.replace(/\./g, '\\.')}$`).test(providerArn)) {
      throw propError(KIND, `${KIND}.fromProviderArn`, 'providerArn', providerArn, `is not the ARN of the ${GITHUB_OIDC_HOST} OIDC provider`,
        `give "arn:aws:iam::<account>:oidc-provider/${GITHUB_OIDC_HOST}"`);
    }
    return { providerArn };
  }

  /** The provider of an account, which exists already: its ARN follows from the account and partition. */
  public static fromAccount(account: string, partition: string = 'aws'): IGithubOidcProvider {
    return GithubOidcProvider.fromProviderArn(`arn:${partition}:iam::${account}:oidc-provider/${GITHUB_OIDC_HOST}`);
  }

  /** ARN of the provider (a Terraform token). */
  public readonly providerArn: string;
  /** The underlying resource. */
  public readonly provider: IamOpenidConnectProvider;

  public constructor(scope: Construct, id: string, props: GithubOidcProviderProps = {}) {
    super(scope, id);
    checkProps(this, KIND, props, GITHUB_OIDC_PROVIDER_PROPS);
    this.provider = new IamOpenidConnectProvider(this, 'Provider', {
      url: `https://${GITHUB_OIDC_HOST}`,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
      tags: props.tags,
    });
    this.providerArn = this.provider.arn;
  }
}
