import { Token } from 'cdktf';
import { IConstruct } from 'constructs';
import { parseCidr } from './cidr';
import { propError } from './errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Maximum length of a DNS-1123 label (namespace, service and most Kubernetes names). @internal */
export const DNS_LABEL_MAX = 63;

/** True when the value is a token that is only known at deploy time. @internal */
export function isUnresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
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
