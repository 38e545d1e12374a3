import { IConstruct } from 'constructs';
import { EnvironmentClass } from './environment-class';
import { EnvironmentDefaults } from './environment-defaults';
import { MANAGED_BY, TAG, alertTopicArn, alertTopicName } from '../private/contract';
import { propError } from '../private/errors';
import { ENVIRONMENT_NAME_MAX, PLATFORM_NAME_MAX, shorten } from '../private/naming';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { isDnsLabel, isDomainName } from '../private/validate';

/** AWS caps IAM role names at 64 characters. */
const IAM_ROLE_NAME_MAX = 64;

/**
 * Properties for `PlatformContext`: the contract between the Terraform and the Kubernetes output.
 */
export interface PlatformContextProps {
  /** Short name of the platform, a DNS label of at most 20 characters (e.g. `acme`). */
  readonly platformName: string;
  /** Name of the environment, a DNS label of at most 20 characters (e.g. `prod`, `staging`, `pr-123`). */
  readonly environmentName: string;
  /** The environment class, which sets the defaults that differ between environments. */
  readonly environmentClass: EnvironmentClass;
  /** The 12-digit AWS account ID the environment lives in. */
  readonly account: string;
  /** The AWS region the environment lives in, e.g. `eu-west-1`. */
  readonly region: string;
  /** The base domain under which services get their hostnames, e.g. `prod.example.com`. */
  readonly domain: string;
  /**
   * The environment whose cluster, image registry and service secrets this one uses (a preview
   * runs on the cluster of `dev`, pulls `dev`'s repositories and reads `dev`'s secrets).
   * @default - this environment itself
   */
  readonly hostEnvironmentName?: string;
  /**
   * Tags added to every cloud resource of the environment, besides the standard ones.
   * @default - none
   */
  readonly extraTags?: { [key: string]: string };
}

/** Runtime types of `PlatformContextProps` (src/private/prop-types.ts). */
const PLATFORM_CONTEXT_PROPS = propTypes('PlatformContextProps', {
  platformName: required(T.string),
  environmentName: required(T.string),
  environmentClass: required(T.oneOf('EnvironmentClass', EnvironmentClass)),
  account: required(T.string),
  region: required(T.string),
  domain: required(T.string),
  hostEnvironmentName: T.string,
  extraTags: T.stringMap,
});

/**
 * The contract between the two outputs: everything the Kubernetes YAML needs to know about the
 * cloud side is derived here from names known at synth time (never from Terraform tokens), and
 * every construct derives the same names the same way.
 */
export class PlatformContext {
  /** Platform name. */
  public readonly platformName: string;
  /** Environment name. */
  public readonly environmentName: string;
  /** Environment class. */
  public readonly environmentClass: EnvironmentClass;
  /** AWS account ID. */
  public readonly account: string;
  /** AWS region. */
  public readonly region: string;
  /** AWS partition derived from the region (`aws`, `aws-cn` or `aws-us-gov`). */
  public readonly partition: string;
  /** Base domain for service hostnames. */
  public readonly domain: string;
  /** The defaults of the environment class. */
  public readonly defaults: EnvironmentDefaults;
  /** The environment whose cluster, registry and service secrets this one uses (itself unless shared). */
  public readonly hostEnvironmentName: string;
  private readonly extraTags: { [key: string]: string };

  /**
   * @param scope the construct that owns the context; named in every error message
   */
  public constructor(scope: IConstruct, props: PlatformContextProps) {
    const kind = 'PlatformContext';
    checkProps(scope, kind, props, PLATFORM_CONTEXT_PROPS);
    if (!isDnsLabel(props.platformName, PLATFORM_NAME_MAX)) {
      throw propError(scope, kind, 'platformName', props.platformName, `is not a DNS label of at most ${PLATFORM_NAME_MAX} characters`, 'use lower-case letters, digits and "-", e.g. "acme"');
    }
    if (!isDnsLabel(props.environmentName, ENVIRONMENT_NAME_MAX)) {
      throw propError(scope, kind, 'environmentName', props.environmentName, `is not a DNS label of at most ${ENVIRONMENT_NAME_MAX} characters`, 'use lower-case letters, digits and "-", e.g. "prod"');
    }
    if (!Object.values(EnvironmentClass).includes(props.environmentClass)) {
      throw propError(scope, kind, 'environmentClass', props.environmentClass, `is not one of ${Object.values(EnvironmentClass).join(', ')}`, 'use the EnvironmentClass enum');
    }
    if (!/^\d{12}$/.test(props.account)) {
      throw propError(scope, kind, 'account', props.account, 'is not a 12-digit AWS account ID', 'give the account ID as a string of 12 digits, e.g. "123456789012"');
    }
    if (!/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/.test(props.region)) {
      throw propError(scope, kind, 'region', props.region, 'is not an AWS region name', 'use a region such as "eu-west-1" or "us-east-1"');
    }
    if (!isDomainName(props.domain)) {
      throw propError(scope, kind, 'domain', props.domain, 'is not a valid DNS domain of two labels or more', 'use a lower-case domain such as "prod.example.com"');
    }
    if (props.hostEnvironmentName !== undefined && !isDnsLabel(props.hostEnvironmentName, ENVIRONMENT_NAME_MAX)) {
      throw propError(scope, kind, 'hostEnvironmentName', props.hostEnvironmentName, `is not a DNS label of at most ${ENVIRONMENT_NAME_MAX} characters`, 'name an existing environment, e.g. "dev"');
    }
    this.platformName = props.platformName;
    this.environmentName = props.environmentName;
    this.hostEnvironmentName = props.hostEnvironmentName ?? props.environmentName;
    this.extraTags = { ...props.extraTags };
    this.environmentClass = props.environmentClass;
    this.account = props.account;
    this.region = props.region;
    this.domain = props.domain;
    this.partition = props.region.startsWith('cn-') ? 'aws-cn' : props.region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
    this.defaults = EnvironmentDefaults.of(props.environmentClass);
  }

