import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/*
 * Kubernetes objects built only while their chart is rendered (#22, flat memory). A construct that
 * has checked all its input at construction can register itself here instead of building its
 * cdk8s objects at once: the engine builds them just before it renders the chart, checks them,
 * and lets them go once rendered, so a program of 10,000 services holds the services' inputs, not
 * 10,000 construct trees of cdk8s-plus objects.
 *
 * Any other way to the objects builds them for good: the owner builds when its objects are read
 * (its accessors), and when cdk8s's own synthesis (`App.synth()`, `Chart.toJson()`, `Testing.synth()`)
 * validates the app, which it does before it renders, through the validation the owner adds.
 */

/** What a construct whose objects are built late gives the engine. @internal */
export interface IDeferredBuild {
  /** The construct the objects are built under. */
  readonly scope: IConstruct;
  /** Builds the objects, unless they are built already; true when this call built them. */
  buildForRender(): boolean;
  /** Lets go of the objects `buildForRender()` built (they are built again when needed). */
  release(): void;
}

const BY_CHART = new WeakMap<Chart, IDeferredBuild[]>();
let suspended = 0;

/** Registers a construct whose objects are built when its chart is rendered. @internal */
export function deferBuild(chart: Chart, build: IDeferredBuild): void {
  const builds = BY_CHART.get(chart);
  if (builds) {
    builds.push(build);
  } else {
    BY_CHART.set(chart, [build]);
  }
}

/**
 * Runs `fn` (the engine's validation of the whole app) without the validation hooks building
 * deferred objects: the engine builds them chart by chart as it renders.
 * @internal
 */
export function withoutDeferredBuilds<T>(fn: () => T): T {
  suspended++;
  try {
    return fn();
  } finally {
    suspended--;
  }
}

/** True inside `withoutDeferredBuilds()`. @internal */
export function deferredBuildsSuspended(): boolean {
  return suspended > 0;
}

/**
 * Builds the deferred objects of a chart for its rendering and validates them (they were not built
 * when the app was validated). Call `release()` once the chart is rendered. A build that throws
 * lets go of what the others built before the error is passed on.
 * @internal
 */
export function buildForRender(chart: Chart): { problems: string[]; release(): void } {
  const built: IDeferredBuild[] = [];
  const release = () => built.forEach((b) => b.release());
  try {
    for (const b of BY_CHART.get(chart) ?? []) {
      if (b.buildForRender()) {
        built.push(b);
      }
    }
  } catch (e) {
    release();
    throw e;
  }
  return { problems: built.flatMap((b) => validationProblems(b.scope, false)), release };
}

/**
 * What the validations of the constructs under `scope` find, `<path>: <message>`: the engine's
 * check of a whole tree, and of objects built late (without `scope`'s own, which builds them).
 * @internal
 */
export function validationProblems(scope: IConstruct, withScope: boolean = true): string[] {
  const problems: string[] = [];
  for (const c of scope.node.findAll()) {
    if (c === scope && !withScope) {
      continue;
    }
    for (const message of c.node.validate()) {
      problems.push(`${c.node.path || '<root>'}: ${message}`);
    }
  }
  return problems;
}

let deferrableScope: IConstruct | undefined;

/**
 * Runs `fn` (a ServiceApp creating its Workload) so that a construct it creates directly under
 * `scope` may build its objects late (none with `undefined`); constructs created there later (a
 * program's own, in a chart it read) build at once. @internal
 */
export function withDeferredBuild<T>(scope: IConstruct | undefined, fn: () => T): T {
  const outer = deferrableScope;
  deferrableScope = scope;
  try {
    return fn();
  } finally {
    deferrableScope = outer;
  }
}

/** True inside `withDeferredBuild(scope, ...)`. @internal */
export function deferredBuildAllowed(scope: IConstruct): boolean {
  return deferrableScope === scope;
}
