import { Token } from 'cdktf';

/*
 * The token scan of the synthesis engine. The markers are cdktf 0.21's token encodings
 * (lib/tokens/private/encoding.ts: `${TfToken[...]}` strings, `#{TfToken[...]}` lists, encoded
 * numbers, which `Token.isUnresolved()` decodes) and the construct library's `${Token[...]}`; a
 * non-plain object is what cdk8s's resolver (src/resolve.ts) and cdktf's leave unresolved.
 */

/** A value that did not resolve before it reached an output. @internal */
export interface UnresolvedValue {
  /** JSON path inside the document, e.g. `spec.template.spec.containers[0].image`. */
  readonly path: string;
  /** The offending value, shortened for the message. */
  readonly value: string;
}

const TOKEN_MARKERS = ['${TfToken[', '#{TfToken[', '${Token[', '#{Token['];

/**
 * Walks a synthesized document and lists every value that is still a token: a cdktf string, list or
 * number token (only Terraform can resolve it, so it must never reach YAML), an unresolved construct
 * token, or a class instance (a cdk8s `Lazy`, `Duration` or `Size`) that never became plain JSON.
 *
 * @internal
 */
export function findUnresolved(document: unknown, path: string = ''): UnresolvedValue[] {
  const found: UnresolvedValue[] = [];
  walk(document, path === '' ? [] : [path], found, false);
  return found;
}

/**
 * Lists the values in a Terraform element's configuration, before cdktf resolves it, that cdktf
 * cannot turn into Terraform: class instances that are not cdktf resolvables (a cdk8s `Lazy`,
 * `Duration`, `Size` or construct). cdktf tokens and resolvables are fine there.
 *
 * @internal
 */
export function findForeignValues(config: unknown, path: string = ''): UnresolvedValue[] {
  const found: UnresolvedValue[] = [];
  walk(config, path === '' ? [] : [path], found, true);
  return found;
}

/**
 * The walk keeps the keys from the root on a stack and spells a path out only for a finding: most
 * documents have none, and building every node's path string cost more than the walk itself.
 */
function walk(value: unknown, keys: Array<string | number>, found: UnresolvedValue[], terraform: boolean): void {
  if (value === null || value === undefined || typeof value === 'boolean') {
    return;
  }
  if (typeof value === 'string') {
    // One scan for the part all markers share, then the markers themselves.
    if (!terraform && value.includes('oken[') && TOKEN_MARKERS.some((m) => value.includes(m))) {
      found.push({ path: spell(keys), value: value.length > 80 ? `${value.slice(0, 77)}...` : value });
    }
    return;
  }
  if (typeof value === 'number') {
    if (!terraform && Token.isUnresolved(value)) {
      found.push({ path: spell(keys), value: String(value) });
    }
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      keys.push(i);
      walk(value[i], keys, found, terraform);
      keys.pop();
    }
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (terraform && typeof (value as { resolve?: unknown }).resolve === 'function') {
      return; // a cdktf resolvable: Terraform resolves it
    }
    if (proto !== Object.prototype && proto !== null && !(terraform && proto === Array.prototype)) {
      found.push({ path: spell(keys), value: `<${proto.constructor?.name ?? 'object'} instance>` });
      return;
    }
    for (const key in value as Record<string, unknown>) {
      if (Object.prototype.hasOwnProperty.call(value, key)) {
        keys.push(key);
        walk((value as Record<string, unknown>)[key], keys, found, terraform);
        keys.pop();
      }
    }
    return;
  }
  if (typeof value === 'function') {
    found.push({ path: spell(keys), value: '<function>' });
  }
}

/** `spec.template.spec.containers[0].image` from its keys; the first key may be a given prefix. */
function spell(keys: Array<string | number>): string {
  let path = '';
  for (const key of keys) {
    path = typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
  }
  return path;
}
