import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { Catalog, ICatalogSource } from '../portal/catalog';
import { ConsoleLinks } from '../portal/private/console-links';
import { PREVIEW_IMAGE_TAG_PREFIX, PREVIEW_TTL_MAX_HOURS } from '../private/contract';
import { propError } from '../private/errors';
import { policyDocument } from '../private/iam';
import { shorten } from '../private/naming';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireIntegerInRange, requireKmsKeyArn } from '../private/validate';
import { Grant } from '../security/grant';

/** Images an ECR repository keeps by default; older ones are expired by the lifecycle policy. */
const DEFAULT_IMAGES_KEPT = 30;
const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const KIND = 'ServiceRepository';
/** Days a preview image is kept: the longest life of a preview. */
const PREVIEW_IMAGE_DAYS = PREVIEW_TTL_MAX_HOURS / 24;
/** What a pull needs of the repository (the registry login token is the puller's own policy). */
const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

/**
 * Properties for `ServiceRepository`.
 */
export interface ServiceRepositoryProps {
  /** Name of the ECR repository, e.g. `acme/prod/checkout`. */
  readonly repositoryName: string;
  /**
   * How many images the lifecycle policy keeps; older images are expired.
   * @default 30
   */
  readonly imagesKept?: number;
  /**
   * ARN of a customer-managed KMS key to encrypt images with.
   * @default - KMS encryption with the AWS-managed `aws/ecr` key
   */
  readonly encryptionKeyArn?: string;
  /**
   * Allow a tag to be pushed again with different content. Off by default: a tag a Deployment
   * names must always mean the same image.
   * @default false - tags are immutable
   */
  readonly mutableTags?: boolean;
  /**
   * Let `terraform destroy` delete the repository while it still holds images (previews).
   * @default false
   */
  readonly forceDelete?: boolean;
}

/** Runtime types of `ServiceRepositoryProps` (src/private/prop-types.ts). */
const SERVICE_REPOSITORY_PROPS = propTypes('ServiceRepositoryProps', {
  repositoryName: required(T.string),
  imagesKept: T.number,
  encryptionKeyArn: T.string,
  mutableTags: T.boolean,
  forceDelete: T.boolean,
});

/**
 * An ECR repository for one service's images: scan on push, immutable tags, KMS encryption and a
 * lifecycle policy that keeps the last N images. Usable alone in any `TerraformStack`.
 */
export class ServiceRepository extends Construct implements ICatalogSource {
  /** The underlying ECR repository. */
  public readonly repository: EcrRepository;
  /** Repository name. */
  public readonly repositoryName: string;
  /** Images the lifecycle policy keeps. */
  public readonly imagesKept: number;
  private readonly pullPrincipals: string[] = [];

  public constructor(scope: Construct, id: string, props: ServiceRepositoryProps) {
    super(scope, id);
    checkProps(this, KIND, props, SERVICE_REPOSITORY_PROPS);
    if (!ECR_NAME.test(props.repositoryName) || props.repositoryName.length > 256) {
      throw propError(this, KIND, 'repositoryName', props.repositoryName, 'is not a valid ECR repository name',
        'use lower-case letters, digits, ".", "_", "-" and "/" separators, at most 256 characters');
    }
    this.imagesKept = requireIntegerInRange(this, KIND, 'imagesKept', props.imagesKept ?? DEFAULT_IMAGES_KEPT, 1, 1000);

    this.repository = new EcrRepository(this, 'Repository', {
      name: props.repositoryName,
      imageTagMutability: props.mutableTags ? 'MUTABLE' : 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: props.encryptionKeyArn === undefined ? undefined : requireKmsKeyArn(this, KIND, 'encryptionKeyArn', props.encryptionKeyArn) }],
      forceDelete: props.forceDelete ?? false,
    });
    new EcrLifecyclePolicy(this, 'Lifecycle', {
      repository: this.repository.name,
      policy: lifecyclePolicy(this.imagesKept),
    });
    this.repositoryName = props.repositoryName;
  }

  // The two attributes are getters: every cdktf token records a stack trace when created (about
  // 0.15 ms under ts-node, thousands of times in a large platform); most programs never read them.

  /** Repository URL (a Terraform token: use `PlatformContext.repositoryUrl()` for YAML). */
  public get repositoryUrl(): string {
    return this.repository.repositoryUrl;
  }

  /** Repository ARN. */
  public get repositoryArn(): string {
    return this.repository.arn;
  }

  /**
   * Lets an IAM principal (for example the cluster's node role) pull images from this repository.
   * The grants of all calls are collected into one repository policy.
   *
   * @param principalArn ARN of the IAM role or user that pulls
   * @returns what was granted: `principalArn` may pull from this repository (`repositoryArn`)
   */
  public grantPull(principalArn: string): Grant {
    if (this.pullPrincipals.length === 0) {
      new EcrRepositoryPolicy(this, 'Policy', {
        repository: this.repository.name,
        policy: Lazy.stringValue({
          produce: () => policyDocument([{
            Sid: 'AllowPull',
            Effect: 'Allow',
            Principal: { AWS: [...this.pullPrincipals] },
            Action: [...PULL_ACTIONS],
          }]),
        }),
      });
    }
    this.pullPrincipals.push(principalArn);
    return { principalArn, actions: [...PULL_ACTIONS], resourceArns: [this.repositoryArn] };
  }

  /**
   * Adds the repository to the catalog: a `Resource` of type `container-registry` named
   * `<last part of the repository name>-ecr`, linked to its ECR console page.
   */
  public addToCatalog(catalog: Catalog): void {
    catalog.addResource(this, {
      name: shorten(`${this.repositoryName.split('/').pop()}-ecr`, 63),
      type: 'container-registry',
      description: `ECR repository '${this.repositoryName}'`,
      links: ConsoleLinks.of(catalog.environmentOf(this)).ecrRepository(this.repositoryName),
    });
  }
}

/** The lifecycle policies by images kept: one string for every repository that keeps as many. */
const LIFECYCLE_POLICIES = new Map<number, string>();

/**
 * The lifecycle policy keeping the last `imagesKept` images. Rules apply by priority and an image
 * is expired by the first rule whose tag selection it matches, so preview images (`pr-<n>-<sha>`)
 * are counted apart and busy pull requests never push release images out. A `tagStatus: any` rule
 * must come last.
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html
 */
function lifecyclePolicy(imagesKept: number): string {
  let policy = LIFECYCLE_POLICIES.get(imagesKept);
  if (policy === undefined) {
    policy = renderLifecyclePolicy(imagesKept);
    LIFECYCLE_POLICIES.set(imagesKept, policy);
  }
  return policy;
}

function renderLifecyclePolicy(imagesKept: number): string {
  return JSON.stringify({
    rules: [{
      rulePriority: 1,
      description: `Expire preview images (${PREVIEW_IMAGE_TAG_PREFIX}*) after ${PREVIEW_IMAGE_DAYS} days, the longest life of a preview`,
      selection: { tagStatus: 'tagged', tagPrefixList: [PREVIEW_IMAGE_TAG_PREFIX], countType: 'sinceImagePushed', countUnit: 'days', countNumber: PREVIEW_IMAGE_DAYS },
      action: { type: 'expire' },
    }, {
      rulePriority: 2,
      description: `Keep the last ${imagesKept} images`,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: imagesKept },
      action: { type: 'expire' },
    }],
  });
}
