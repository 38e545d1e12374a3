import { Token } from 'cdktf';

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
  walk(document, path, found, false);
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
  walk(config, path, found, true);
  return found;
}

function walk(value: unknown, path: string, found: UnresolvedValue[], terraform: boolean): void {
  if (value === null || value === undefined || typeof value === 'boolean') {
    return;
  }
  if (typeof value === 'string') {
    if (!terraform && TOKEN_MARKERS.some((m) => value.includes(m))) {
      found.push({ path, value: value.length > 80 ? `${value.slice(0, 77)}...` : value });
    }
    return;
  }
  if (typeof value === 'number') {
    if (!terraform && Token.isUnresolved(value)) {
      found.push({ path, value: String(value) });
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${i}]`, found, terraform));
    return;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (terraform && typeof (value as { resolve?: unknown }).resolve === 'function') {
      return; // a cdktf resolvable: Terraform resolves it
    }
    if (proto !== Object.prototype && proto !== null && !(terraform && proto === Array.prototype)) {
      found.push({ path, value: `<${proto.constructor?.name ?? 'object'} instance>` });
      return;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      walk(child, path === '' ? key : `${path}.${key}`, found, terraform);
    }
    return;
  }
  if (typeof value === 'function') {
    found.push({ path, value: '<function>' });
  }
}
