import { IConstruct } from 'constructs';

/**
 * An error about one prop of one construct, with its parts kept, so that a composite that
 * forwarded the prop can report it as its own (`reportAs`).
 *
 * @internal
 */
export class PropError extends Error {
  public constructor(
    public readonly kind: string,
    public readonly path: string,
    public readonly prop: string,
    public readonly shownValue: string,
    public readonly problem: string,
    public readonly fix: string,
  ) {
    super(`${kind} '${path}': '${prop}' (${shownValue}) ${problem}; ${fix}`);
    this.name = 'Error';
  }
}

/**
 * Every message the library throws is built here, so they share one shape:
 * `<Kind> '<construct path>': '<prop>' (<value>) <problem>; <fix>`.
 *
 * @internal
 */
export function propError(scope: IConstruct | string, kind: string, prop: string, value: unknown, problem: string, fix: string): Error {
  return new PropError(kind, pathOf(scope), prop, show(value), problem, fix);
}

/**
 * An error about a construct as a whole rather than one of its props.
 *
 * @internal
 */
export function constructError(scope: IConstruct | string, kind: string, problem: string, fix: string): Error {
  return new Error(`${kind} '${pathOf(scope)}': ${problem}; ${fix}`);
}

/**
 * Runs `fn`, which creates inner constructs from `outer`'s props, and reports a prop error one of
 * them throws (a construct at or below `below`, by default `outer`) as `outer`'s: its kind, its
 * path and the user's prop name (`propMap`: inner prop -> outer prop; `ingressFromCidrs[0]` maps by
 * its head `ingressFromCidrs`, and quoted inner names in the problem and fix are renamed too). An
 * error about an inner prop the map does not name, or about another construct, passes unchanged:
 * it is not about what the user wrote.
 *
 * @example
 * this.network = reportAs(this, 'PlatformCluster', { vpcCidr: 'vpcCidr', flowLogRetentionDays: 'logRetentionDays' },
 *   () => new PlatformNetwork(this, 'Network', { ... }));
 * @internal
 */
export function reportAs<T>(outer: IConstruct, kind: string, propMap: { readonly [innerProp: string]: string }, fn: () => T,
  below: IConstruct = outer): T {
  try {
    return fn();
  } catch (e) {
    throw asOuterError(e, outer, kind, propMap, below);
  }
}

/** The error `reportAs` throws for `e`. @internal */
export function asOuterError(e: unknown, outer: IConstruct, kind: string, propMap: { readonly [innerProp: string]: string },
  below: IConstruct = outer): unknown {
  if (!(e instanceof PropError)) {
    return e;
  }
  const base = pathOf(below);
  const inner = e.path === base || e.path.startsWith(`${base}/`);
  const head = /^[^.[\s]+/.exec(e.prop)?.[0] ?? e.prop;
  const outerProp = propMap[head];
  if (!inner || outerProp === undefined) {
    return e;
  }
  const rename = (text: string) => Object.keys(propMap).reduce((t, k) => t.split(`'${k}'`).join(`'${propMap[k]}'`), text);
  return new PropError(kind, pathOf(outer), outerProp + e.prop.slice(head.length), e.shownValue, rename(e.problem), rename(e.fix));
}

/** @internal */
export function pathOf(scope: IConstruct | string): string {
  if (typeof scope === 'string') {
    return scope;
  }
  return scope.node.path === '' ? '<root>' : scope.node.path;
}

function show(value: unknown): string {
  if (value === undefined) {
    return 'undefined';
  }
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
