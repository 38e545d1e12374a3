import { IConstruct } from 'constructs';

/**
 * Every message the library throws is built here, so they share one shape:
 * `<Kind> '<construct path>': '<prop>' (<value>) <problem>; <fix>`.
 *
 * @internal
 */
export function propError(scope: IConstruct | string, kind: string, prop: string, value: unknown, problem: string, fix: string): Error {
  return new Error(`${kind} '${pathOf(scope)}': '${prop}' (${show(value)}) ${problem}; ${fix}`);
}

/**
 * An error about a construct as a whole rather than one of its props.
 *
 * @internal
 */
export function constructError(scope: IConstruct | string, kind: string, problem: string, fix: string): Error {
  return new Error(`${kind} '${pathOf(scope)}': ${problem}; ${fix}`);
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
