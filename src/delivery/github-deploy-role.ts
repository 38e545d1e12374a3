import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { IGithubOidcProvider } from './github-oidc-provider';
import { GithubSubject } from './github-subject';
import { GITHUB_OIDC_AUDIENCE, GITHUB_OIDC_HOST } from '../private/contract';
import { GITHUB_DEPLOY_ROLE_PROPS } from '../private/delivery-prop-types';
import { constructError, propError } from '../private/errors';
import { policyDocument, Statement } from '../private/iam';
import { checkProps } from '../private/prop-types';
import { isUnresolved } from '../private/validate';
import { Grant } from '../security/grant';

const KIND = 'GithubDeployRole';
/** One hour: a deploy finishes within it, and a leaked session expires soon after. */
const MAX_SESSION_SECONDS = 3600;
/** AWS caps IAM role names at 64 characters. */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ECR_REPOSITORY_ARN = /^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\d{12}:repository\/[a-z0-9._/-]+$/;
const EKS_CLUSTER_ARN = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * Actions that push an image to a named ECR repository, as the ECR user guide lists them.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html
 */
const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:CompleteLayerUpload',
  // Not a push action: the delivery workflow looks for the tag first, as tags are immutable.
  'ecr:DescribeImages',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];

/**
 * Properties for `GithubDeployRole`.
 */
export interface GithubDeployRoleProps {
  /** The account's GitHub OIDC provider (`GithubOidcProvider`, or `GithubOidcProvider.fromAccount()`). */
  readonly provider: IGithubOidcProvider;
  /** Name of the IAM role, at most 64 characters. */
  readonly roleName: string;
  /**
   * The workflow runs that may assume the role: named repositories with a branch, tag, GitHub
   * environment or pull requests. At least one; each is matched exactly (`StringEquals`).
   */
  readonly subjects: GithubSubject[];
  /**
   * Description of the role.
   * @default - "GitHub Actions: <subjects>"
   */
  readonly description?: string;
  /**
   * The AWS partition, for the ARNs of the policies the role is granted.
   * @default 'aws'
   */
  readonly partition?: string;
  /**
   * ARN of a permissions boundary for the role.
   * @default - none
   */
  readonly permissionsBoundaryArn?: string;
}

/**
 * An IAM role that GitHub Actions workflows assume with their OIDC token
 * (`aws-actions/configure-aws-credentials` with `role-to-assume`), trusted only for the named
 * repositories and branches, tags or environments: the trust policy requires the audience
 * `sts.amazonaws.com` and one of the exact `sub` claims. Sessions last at most one hour.
 * Permissions come from `grantEcrPush()` and `addManagedPolicy()`. Usable alone in any
 * `TerraformStack`.
 *
 * @example
 * const role = new GithubDeployRole(stack, 'ShopDeploy', {
 *   provider, roleName: 'shop-deploy',
 *   subjects: [GithubSubject.environment('acme/shop', 'production')],
 * });
 * role.grantEcrPush(['arn:aws:ecr:eu-west-1:123456789012:repository/acme/prod/checkout']);
 */
export class GithubDeployRole extends Construct {
  /** The role. */
  public readonly role: IamRole;
  /** The role's name. */
  public readonly roleName: string;
  /** The `sub` claims the role trusts. */
  public readonly subjects: string[];
  private readonly pushRepositories = new Set<string>();
  private readonly stateStatements: Statement[] = [];
  private readonly describedClusters = new Set<string>();
  private readonly readSecrets = new Set<string>();
  private readonly managedPolicies = new Set<string>();
  private readonly partitionName: string;
  private inlinePolicy?: IamRolePolicy;

