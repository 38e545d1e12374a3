import type { Token as TokenType } from 'cdktf';
import { IConstruct } from 'constructs';
import { parseCidr } from './cidr';
import { propError } from './errors';

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