  /** The prefix of every resource name in this environment: `<platform>-<environment>`. */
  public get prefix(): string {
    return `${this.platformName}-${this.environmentName}`;
  }

  /** The EKS cluster name of this environment: `<platform>-<host environment>`. */
  public get clusterName(): string {
    return `${this.platformName}-${this.hostEnvironmentName}`;
  }

  /** True when this environment runs on another environment's cluster (a preview). */
  public get isHosted(): boolean {
    return this.hostEnvironmentName !== this.environmentName;
  }

  /** The ECR registry host of the account and region, e.g. `123456789012.dkr.ecr.eu-west-1.amazonaws.com`. */
  public get registryHost(): string {
    const suffix = this.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
    return `${this.account}.dkr.ecr.${this.region}.${suffix}`;
  }

  /** The ECR repository name of a service: `<platform>/<host environment>/<service>`. */
  public repositoryName(service: string): string {
    return `${this.platformName}/${this.hostEnvironmentName}/${service}`;
  }

  /** The full ECR repository URL of a service, known at synth time. */
  public repositoryUrl(service: string): string {
    return `${this.registryHost}/${this.repositoryName(service)}`;
  }

  /** The IAM role name of a workload, at most 64 characters (shortened with a hash when longer). */
  public workloadRoleName(service: string): string {
    return shorten(`${this.prefix}-${service}`, IAM_ROLE_NAME_MAX);
  }

  /** The ARN of an IAM role in this account, from its name. */
  public roleArn(roleName: string): string {
    return `arn:${this.partition}:iam::${this.account}:role/${roleName}`;
  }

  /**
   * The Secrets Manager name under which a service's secret lives:
   * `<platform>/<host environment>/<service>/<key>` (a preview reads its host's secrets).
   */
  public secretName(service: string, key: string): string {
    return `${this.platformName}/${this.hostEnvironmentName}/${service}/${key}`;
  }

  /**
   * The Secrets Manager name of a secret this environment creates itself (e.g. a database's
   * connection): `<platform>/<environment>/<name>/<key>`, never shared with a host environment.
   */
  public ownSecretName(name: string, key: string): string {
    return `${this.platformName}/${this.environmentName}/${name}/${key}`;
  }

  /**
   * The name of an SSM parameter the platform publishes for app repositories (see
   * `PlatformCluster.fromLookup()`): `/<platform>/<host environment>/<key>`, so a preview reads
   * its host's.
   */
  public parameterName(key: string): string {
    return `/${this.platformName}/${this.hostEnvironmentName}/${key}`;
  }

  /**
   * ARN of the SNS topic the alerts of a team go to, on this environment's cluster:
   * `<platform>-<host environment>-alerts-<team>`, or the platform's own topic
   * (`<platform>-<host environment>-alerts`) without a team. Known at synth time: the topics are the
   * `PlatformCluster`'s (its observability), in this account and region.
   */
  public alertTopicArn(team?: string): string {
    return alertTopicArn(this.partition, this.region, this.account, alertTopicName(this.clusterName, team));
  }

  /** The public hostname of a service: `<service>.<domain>`. */
  public hostname(service: string): string {
    return `${service}.${this.domain}`;
  }

  /** The tags every cloud resource of this environment carries (cost allocation and ownership). */
  public get tags(): { [key: string]: string } {
    return {
      [TAG.PLATFORM]: this.platformName,
      [TAG.ENVIRONMENT]: this.environmentName,
      [TAG.ENVIRONMENT_CLASS]: this.environmentClass,
      [TAG.MANAGED_BY]: MANAGED_BY,
      ...this.extraTags,
    };
  }
}
