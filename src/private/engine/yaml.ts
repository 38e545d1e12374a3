import { Yaml } from 'cdk8s';

/*
 * The YAML writer of the synthesis engine. Mirrors cdk8s 2.70's `Yaml.stringify()` (src/yaml.ts:
 * `YAML.stringify()` of `yaml` 2.x per object with `keepUndefined`, `lineWidth: 0`, YAML 1.1,
 * documents joined by `---`).
 * Fuzz-tested against it (test/private/engine/yaml.test.ts) and checked on every example against
 * cdk8s's `App.synth()` (test/private/engine/differential.test.ts).
 */

/**
 * The multi-document YAML that cdk8s's `Yaml.stringify()` writes, byte for byte, about ten times
 * faster for Kubernetes objects.
 *
 * cdk8s builds a full `yaml` document model for every object (YAML 1.1, no line folding); on
 * thousands of objects that is most of the synthesis time. Kubernetes objects are plain JSON, and
 * their YAML is mostly structure and plain strings, so this writes the structure directly and asks
 * the `yaml` library only about scalars whose rendering it cannot decide cheaply (each asked once
 * and remembered). A document holding anything else (multi-line strings, unusual keys, `undefined`,
 * an object met twice, which `yaml` writes as an anchor and aliases) is handed to `Yaml.stringify()` whole. Tests compare both writers on random documents and on the
 * examples' objects.
 *
 * @internal
 */
export function stringifyYaml(docs: unknown[]): string {
  return docs.map((doc) => {
    if (doc === undefined) {
      return '\n';
    }
    const out: string[] = [];
    return emitTop(doc, out) ? out.join('') : Yaml.stringify(doc);
  }).join('---\n');
}

/** Plain scalars that need no check: start with a letter, then letters, digits, `_./-`, inner spaces. */
const SAFE_PLAIN = /^[A-Za-z](?:[A-Za-z0-9_./-]|[ ](?=[A-Za-z0-9_./-]))*$/;
/** Text whose first character is an ASCII letter. */
const PLAIN_START = /^[A-Za-z]/;
/** Words YAML 1.1 reads as booleans or null; they must be quoted. */
const YAML11_WORDS = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL',
]);
const scalarCache = new Map<string, string | null>();
/**
 * Where `yaml` 2.x refuses a plain scalar as a block map's value or sequence item (its
 * stringifyString.js, `plainString()`): an indicator first, `: ` or ` #` inside, a blank or `:` last.
 */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** Characters `yaml` always writes double-quoted (stringifyString.js, `stringifyString()`). */
const NEEDS_DOUBLE_QUOTES = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** Objects of the document being written: one met twice is written by `yaml` as an anchor and aliases. */
let seen = new Set<object>();

/** Thrown inside the writer when a document needs the full `yaml` library. */
class NeedsFullYaml extends Error {}

function emitTop(doc: unknown, out: string[]): boolean {
  seen = new Set<object>();
  try {
    if (isMap(doc) && Object.keys(doc).length > 0) {
      emitMap(doc, '', false, out);
      return true;
    }
    if (Array.isArray(doc) && doc.length > 0) {
      emitSeq(doc, '', false, out);
      return true;
    }
    return false;
  } catch (e) {
    if (e instanceof NeedsFullYaml) {
      return false;
    }
    throw e;
  }
}

/** A non-empty map; `inline`: its first line continues the current line (after `- `). */
function emitMap(map: Record<string, unknown>, indent: string, inline: boolean, out: string[]): void {
  visit(map);
  let first = true;
  for (const key of Object.keys(map)) {
    if (!SAFE_PLAIN.test(key) || YAML11_WORDS.has(key)) {
      throw new NeedsFullYaml();
    }
    out.push(first && inline ? key : indent + key);
    first = false;
    const value = map[key];
    if (isMap(value)) {
      if (Object.keys(value).length === 0) {
        visit(value);
        out.push(': {}\n');
      } else {
        out.push(':\n');
        emitMap(value, `${indent}  `, false, out);
      }
    } else if (Array.isArray(value)) {
      if (value.length === 0) {
        visit(value);
        out.push(': []\n');
      } else {
        out.push(':\n');
        emitSeq(value, `${indent}  `, false, out);
      }
    } else {
      out.push(`: ${scalar(value)}\n`);
    }
  }
}

/** A non-empty sequence; `inline`: its first item continues the current line (after `- `). */
function emitSeq(seq: unknown[], indent: string, inline: boolean, out: string[]): void {
  visit(seq);
  seq.forEach((item, i) => {
    out.push(i === 0 && inline ? '- ' : `${indent}- `);
    if (isMap(item)) {
      if (Object.keys(item).length === 0) {
        visit(item);
        out.push('{}\n');
      } else {
        emitMap(item, `${indent}  `, true, out);
      }
    } else if (Array.isArray(item)) {
      if (item.length === 0) {
        visit(item);
        out.push('[]\n');
      } else {
        emitSeq(item, `${indent}  `, true, out);
      }
    } else {
      out.push(`${scalar(item)}\n`);
    }
  });
}

function scalar(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return str(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new NeedsFullYaml();
      }
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      if (value === null) {
        return 'null';
      }
      throw new NeedsFullYaml();
  }
}

function str(value: string): string {
  if (SAFE_PLAIN.test(value) && !YAML11_WORDS.has(value)) {
    return value;
  }
  // Text that starts with a letter is a string in every tag of YAML 1.1 but the words above, so
  // `yaml` writes it plain unless its plain-scalar rules refuse (PromQL, descriptions, URLs).
  if (PLAIN_START.test(value) && !value.includes('\n') && !NOT_PLAIN.test(value) && !NEEDS_DOUBLE_QUOTES.test(value) && !YAML11_WORDS.has(value)) {
    return value;
  }
  // Multi-line strings become blocks and a leading document marker depends on the indentation:
  // only the full writer gets those right.
  if (value.includes('\n') || value.startsWith('---') || value.startsWith('...')) {
    throw new NeedsFullYaml();
  }
  let rendered = scalarCache.get(value);
  if (rendered === undefined) {
    // As the value of a map pair, the position every scalar here has.
    const line = Yaml.stringify({ k: value });
    rendered = line.startsWith('k: ') && line.indexOf('\n') === line.length - 1 ? line.slice(3, -1) : null;
    scalarCache.set(value, rendered);
  }
  if (rendered === null) {
    throw new NeedsFullYaml();
  }
  return rendered;
}

/** Records an object of the document; one met a second time makes the document the full writer's. */
function visit(value: object): void {
  if (seen.has(value)) {
    throw new NeedsFullYaml();
  }
  seen.add(value);
}

function isMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new NeedsFullYaml();
  }
  return true;
}
