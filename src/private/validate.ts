import type { Token as TokenType } from 'cdktf';
import { IConstruct } from 'constructs';
import { Cidr, parseCidr } from './cidr';
import { RESERVED_NAMESPACES } from './contract';
import { constructError, propError } from './errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Maximum length of a DNS-1123 label (namespace, service and most Kubernetes names). @internal */
export const DNS_LABEL_MAX = 63;

/**
 * True when the value is a token that is only known at deploy time: cdktf's `Token.isUnresolved()`.
 * cdktf is loaded only for a value that could be one of its tokens (a string holding `Token[`, a
 * number of the magnitude cdktf encodes tokens as, a list of one such, an object with `resolve()`
 * or a key holding `Token[`), so that the YAML-only constructs (`Workload`, `TeamNamespace`) do not
 * load cdktf; on every other value cdktf's answer is `false` too.
 *
 * @internal
 */
export function isUnresolved(value: unknown): boolean {
  return mayBeToken(value) && cdktfToken().isUnresolved(value);
}

/** cdktf's encoded number tokens have the exponent bits 0x7df or 0x7bf set: magnitudes above 1e288. */
const TOKEN_NUMBER_MAGNITUDE = 1e280;

function mayBeToken(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return value.includes('Token[');
    case 'number':
      return Math.abs(value) > TOKEN_NUMBER_MAGNITUDE;
    case 'object':
    case 'function':
      if (value === null) {
        return false;
      }
      if (Array.isArray(value)) {
        return value.length === 1 && mayBeToken(value[0]);
      }
      return typeof (value as { resolve?: unknown }).resolve === 'function' || Object.keys(value).some((k) => k.includes('Token['));
    default:
      return false;
  }
}

/** cdktf's `Token`, loaded on first use. */
function cdktfToken(): typeof TokenType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('cdktf') as typeof import('cdktf')).Token;
}

/** @internal */
export function isDnsLabel(value: string, max: number = DNS_LABEL_MAX): boolean {
  return value.length <= max && DNS_LABEL.test(value);
}

/** A DNS name of at least two labels, such as `prod.example.com`. @internal */
export function isDomainName(value: string): boolean {
  if (value.length > 253) {
    return false;
  }
  const labels = value.split('.');
  return labels.length >= 2 && labels.every((l) => l.length <= 63 && DNS_SUBDOMAIN_LABEL.test(l));
}

/** Throws unless `value` is a DNS-1123 label of at most `max` characters. @internal */
export function requireDnsLabel(scope: IConstruct, kind: string, prop: string, value: string, max: number = DNS_LABEL_MAX): string {
  if (!isUnresolved(value) && !isDnsLabel(value, max)) {
    throw propError(scope, kind, prop, value,
      `is not a DNS-1123 label of at most ${max} characters`,
      'use lower-case letters, digits and "-", starting and ending with a letter or digit');
  }
  return value;
}

/** Throws unless `value` is a whole number within [min, max]. @internal */
export function requireIntegerInRange(scope: IConstruct, kind: string, prop: string, value: number, min: number, max: number): number {
  if (!isUnresolved(value) && (!Number.isInteger(value) || value < min || value > max)) {
    throw propError(scope, kind, prop, value, `must be a whole number from ${min} to ${max}`, `set '${prop}' within that range`);
  }
  return value;
}

/** Throws unless `value` is an IPv4 CIDR block written with its network address. @internal */
export function requireCidr(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !parseCidr(value))) {
    throw propError(scope, kind, prop, value, 'is not a valid IPv4 CIDR block with its network address', 'use a block such as "10.0.0.0/16"');
  }
  return value;
}

/** A POSIX-style environment variable name. @internal */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Checks the plain and secret environment variables of a container: valid names, each name once
 * across both lists, and no plain value that looks like a secret. Returns the names.
 *
 * @internal
 */
export function requireEnvironmentVariables(scope: IConstruct, kind: string,
  env: ReadonlyArray<{ readonly name: string; readonly value: string }> | undefined,
  secrets: ReadonlyArray<{ readonly name: string; readonly property: string }> | undefined): Set<string> {
  const names = new Set<string>();
  const check = (prop: string, name: unknown) => {
    if (typeof name !== 'string' || !ENV_NAME.test(name)) {
      throw propError(scope, kind, prop, name, 'is not a valid environment variable name', 'use letters, digits and "_", not starting with a digit');
    }
    if (names.has(name)) {
      throw propError(scope, kind, prop, name, 'is set twice (in env or secrets)', 'give each environment variable one entry');
    }
    names.add(name);
  };
  for (const v of env ?? []) {
    check('env', v?.name);
    if (typeof v.value !== 'string') {
      throw propError(scope, kind, `env ${v.name}`, v.value, 'is not a string', 'give the value as a string, e.g. "3" rather than 3');
    }
    const secretLike = secretLikeReason(v.name, v.value);
    if (secretLike) {
      throw propError(scope, kind, `env ${v.name}`, redact(v.value), `looks like a secret (${secretLike}), and env values are written in plain YAML`,
        'put it in Secrets Manager and list it under secrets instead');
    }
  }
  for (const s of secrets ?? []) {
    check('secrets', s?.name);
    if (typeof s.property !== 'string' || !/^[A-Za-z0-9_.\-]{1,256}$/.test(s.property)) {
      throw propError(scope, kind, `secrets ${s.name}.property`, s.property, 'is not a JSON property name of the secret', 'use letters, digits, ".", "_" and "-"');
    }
  }
  return names;
}

