/**
 * A JSON Schema (draft 2020-12) validator for the keywords the Score schema uses, and only those.
 *
 * The library has no runtime dependency that validates JSON Schema (ajv is in node_modules only as
 * a tool's dependency, and package.json is not changed for this), and the Score schema needs a
 * small subset: `type`, `required`, `properties`, `additionalProperties`, `propertyNames`,
 * `minProperties`, `items`, `enum`, `pattern`, `minLength`, `maxLength`, `minimum`, `maximum`,
 * local `$ref`s, `oneOf`, `anyOf`, `allOf` and `not`. A schema that uses any other keyword is
 * refused when it is loaded, so a newer schema cannot be half-checked in silence.
 *
 * @internal
 */
export class JsonSchemaValidator {
  private readonly patterns = new Map<string, RegExp>();

  public constructor(private readonly root: any) {
    checkKeywords(root, '#');
  }

  /** The problems of a value, each with the JSON path where it is; empty when the value is valid. */
  public validate(value: unknown): SchemaProblem[] {
    return this.check(this.root, value, []);
  }

  private check(schema: any, value: any, path: PathPart[]): SchemaProblem[] {
    if (schema === true) {
      return [];
    }
    if (schema === false) {
      return [{ path, message: 'is not allowed here' }];
    }
    if (schema.$ref !== undefined) {
      const problems = this.check(this.resolve(schema.$ref), value, path);
      if (problems.length > 0) {
        return problems;
      }
    }
    if (schema.type !== undefined && !hasType(value, schema.type)) {
      return [{ path, message: `must be ${article(schema.type)}, not ${describe(value)}` }];
    }
    const problems: SchemaProblem[] = [];
    if (schema.enum !== undefined && !schema.enum.some((e: unknown) => e === value)) {
      problems.push({ path, message: `(${JSON.stringify(value)}) must be one of ${schema.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}` });
    }
    if (typeof value === 'string') {
      const length = [...value].length;
      if (schema.minLength !== undefined && length < schema.minLength) {
        problems.push({ path, message: `(${JSON.stringify(value)}) must be at least ${schema.minLength} characters long` });
      }
      if (schema.maxLength !== undefined && length > schema.maxLength) {
        problems.push({ path, message: `(${JSON.stringify(value)}) must be at most ${schema.maxLength} characters long` });
      }
      if (schema.pattern !== undefined && !this.regex(schema.pattern).test(value)) {
        problems.push({ path, message: `(${JSON.stringify(value)}) must match the pattern ${schema.pattern}` });
      }
    }
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) {
        problems.push({ path, message: `(${value}) must be at least ${schema.minimum}` });
      }
      if (schema.maximum !== undefined && value > schema.maximum) {
        problems.push({ path, message: `(${value}) must be at most ${schema.maximum}` });
      }
    }
    if (Array.isArray(value) && schema.items !== undefined) {
      value.forEach((item, i) => problems.push(...this.check(schema.items, item, [...path, i])));
    }
    if (isObject(value)) {
      problems.push(...this.checkObject(schema, value, path));
    }
    if (schema.allOf !== undefined) {
      for (const sub of schema.allOf) {
        problems.push(...this.check(sub, value, path));
      }
    }
    if (schema.anyOf !== undefined || schema.oneOf !== undefined) {
      const branches: any[] = schema.anyOf ?? schema.oneOf;
      const results = branches.map((sub) => this.check(sub, value, path));
      const passed = results.filter((r) => r.length === 0).length;
      if (passed === 0) {
        // The branch that came closest says what is wrong, unless all fail alike (then say so).
        const best = Math.min(...results.map((r) => r.length));
        const closest = results.filter((r) => r.length === best);
        if (closest.length === 1) {
          problems.push(...closest[0]);
        } else {
          problems.push({ path, message: `matches none of the allowed forms: ${closest.map((r) => r.map(format).join(' and ')).join('; or ')}` });
        }
      } else if (schema.oneOf !== undefined && passed > 1) {
        problems.push({ path, message: `matches ${passed} of the forms of which exactly one is allowed` });
      }
    }
    if (schema.not !== undefined && this.check(schema.not, value, path).length === 0) {
      const fields = schema.not.required ? ` (it must not have ${schema.not.required.map((r: string) => `'${r}'`).join(', ')})` : '';
      problems.push({ path, message: `is in a form that is not allowed here${fields}` });
    }
    return problems;
  }

  private checkObject(schema: any, value: { [key: string]: unknown }, path: PathPart[]): SchemaProblem[] {
    const problems: SchemaProblem[] = [];
    const keys = Object.keys(value);
    for (const key of schema.required ?? []) {
      if (!(key in value)) {
        problems.push({ path, message: `is missing the required '${key}'` });
      }
    }
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
      problems.push({ path, message: `must have at least ${schema.minProperties} entr${schema.minProperties === 1 ? 'y' : 'ies'}` });
    }
    for (const key of keys) {
      if (schema.propertyNames !== undefined) {
        for (const p of this.check(schema.propertyNames, key, [...path, key])) {
          problems.push({ path: p.path, message: `has a key that is not allowed: ${p.message}` });
        }
      }
      if (schema.properties?.[key] !== undefined) {
        problems.push(...this.check(schema.properties[key], value[key], [...path, key]));
      } else if (schema.additionalProperties === false) {
        problems.push({ path: [...path, key], message: `is not a known field${schema.properties ? ` (known: ${Object.keys(schema.properties).join(', ')})` : ''}` });
      } else if (schema.additionalProperties !== undefined) {
        problems.push(...this.check(schema.additionalProperties, value[key], [...path, key]));
      }
    }
    return problems;
  }

  private resolve(ref: string): any {
    const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
    const target = match ? this.root.$defs?.[match[1]] : undefined;
    if (target === undefined) {
      throw new Error(`JSON schema: $ref '${ref}' is not a local #/$defs/ reference this validator resolves`);
    }
    return target;
  }

  private regex(pattern: string): RegExp {
    let re = this.patterns.get(pattern);
    if (!re) {
      re = new RegExp(pattern, 'u');
      this.patterns.set(pattern, re);
    }
    return re;
  }
}

