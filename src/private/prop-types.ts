import { IConstruct } from 'constructs';
import { propError } from './errors';
import { isUnresolved } from './validate';

/**
 * Runtime type checks of public props, for JavaScript and other jsii callers whose compiler does
 * not check them: a string where a `Size` is expected fails in the constructor with the construct's
 * path and the prop's name, not as a raw `TypeError` deep inside cdk8s or cdktf.
 *
 * A construct declares the type of each of its props once (`propTypes('FooProps', { ... })`, next to
 * the interface) and checks them first thing in its constructor (`checkProps(this, KIND, props, FOO_PROPS)`).
 * `test/project/prop-types.test.ts` holds every declaration against its interface (same props) and
 * keeps the list of the props interfaces not checked yet honest.
 */

/** How one prop is checked. @internal */
export interface PropType {
  /** What the prop is, for the message: "a string", "a Size". */
  readonly expected: string;
  /** How to pass one, for the message's fix. */
  readonly example: string;
  /** The prop must be given. */
  readonly required: boolean;
  /** Checks the value; `at` is the prop's path (`autoscaling.minReplicas`, `env[0].name`). */
  check(scope: IConstruct | string, kind: string, at: string, value: unknown): void;
}

/** The prop types of one props interface, by prop name. @internal */
export interface PropTypes {
  /** The interface's name, e.g. `ServiceAppProps`. */
  readonly name: string;
  readonly props: { readonly [prop: string]: PropType };
}

/** Every declared props interface, by name (for the project test). @internal */
export const DECLARED_PROP_TYPES = new Map<string, PropTypes>();

/**
 * Declares the prop types of a public props interface and registers them.
 * @internal
 */
export function propTypes(name: string, props: { readonly [prop: string]: PropType }): PropTypes {
  const declared = { name, props };
  DECLARED_PROP_TYPES.set(name, declared);
  return declared;
}

/**
 * Checks `props` against its declared types: the props object itself, every required prop, and the
 * type of every prop given. Values that are still tokens are not judged.
 * @internal
 */
export function checkProps(scope: IConstruct | string, kind: string, props: unknown, types: PropTypes, at: string = 'props'): void {
  if (props === undefined || props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw propError(scope, kind, at, props, `is ${describe(props)}, not a ${types.name} object`, `pass an object of ${types.name}`);
  }
  const prefix = at === 'props' ? '' : `${at}.`;
  for (const [prop, type] of Object.entries(types.props)) {
    const value = (props as Record<string, unknown>)[prop];
    if (value === undefined || value === null) {
      if (type.required) {
        throw propError(scope, kind, `${prefix}${prop}`, value, `is required (${type.expected})`, `pass ${type.example}`);
      }
      continue;
    }
    if (!isUnresolved(value)) {
      type.check(scope, kind, `${prefix}${prop}`, value);
    }
  }
}

/** What a value is, for a message: "a string", "a number", "an array", "an object of class Foo". */
function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object') {
    const ctor = (value as object).constructor?.name;
    return ctor && ctor !== 'Object' ? `a ${ctor}` : 'an object';
  }
  if (typeof value === 'number' && Number.isNaN(value)) {
    return 'NaN';
  }
  return value === undefined ? 'missing' : `a ${typeof value}`;
}

function simple(expected: string, example: string, test: (v: unknown) => boolean): PropType {
  return {
    expected,
    example,
    required: false,
    check(scope, kind, at, value) {
      if (!test(value)) {
        throw propError(scope, kind, at, value, `is ${describe(value)}, not ${expected}`, `pass ${example}`);
      }
    },
  };
}

/** The constructors of prop types. @internal */
export const T = {
  /** A string. */
  string: simple('a string', 'a string', (v) => typeof v === 'string'),
  /** A number (not NaN). */
  number: simple('a number', 'a number, e.g. 3', (v) => typeof v === 'number' && !Number.isNaN(v)),
  /** A boolean. */
  boolean: simple('a boolean', 'true or false', (v) => typeof v === 'boolean'),
  /** A list of strings. */
  strings: simple('a list of strings', 'a list of strings, e.g. ["a", "b"]', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string' || isUnresolved(s))),
  /** A list (its items are checked where they are used). */
  list(expected: string, example: string): PropType {
    return simple(expected, example, (v) => Array.isArray(v));
  },
  /** A map of strings to strings. */
  stringMap: simple('a map of strings', 'an object of string values, e.g. { team: "shop" }',
    (v) => typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every((s) => typeof s === 'string')),
  /** An object with these members (an interface, a class instance, a struct checked no deeper). */
  shape(expected: string, example: string, members: string[] = []): PropType {
    return simple(expected, example, (v) => typeof v === 'object' && !Array.isArray(v)
      && members.every((m) => (v as Record<string, unknown>)[m] !== undefined));
  },
  /** One of the values of a string enum. */
  oneOf(name: string, values: object): PropType {
    const allowed = Object.values(values) as unknown[];
    return simple(`${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`, `one of ${name}.${Object.keys(values).join(`, ${name}.`)}`, (v) => allowed.includes(v));
  },
  /** A struct whose props are checked too. */
  struct(types: PropTypes): PropType {
    return {
      expected: `a ${types.name} object`,
      example: `an object of ${types.name}`,
      required: false,
      check(scope, kind, at, value) {
        checkProps(scope, kind, value, types, at);
      },
    };
  },
  /** A list of structs whose props are checked too. */
  structs(types: PropTypes): PropType {
    return {
      expected: `a list of ${types.name}`,
      example: `a list of ${types.name} objects`,
      required: false,
      check(scope, kind, at, value) {
        if (!Array.isArray(value)) {
          throw propError(scope, kind, at, value, `is ${describe(value)}, not a list of ${types.name}`, `pass a list of ${types.name} objects`);
        }
        value.forEach((item, i) => checkProps(scope, kind, item, types, `${at}[${i}]`));
      },
    };
  },
};

/** The same type, required. @internal */
export function required(type: PropType): PropType {
  return { ...type, required: true, check: type.check };
}

// Types of the libraries' values, by what every instance has (duck typing: a second copy of cdk8s
// in node_modules still passes).
/** @internal */
export const SIZE = T.shape('a Size', 'a Size, e.g. Size.mebibytes(512)', ['toKibibytes']);
/** @internal */
export const CPU = T.shape('a Cpu', 'a Cpu, e.g. Cpu.millis(250)', ['amount']);
/** @internal */
export const DURATION = T.shape('a Duration', 'a Duration, e.g. Duration.seconds(60)', ['toSeconds']);
/** @internal */
export const CLUSTER = T.shape('an IPlatformCluster', 'a PlatformCluster, or PlatformCluster.fromAttributes(...)', ['clusterName', 'vpcCidr']);