const SECRET_PREFIXES: Array<[RegExp, string]> = [
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key ID'],
  [/\bgh[pousr]_[A-Za-z0-9]{30,}/, 'a GitHub token'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/, 'a GitHub token'],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\b[sr]k_(live|test)_[A-Za-z0-9]{10,}/, 'a Stripe key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/\bglpat-[A-Za-z0-9_-]{20,}/, 'a GitLab token'],
  [/\bsk-[A-Za-z0-9_-]{20,}/, 'an API secret key'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, 'a JSON Web Token'],
];

/** Why a plain value looks like a secret, or undefined. @internal */
export function secretLikeReason(name: string, value: string): string | undefined {
  for (const [pattern, what] of SECRET_PREFIXES) {
    if (pattern.test(value)) {
      return `it has the shape of ${what}`;
    }
  }
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i.test(value)) {
    return 'a URL with a password in it';
  }
  // A long random-looking string: high entropy per character and no spaces.
  if (value.length >= 32 && !/\s/.test(value) && shannonEntropy(value) >= 4.5 && !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return 'a long high-entropy string';
  }
  if (/(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY)$/i.test(name) && value.length >= 8 && !/^(true|false)$/i.test(value) && !value.startsWith('/')) {
    return `its name '${name}' says it is one`;
  }
  return undefined;
}

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) {
    counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / value.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** The first 4 characters of a value that may be a secret, so that the error does not leak it. */
function redact(value: string): string {
  return `${value.slice(0, 4)}…(${value.length} characters)`;
}

const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov|-iso[a-z]?)?:kms:[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d:\d{12}:(key\/[0-9a-f-]{36}|key\/mrk-[0-9a-f]{32}|alias\/[A-Za-z0-9/_-]+)$/;

/** Throws unless `value` is the ARN of a KMS key (or alias). @internal */
export function requireKmsKeyArn(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !KMS_KEY_ARN.test(value))) {
    throw propError(scope, kind, prop, value, 'is not the ARN of a KMS key',
      'use arn:<partition>:kms:<region>:<account>:key/<key-id> (or an alias ARN), e.g. EncryptionKey.keyArn');
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Networks
// ---------------------------------------------------------------------------------------------

/**
 * The address ranges a VPC may use: RFC 1918 and the shared address space of RFC 6598 (AWS allows
 * both as a VPC's primary block; a public block would route the VPC's traffic for those addresses
 * nowhere, or to somebody else).
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'];

/** True when `inner` lies wholly inside `outer`. */
function within(inner: Cidr, outer: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.network >= outer.network
    && inner.network + 2 ** (32 - inner.prefix) <= outer.network + 2 ** (32 - outer.prefix);
}

/** Throws unless `value` is a CIDR block inside a private range (RFC 1918, or 100.64.0.0/10). @internal */
export function requirePrivateCidr(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (isUnresolved(value)) {
    return value;
  }
  const block = parseCidr(requireCidr(scope, kind, prop, value))!;
  if (!PRIVATE_RANGES.some((r) => within(block, parseCidr(r)!))) {
    throw propError(scope, kind, prop, value, `is not inside a private range (${PRIVATE_RANGES.join(', ')})`,
      'use a private block such as "10.0.0.0/16" that no network you connect to uses');
  }
  return value;
}

/**
 * Throws when the blocks together cover every IPv4 address (`0.0.0.0/0` itself, or e.g.
 * `0.0.0.0/1` and `128.0.0.0/1`): an allow-list of the whole internet is no allow-list.
 * Unresolved tokens are left out of the union (they cannot be judged at synth).
 * @internal
 */
export function requireNotWholeInternet(scope: IConstruct | string, kind: string, prop: string, values: ReadonlyArray<string>): void {
  const blocks = values.filter((v) => !isUnresolved(v)).map((v) => parseCidr(v)).filter((b): b is Cidr => b !== undefined)
    .map((b) => [b.network, b.network + 2 ** (32 - b.prefix)] as const)
    .sort((a, b) => a[0] - b[0]);
  let covered = 0;
  for (const [start, end] of blocks) {
    if (start > covered) {
      break;
    }
    covered = Math.max(covered, end);
  }
  if (covered >= 2 ** 32) {
    throw propError(scope, kind, prop, values, 'together cover every IPv4 address, which opens the endpoint to the whole internet',
      'list only the office, VPN or CI egress ranges that need it, or leave the endpoint private');
  }
}

// ---------------------------------------------------------------------------------------------
// Names Kubernetes and AWS parse
// ---------------------------------------------------------------------------------------------

/** Throws unless `value` is a DNS host name of two labels or more (lower case, no wildcard). @internal */
export function requireHostname(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !isDomainName(value))) {
    throw propError(scope, kind, prop, value, 'is not a DNS host name', 'use lower-case labels of letters, digits and "-" separated by dots, e.g. "shop.example.com"');
  }
  return value;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * Throws unless `value` is a valid Kubernetes label value: at most 63 characters, letters, digits,
 * "-", "_" and ".", starting and ending with a letter or digit (or empty).
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 * @internal
 */