/** A part of a JSON path: an object key or an array index. @internal */
export type PathPart = string | number;

/** One problem found by `JsonSchemaValidator`. @internal */
export interface SchemaProblem {
  /** Where in the document. */
  readonly path: PathPart[];
  /** What is wrong, to follow the path in a sentence. */
  readonly message: string;
}

/** A JSON path as people write it: `containers.web.files["/etc/app.conf"].mode`, `$` for the root. @internal */
export function jsonPath(path: PathPart[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(part)) {
      out += out === '' ? part : `.${part}`;
    } else {
      out += `[${JSON.stringify(part)}]`;
    }
  }
  return out === '' ? '$' : out;
}

function format(p: SchemaProblem): string {
  return `'${jsonPath(p.path)}' ${p.message}`;
}

/** Keywords that only annotate (ignored when validating). */
const ANNOTATIONS = new Set(['$schema', '$id', '$defs', 'title', 'description', 'deprecated', 'default', 'examples', '$comment']);
/** Keywords this validator checks. */
const CHECKED = new Set(['type', 'required', 'properties', 'additionalProperties', 'propertyNames', 'minProperties', 'items', 'enum',
  'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', '$ref', 'oneOf', 'anyOf', 'allOf', 'not']);

/** Refuses a schema that uses a keyword this validator does not check. */
function checkKeywords(schema: any, where: string): void {
  if (typeof schema === 'boolean') {
    return;
  }
  if (!isObject(schema)) {
    throw new Error(`JSON schema: ${where} is not a schema`);
  }
  for (const [key, sub] of Object.entries<any>(schema)) {
    if (!CHECKED.has(key) && !ANNOTATIONS.has(key)) {
      throw new Error(`JSON schema: keyword '${key}' at ${where} is not supported by this validator; extend src/score/private/json-schema.ts`);
    }
    if (['properties', '$defs'].includes(key)) {
      for (const [name, s] of Object.entries(sub)) {
        checkKeywords(s, `${where}/${key}/${name}`);
      }
    } else if (['additionalProperties', 'propertyNames', 'items', 'not'].includes(key)) {
      checkKeywords(sub, `${where}/${key}`);
    } else if (['oneOf', 'anyOf', 'allOf'].includes(key)) {
      sub.forEach((s: any, i: number) => checkKeywords(s, `${where}/${key}/${i}`));
    }
  }
}

function isObject(value: unknown): value is { [key: string]: any } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    default: throw new Error(`JSON schema: type '${type}' is not supported by this validator`);
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'an array';
  }
  if (typeof value === 'object') {
    return 'an object';
  }
  return `${typeof value} ${JSON.stringify(value)}`;
}
