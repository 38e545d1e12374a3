import { createHash } from 'crypto';

/** Longest platform name: it prefixes cluster, role and repository names that AWS caps at 64 or 100 characters. @internal */
export const PLATFORM_NAME_MAX = 20;
/** Longest environment name, for the same reason. @internal */
export const ENVIRONMENT_NAME_MAX = 20;

/**
 * Shortens `name` to at most `max` characters, deterministically: a name that fits is returned
 * as it is; a longer one keeps its head and ends in an 8-character hash of the whole name, so two
 * long names that share a prefix stay distinct and the same input always yields the same output.
 *
 * @internal
 */
export function shorten(name: string, max: number, separator: string = '-'): string {
  if (name.length <= max) {
    return name;
  }
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const head = name.slice(0, max - hash.length - separator.length).replace(/[-_./]+$/, '');
  return `${head}${separator}${hash}`;
}

/** SHA-256 (hex) of a JSON-serializable value: the same value always gives the same checksum. @internal */
export function checksum(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