export function requireLabelValue(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value))) {
    throw propError(scope, kind, prop, value, 'is not a Kubernetes label value (at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit)',
      'shorten it or replace the other characters, e.g. "web-shop"');
  }
  return value;
}

/** Throws unless `value` is an HTTP path starting with "/" and holding no whitespace. @internal */
export function requireHttpPath(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !/^\/[^\s?#]*$/.test(value))) {
    throw propError(scope, kind, prop, value, 'is not an HTTP path (it must start with "/", without spaces, query or fragment)', 'write it as "/healthz"');
  }
  return value;
}

/**
 * Throws when `value` is a namespace no team or workload may use (Kubernetes' own, the
 * platform's add-on namespaces: `RESERVED_NAMESPACES` in `contract.ts`).
 * @internal
 */
export function requireUnreservedNamespace(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (RESERVED_NAMESPACES.includes(value)) {
    throw propError(scope, kind, prop, value, 'is reserved for Kubernetes or the platform\'s add-ons',
      `use the team's own namespace; reserved: ${RESERVED_NAMESPACES.join(', ')}`);
  }
  return value;
}

const ALB_GROUP_NAME = /^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/;

/**
 * Throws unless `value` is an ALB IngressGroup name the AWS Load Balancer Controller accepts.
 * @see https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#group.name
 * @internal
 */
export function requireAlbGroupName(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !ALB_GROUP_NAME.test(value))) {
    throw propError(scope, kind, prop, value, 'is not an ALB group name (at most 63 lower-case letters, digits, "-" or ".", starting and ending with a letter or digit)',
      'use a name such as "acme-prod"');
  }
  return value;
}

const PARTITION = 'aws(-cn|-us-gov|-iso[a-z]?)?';
const REGION_PATTERN = '[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d';
const REGION = new RegExp(`^${REGION_PATTERN}$`);

/** Throws unless `value` is an AWS region name such as `eu-west-1`. @internal */
export function requireRegion(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !REGION.test(value))) {
    throw propError(scope, kind, prop, value, 'is not an AWS region name', 'use a region such as "eu-west-1" or "us-east-1"');
  }
  return value;
}

/**
 * Throws unless every zone is an availability zone (or Local Zone) name of `region`, such as
 * `eu-west-1a` for `eu-west-1`.
 * @internal
 */
export function requireZonesOfRegion(scope: IConstruct | string, kind: string, prop: string, zones: ReadonlyArray<string>, region: string): void {
  if (isUnresolved(region)) {
    return;
  }
  const zone = new RegExp(`^${region.replace(/-/g, '\\-')}([a-z]|-[a-z]+-\\d[a-z])$`);
  for (const z of zones) {
    if (!isUnresolved(z) && (typeof z !== 'string' || !zone.test(z))) {
      throw propError(scope, kind, prop, z, `is not an availability zone of the region '${region}'`,
        `name zones of ${region}, e.g. "${region}a", "${region}b"`);
    }
  }
}

const INSTANCE_TYPE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*\.[a-z0-9]+$/;

/** Throws unless `value` has the shape of an EC2 instance type (`<family>.<size>`, e.g. `m7i.large`). @internal */
export function requireInstanceType(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !INSTANCE_TYPE.test(value) || value.startsWith('db.'))) {
    throw propError(scope, kind, prop, value, 'is not an EC2 instance type', 'use <family>.<size> such as "m7i.large" or "c7g.xlarge"');
  }
  return value;
}

/** Throws unless `value` has the shape of an RDS instance class (`db.<family>.<size>`, e.g. `db.m7g.large`). @internal */
export function requireDatabaseInstanceClass(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !/^db\.[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(value))) {
    throw propError(scope, kind, prop, value, 'is not an RDS instance class', 'use db.<family>.<size> such as "db.m7g.large" or "db.t4g.micro"');
  }
  return value;
}

/** Retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * Throws unless `days` is a retention period CloudWatch Logs accepts.
 * @see https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 * @internal
 */
export function requireLogRetentionDays(scope: IConstruct | string, kind: string, prop: string, days: number): number {
  if (!isUnresolved(days) && !LOG_RETENTION_DAYS.includes(days)) {
    throw propError(scope, kind, prop, days, 'is not a retention period CloudWatch Logs accepts', `use one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  return days;
}

// ---------------------------------------------------------------------------------------------
// ARNs and IAM
// ---------------------------------------------------------------------------------------------

const ACM_CERTIFICATE_ARN = new RegExp(`^arn:${PARTITION}:acm:${REGION_PATTERN}:\\d{12}:certificate/[0-9a-f-]{36}$`);

/** Throws unless `value` is the ARN of an ACM certificate. @internal */
export function requireCertificateArn(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !ACM_CERTIFICATE_ARN.test(value))) {
    throw propError(scope, kind, prop, value, 'is not the ARN of an ACM certificate',
      'use arn:<partition>:acm:<region>:<account>:certificate/<id>, or leave it unset so the load balancer controller finds the certificate by host');
  }
  return value;
}

const IAM_PRINCIPAL_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:(role|user)/[\\w+=,.@/-]{1,512}$`);

/** Throws unless `value` is the ARN of an IAM role or user (what an EKS access entry maps). @internal */
export function requirePrincipalArn(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !IAM_PRINCIPAL_ARN.test(value) || value.includes('*'))) {
    throw propError(scope, kind, prop, value, 'is not the ARN of an IAM role or user',
      'use arn:<partition>:iam::<account>:role/<name> (or :user/<name>), without wildcards');
  }
  return value;
}

const RESOURCE_ARN = new RegExp(`^arn:${PARTITION}:[a-z0-9-]+:(${REGION_PATTERN})?:(\\d{12}|aws)?:\\S+$`);

/**
 * Throws unless `value` is a resource ARN (`arn:<partition>:<service>:<region>:<account>:<resource>`);
 * a `*` may stand inside its resource part (objects of a bucket), not for a whole service or account.
 * @internal
 */
export function requireResourceArn(scope: IConstruct | string, kind: string, prop: string, value: string): string {
  if (!isUnresolved(value) && (typeof value !== 'string' || !RESOURCE_ARN.test(value))) {
    throw propError(scope, kind, prop, value, 'is not a resource ARN', 'use arn:<partition>:<service>:<region>:<account>:<resource>, e.g. "arn:aws:sqs:eu-west-1:123456789012:orders"');
  }
  return value;
}

const IAM_ACTION = /^[a-z0-9-]+:[A-Za-z0-9]+$/;

/**
 * Throws unless every action is one named IAM action (`service:Action`): no `*`, no `s3:*`, no
 * `s3:Get*`; a wildcard grants actions nobody reviewed, including ones AWS adds later.
 * @internal
 */
export function requireIamActions(scope: IConstruct | string, kind: string, prop: string, actions: ReadonlyArray<string>): void {
  for (const action of actions) {
    if (isUnresolved(action)) {
      continue;
    }
    if (typeof action === 'string' && action.includes('*')) {
      throw propError(scope, kind, prop, action, 'is a wildcard action', 'name the individual actions the service needs, e.g. "s3:GetObject"');
    }
    if (typeof action !== 'string' || !IAM_ACTION.test(action)) {
      throw propError(scope, kind, prop, action, 'is not an IAM action', 'write it as <service>:<Action>, e.g. "s3:GetObject"');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Names claimed across the stacks of one app
// ---------------------------------------------------------------------------------------------

/** Per construct tree (the root), the names taken, by `<kind>:<name>`. */
const CLAIMS = new WeakMap<IConstruct, Map<string, IConstruct>>();

/**
 * Claims a name that must be unique among all stacks of one app (e.g. the cluster of a
 * platform's environment, a service of an environment): two stacks that both made it would write
 * the same cloud resources into two Terraform states. Throws naming both constructs' paths.
 *
 * @param what what the name names, for the message, e.g. "the cluster of environment 'acme/prod'"
 * @internal
 */
export function claimName(scope: IConstruct, kind: string, key: string, what: string): void {
  const root = scope.node.root;
  let claims = CLAIMS.get(root);
  if (!claims) {
    claims = new Map<string, IConstruct>();
    CLAIMS.set(root, claims);
  }
  const holder = claims.get(key);
  if (holder && holder !== scope) {
    throw constructError(scope, kind, `${what} is made twice: here and by '${holder.node.path}' (each would write the same cloud resources)`,
      'make it once per platform and environment, and refer to it elsewhere (e.g. PlatformCluster.fromLookup())');
  }
  claims.set(key, scope);
}