  public constructor(scope: Construct, id: string, props: GithubDeployRoleProps) {
    super(scope, id);
    checkProps(this, KIND, props, GITHUB_DEPLOY_ROLE_PROPS);
    if (!isUnresolved(props.roleName) && !ROLE_NAME.test(props.roleName)) {
      throw propError(this, KIND, 'roleName', props.roleName, 'is not an IAM role name of at most 64 characters', 'use letters, digits and "+=,.@_-"');
    }
    if (props.subjects.length === 0) {
      throw propError(this, KIND, 'subjects', [], 'is empty, so no workflow could assume the role', 'name at least one, e.g. GithubSubject.environment("acme/shop", "production")');
    }
    for (const subject of props.subjects) {
      if (!(subject instanceof GithubSubject)) {
        throw propError(this, KIND, 'subjects', subject, 'holds a value that is not a GithubSubject',
          'build each subject with GithubSubject.branch(), .tag(), .environment() or .pullRequest(), which refuse wildcards');
      }
    }
    this.roleName = props.roleName;
    this.partitionName = props.partition ?? 'aws';
    this.subjects = [...new Set(props.subjects.map((s) => s.value))].sort();
    this.role = new IamRole(this, 'Role', {
      name: props.roleName,
      description: props.description ?? `GitHub Actions: ${this.subjects.join(', ')}`.slice(0, 1000),
      maxSessionDuration: MAX_SESSION_SECONDS,
      permissionsBoundary: props.permissionsBoundaryArn,
      // The trust GitHub documents for AWS, with exact subjects instead of StringLike patterns.
      // https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services#configuring-the-role-and-trust-policy
      assumeRolePolicy: policyDocument([{
        Effect: 'Allow',
        Principal: { Federated: props.provider.providerArn },
        Action: ['sts:AssumeRoleWithWebIdentity'],
        Condition: {
          StringEquals: {
            [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE,
            [`${GITHUB_OIDC_HOST}:sub`]: this.subjects,
          },
        },
      }]),
    });
  }

  /** The role's ARN (a Terraform token; `PlatformContext.roleArn(roleName)` gives it at synth time). */
  public get roleArn(): string {
    return this.role.arn;
  }

  /**
   * Lets the role push images to the named ECR repositories (and get the registry login token,
   * which has no resource-level scoping). Calls add up in one inline policy.
   *
   * @param repositoryArns ARNs of the repositories, e.g. `arn:aws:ecr:eu-west-1:123456789012:repository/acme/prod/checkout`
   * @returns what was granted to the role: the login token (on `*`, which it cannot be scoped to) and the push actions on the repositories
   */
  public grantEcrPush(repositoryArns: string[]): Grant {
    if (repositoryArns.length === 0) {
      throw propError(this, KIND, 'grantEcrPush repositoryArns', [], 'is empty', 'name the repositories the workflow pushes to');
    }
    for (const arn of repositoryArns) {
      if (!isUnresolved(arn) && !ECR_REPOSITORY_ARN.test(arn)) {
        throw propError(this, KIND, 'grantEcrPush repositoryArns', arn, 'is not the ARN of one ECR repository (wildcards are refused)',
          'give "arn:aws:ecr:<region>:<account>:repository/<name>", e.g. from PlatformContext.repositoryName()');
      }
      this.pushRepositories.add(arn);
    }
    this.ensurePolicy();
    return { principalArn: this.roleArn, actions: ['ecr:GetAuthorizationToken', ...ECR_PUSH_ACTIONS], resourceArns: ['*', ...repositoryArns] };
  }

  /**
   * Lets the role use Terraform state in S3 under a key prefix, with S3-native locking
   * (`use_lockfile`, as `StateBackend.s3()` configures): list the prefix, read the state, and
   * create and delete lock files. With `write`, also write the state (deploy, not plan).
   *
   * @param bucket the state bucket's name
   * @param keyPrefix the prefix of the state keys, e.g. `platform/acme/prod`
   * @param write whether the role writes state (deploys) or only reads it (plans)
   * @see https://developer.hashicorp.com/terraform/language/backend/s3#permissions-required
   * @returns what was granted to the role: the S3 actions on the bucket (listing limited to the
   * prefix), the state objects and their lock files
   */
  public grantTerraformState(bucket: string, keyPrefix: string, write: boolean): Grant {
    if (!isUnresolved(bucket) && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw propError(this, KIND, 'grantTerraformState bucket', bucket, 'is not an S3 bucket name', 'give the state bucket\'s name, e.g. "acme-terraform-state"');
    }
    const prefix = keyPrefix.replace(/^\/+|\/+$/g, '');
    if (prefix === '' || prefix.includes('*')) {
      throw propError(this, KIND, 'grantTerraformState keyPrefix', keyPrefix, 'is empty or holds a wildcard, which would open every state in the bucket',
        'give the prefix of this environment\'s keys, e.g. "platform/acme/prod"');
    }
    const objects = `arn:${this.partitionName}:s3:::${bucket}/${prefix}/`;
    // Sids are unique within a policy: the first grant's are plain, later ones numbered.
    const n = this.stateStatements.length / 3;
    const sid = (name: string) => (n === 0 ? name : `${name}${n + 1}`);
    const added: Statement[] = [
      {
        Sid: sid('ListState'),
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [`arn:${this.partitionName}:s3:::${bucket}`],
        Condition: { StringLike: { 's3:prefix': [`${prefix}/*`] } },
      },
      {
        Sid: sid(write ? 'ReadWriteState' : 'ReadState'),
        Effect: 'Allow',
        Action: write ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'],
        Resource: [`${objects}*.tfstate`],
      },
      {
        Sid: sid('LockState'),
        Effect: 'Allow',
        Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
        Resource: [`${objects}*.tfstate.tflock`],
      },
    ];
    this.stateStatements.push(...added);
    this.ensurePolicy();
    return {
      principalArn: this.roleArn,
      actions: [...new Set(added.flatMap((st) => st.Action))],
      resourceArns: added.flatMap((st) => st.Resource ?? []),
    };
  }

  /**
   * Lets the role read an EKS cluster's endpoint and certificate (`eks:DescribeCluster`), which
   * `aws eks update-kubeconfig` needs. What the role may do inside the cluster is the cluster's
   * access entries' business (e.g. `TeamOptions.previewDeployerArns`).
   *
   * @param clusterArn ARN of the cluster
   * @returns what was granted to the role
   */
  public grantDescribeCluster(clusterArn: string): Grant {
    if (!isUnresolved(clusterArn) && !EKS_CLUSTER_ARN.test(clusterArn)) {
      throw propError(this, KIND, 'grantDescribeCluster clusterArn', clusterArn, 'is not the ARN of one EKS cluster',
        'give "arn:aws:eks:<region>:<account>:cluster/<name>"');
    }
    this.describedClusters.add(clusterArn);
    this.ensurePolicy();
    return { principalArn: this.roleArn, actions: ['eks:DescribeCluster'], resourceArns: [clusterArn] };
  }

  /**
   * Lets the role read secrets' values (`secretsmanager:GetSecretValue`, and `kms:Decrypt` through
   * Secrets Manager only), e.g. for a plan that refreshes the secret versions its Terraform writes:
   * `ReadOnlyAccess` leaves secret values out.
   *
   * @param secretArns ARNs of the secrets, or patterns of them (`*` within a name)
   * @returns what was granted to the role
   */
  public grantReadSecrets(secretArns: string[]): Grant {
    for (const arn of secretArns) {
      if (!isUnresolved(arn) && !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:\S+$/.test(arn)) {
        throw propError(this, KIND, 'grantReadSecrets secretArns', arn, 'is not the ARN of a Secrets Manager secret',
          'give "arn:aws:secretsmanager:<region>:<account>:secret:<name>-*"');
      }
      this.readSecrets.add(arn);
    }
    this.ensurePolicy();
    return { principalArn: this.roleArn, actions: ['secretsmanager:GetSecretValue', 'kms:Decrypt'], resourceArns: [...secretArns] };
  }

  /**
   * Attaches a managed policy, e.g. the account's own deployer policy.
   *
   * @param policyArn ARN of the managed policy
   */
  public addManagedPolicy(policyArn: string): void {
    if (this.managedPolicies.has(policyArn)) {
      throw constructError(this, KIND, `managed policy '${policyArn}' is attached twice`, 'attach each policy once');
    }
    const index = this.managedPolicies.size;
    this.managedPolicies.add(policyArn);
    new IamRolePolicyAttachment(this, `Policy${index}`, { role: this.role.name, policyArn });
  }

  private ensurePolicy(): void {
    if (this.inlinePolicy) {
      return;
    }
    this.inlinePolicy = new IamRolePolicy(this, 'Permissions', {
      role: this.role.name,
      name: 'github-actions',
      policy: Lazy.stringValue({
        produce: () => {
          const statements: Statement[] = [];
          if (this.pushRepositories.size > 0) {
            statements.push(
              { Sid: 'GetRegistryLoginToken', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
              { Sid: 'PushImages', Effect: 'Allow', Action: ECR_PUSH_ACTIONS, Resource: [...this.pushRepositories].sort() },
            );
          }
          if (this.readSecrets.size > 0) {
            statements.push(
              { Sid: 'ReadSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [...this.readSecrets].sort() },
              {
                // Any key, only on behalf of Secrets Manager, which allows only the secrets above:
                // the secrets' ARNs may be tokens, so no region or account is taken from them.
                Sid: 'DecryptSecretsThroughSecretsManager',
                Effect: 'Allow',
                Action: ['kms:Decrypt'],
                Resource: '*',
                Condition: { StringLike: { 'kms:ViaService': 'secretsmanager.*.amazonaws.com' } },
              },
            );
          }
          if (this.describedClusters.size > 0) {
            statements.push({ Sid: 'DescribeCluster', Effect: 'Allow', Action: ['eks:DescribeCluster'], Resource: [...this.describedClusters].sort() });
          }
          return policyDocument([...statements, ...this.stateStatements]);
        },
      }),
    });
  }
}
