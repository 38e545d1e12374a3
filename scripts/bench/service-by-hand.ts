/**
 * Scenario 4's baseline (scripts/bench.ts): examples/service written by hand, without the library.
 *
 *   generate <outdir> <folder>   reads what examples/service wrote into <outdir> (cdktf.out/stacks/<stack>/cdk.tf.json,
 *                                dist/*.k8s.yaml) and writes into <folder> a program that builds the same by hand:
 *
 * - Terraform, per stack: a TerraformStack, its backend (S3Backend, with the keys the library set by
 *   override set the same way) and AwsProvider, then each data source and resource from its
 *   deep-imported `@cdktf/provider-aws` class with the same configuration, each reference to another
 *   element read from its getter (`roleArn: e3.arn`, `subnetIds: Fn.split(',', e1.insecureValue)`),
 *   in an order in which every element comes after those it references. As scenario 2's baseline
 *   (scripts/bench/cloud.ts, one stack and no functions, left as it is).
 * - Kubernetes: a cdk8s Chart per YAML file (named as the file), an ApiObject per document (cdk8s
 *   core: the cheapest way to write these objects by hand), one file per chart.
 *
 * The program builds both, then runs both Apps' synth(), as examples/service's PlatformApp.synth()
 * does under either CLI; it is run as the example is (`node -r ts-node/register/transpile-only
 * main.ts`, by `cdktf synth` and `cdk8s synth`) and writes where the CLIs say (CDKTF_OUTDIR,
 * CDK8S_OUTDIR, the Apps' defaults).
 *
 * The program is written flat, value by value (program.ts, about 135 KB), where a person would share
 * one function between the two environments as the example does (its main.ts is 3.4 KB). So that
 * its length costs it nothing, it is compiled to JavaScript here (program.js) and the main.ts that
 * the app command runs only imports it: ts-node transpiles one line for the baseline and the
 * example's whole main.ts for the library.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Fn, TerraformStack } from 'cdktf';
import * as ts from 'typescript';
import * as yaml from 'yaml';

/** `${aws_iam_role.name.arn}` or `${data.aws_x.name.attribute}` inside a string of the exported JSON. */
const REFERENCE = /\$\{((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([^}]+)\}/g;
/** A whole string `${split(",", <reference>)}` (a list read from an SSM parameter). */
const SPLIT = /^\$\{split\(("(?:[^"\\]|\\.)*"), ((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([a-z0-9_.[\]]+)\)\}$/;
/** Maps in the configuration whose keys are data, not attribute names (not camel-cased). */
const MAPS = ['tags', 'tags_all', 'default_tags.tags', 'labels', 'dimensions', 'parameters', 'configuration_values'];
/** Meta-arguments, written with addOverride (as their JSON). */
const META = ['depends_on', 'lifecycle', 'count', 'for_each', 'provider'];

interface Part { readonly address: string; readonly path: Array<{ name: string; index?: number }> }
/** A string that holds references, as a template literal's parts: text and attribute reads. */
class Interpolation {
  public constructor(public readonly parts: Array<string | Part>) {}
}
/** `Fn.split(separator, <attribute>)`. */
class Split {
  public constructor(public readonly separator: string, public readonly attribute: Part) {}
}
/** TypeScript source written into the program as it is (`[e1, e2]`). */
class Source {
  public constructor(public readonly text: string) {}
}
interface Element { readonly variable: string; readonly element: any }

function part(address: string, attribute: string): Part {
  return {
    address,
    path: attribute.split('.').map((segment) => {
      const [, name, index] = segment.match(/^([a-z0-9_]+)(?:\[(\d+)\])?$/)!;
      return { name: camel(name), index: index === undefined ? undefined : Number(index) };
    }),
  };
}

/** Props with every string that holds a reference turned into an Interpolation or a Split. */
function template(value: any): any {
  if (typeof value === 'string') {
    const split = SPLIT.exec(value);
    if (split) {
      return new Split(JSON.parse(split[1]), part(split[2], split[3]));
    }
    if (!value.match(REFERENCE)) {
      // Plain text, or an expression kept as the text the JSON holds (the validation records'
      // `${[for record in ... : record.fqdn]}` of scenario 2): the output checks compare the JSON.
      return value;
    }
    const parts: Interpolation['parts'] = [];
    let last = 0;
    for (const m of value.matchAll(REFERENCE)) {
      parts.push(value.slice(last, m.index), part(m[1], m[2]));
      last = m.index! + m[0].length;
    }
    parts.push(value.slice(last));
    return new Interpolation(parts);
  }
  if (Array.isArray(value)) {
    return value.map(template);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, template(v)]));
  }
  return value;
}

/** The addresses a templated value refers to. */
function references(value: any): string[] {
  if (value instanceof Interpolation) {
    return value.parts.flatMap((p) => (typeof p === 'string' ? [] : [p.address]));
  }
  if (value instanceof Split) {
    return [value.attribute.address];
  }
  if (value !== null && typeof value === 'object') {
    return Object.values(value).flatMap(references);
  }
  return [];
}

/** An attribute read through the element's getters, as a value and as source (`e1.identity.get(0).oidc.get(0).issuer`). */
function read(p: Part, elements: Map<string, Element>): { value: any; expression: string } {
  const found = elements.get(p.address);
  if (!found) {
    throw new Error(`a reference to ${p.address}, which is not in the stack`);
  }
  let value = found.element;
  let expression = found.variable;
  for (const { name, index } of p.path) {
    if (!(name in value)) {
      throw new Error(`${p.address} has no attribute getter ${name}`);
    }
    value = value[name];
    expression += `.${name}`;
    // Lists of blocks are read with get(i); a single block (vpc_config[0]) is read directly.
    if (index !== undefined && typeof value.get === 'function') {
      value = value.get(index);
      expression += `.get(${index})`;
    }
  }
  return { value, expression };
}

/** The props a hand-written stack passes, as values (to build the element here and find its getters). */
function fill(value: any, elements: Map<string, Element>): any {
  if (value instanceof Interpolation) {
    return value.parts.map((p) => (typeof p === 'string' ? p : String(read(p, elements).value))).join('');
  }
  if (value instanceof Split) {
    return Fn.split(value.separator, read(value.attribute, elements).value);
  }
  if (Array.isArray(value)) {
    return value.map((v) => fill(v, elements));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, elements)]));
  }
  return value;
}

/** The same props as TypeScript source: `{ roleArn: e3.arn, name: "x" }`. */
function code(value: any, elements: Map<string, Element>): string {
  if (value instanceof Source) {
    return value.text;
  }
  if (value instanceof Split) {
    return `Fn.split(${JSON.stringify(value.separator)}, ${read(value.attribute, elements).expression})`;
  }
  if (value instanceof Interpolation) {
    const parts = value.parts.filter((p) => p !== '');
    // A whole reference is the attribute itself (a list attribute too).
    if (parts.length === 1 && typeof parts[0] !== 'string') {
      const whole = read(parts[0], elements);
      if (typeof whole.value === 'string' || Array.isArray(whole.value)) {
        return whole.expression;
      }
    }
    const text = (t: string) => t.replace(/[\\`]/g, (c) => `\\${c}`).replace(/\$\{/g, '\\${');
    return `\`${value.parts.map((p) => (typeof p === 'string' ? text(p) : `\${${read(p, elements).expression}}`)).join('')}\``;
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => code(v, elements)).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
    return `{ ${Object.entries(value).map(([k, v]) => `${key(k)}: ${code(v, elements)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

/** A synthesized block back as construct props: camelCase keys, maps (tags) as they are, no metadata. */
function props(body: any, key = ''): any {
  if (Array.isArray(body)) {
    return body.map((x) => props(x, key));
  }
  if (body === null || typeof body !== 'object') {
    return body;
  }
  if (MAPS.some((k) => key === k || key.endsWith(`.${k}`))) {
    return body;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '//' || (key === '' && META.includes(k))) {
      continue;
    }
    out[camel(k)] = props(v, key ? `${key}.${k}` : k);
  }
  return out;
}

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function pascal(snake: string): string {
  return snake.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** The provider class of a resource or data source type, and its module. */
function providerClass(kind: 'data' | 'resource', type: string): { cls: any; file: string } {
  const file = `${kind === 'data' ? 'data-aws-' : ''}${type.replace(/^aws_/, '').replace(/_/g, '-')}`;
  const name = pascal(kind === 'data' ? `data_${type}` : type.replace(/^aws_/, ''));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cls = require(`@cdktf/provider-aws/lib/${file}`)[name];
  if (!cls) {
    throw new Error(`@cdktf/provider-aws/lib/${file} has no ${name}`);
  }
  return { cls, file };
}

/**
 * One stack's source, in a block of its own; adds the provider classes it uses to `imports`, cdktf's
 * to `core`. Scenario 2's baseline (scripts/bench/cloud.ts) is written with it too.
 */
export function stackSource(name: string, config: any, index: number, imports: Map<string, string>, core: Set<string>): string[] {
  const scratch = new TerraformStack(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'service-by-hand-')) }), name);
  const elements = new Map<string, Element>();
  const lines = [`{ // stack ${name}`, `  const stack = new TerraformStack(app, ${JSON.stringify(name)});`];
  const backends = Object.entries<any>(config.terraform?.backend ?? {});
  for (const [type, body] of backends) {
    const cls = { s3: 'S3Backend', local: 'LocalBackend' }[type];
    if (!cls) {
      throw new Error(`${name}: backend ${type}: only s3 and local are written by hand here`);
    }
    // The keys the library set by override (S3Backend has no prop for them) are set the same way.
    const overridden: string[] = config['//']?.metadata?.overrides?.backend ?? [];
    const given = Object.fromEntries(Object.entries(body).filter(([k]) => !overridden.includes(k)));
    core.add(cls);
    lines.push(`  new ${cls}(stack, ${code(props(given), elements)});`);
    for (const k of overridden) {
      lines.push(`  stack.addOverride(${JSON.stringify(`terraform.backend.${type}.${k}`)}, ${JSON.stringify(body[k])});`);
    }
  }
  for (const [type, bodies] of Object.entries<any>(config.provider ?? {})) {
    if (type !== 'aws') {
      throw new Error(`${name}: provider ${type}: only aws is written by hand here`);
    }
    for (const body of bodies as any[]) {
      lines.push(`  new AwsProvider(stack, 'aws', ${code(props(body), elements)});`);
    }
  }
  // Each element after those it references (a reference is an attribute of the element: it must exist first).
  const pending = (['data', 'resource'] as const).flatMap((kind) => Object.entries<any>(config[kind] ?? {}).flatMap(([type, byName]) =>
    Object.entries<any>(byName).map(([id, body]) => {
      const address = `${kind === 'data' ? 'data.' : ''}${type}.${id}`;
      const elementProps = template(props(body));
      const refersTo = [...references(elementProps), ...(body.depends_on ?? [])].filter((a: string) => a !== address);
      return { kind, type, id, body, elementProps, address, refersTo };
    })));
  const placed = new Set<string>();
  let i = 0;
  while (pending.length > 0) {
    const ready = pending.filter((e) => e.refersTo.every((a) => placed.has(a)));
    if (ready.length === 0) {
      throw new Error(`${name}: cyclic references`);
    }
    for (const { kind, type, id, body, elementProps, address } of ready) {
      pending.splice(pending.indexOf(pending.find((e) => e.address === address)!), 1);
      placed.add(address);
      const { cls, file } = providerClass(kind, type);
      imports.set(cls.name, file);
      const variable = `s${index}e${i++}`;
      const dependsOn = (body.depends_on ?? []).map((a: string) => elements.get(a)!.variable);
      const args = dependsOn.length > 0 ? { ...elementProps, dependsOn: new Source(`[${dependsOn.join(', ')}]`) } : elementProps;
      const source = code(args, elements);
      if (source.includes('Fn.split(')) {
        core.add('Fn');
      }
      lines.push(`  const ${variable} = new ${cls.name}(stack, ${JSON.stringify(id)}, ${source});`);
      lines.push(`  ${variable}.overrideLogicalId(${JSON.stringify(id)});`);
      for (const meta of META.filter((m) => m !== 'depends_on' && body[m] !== undefined)) {
        lines.push(`  ${variable}.addOverride(${JSON.stringify(meta)}, ${JSON.stringify(body[meta])});`);
      }
      elements.set(address, { variable, element: new cls(scratch, id, fill(elementProps, elements)) });
    }
  }
  for (const [id, body] of Object.entries<any>(config.output ?? {})) {
    core.add('TerraformOutput');
    lines.push(`  new TerraformOutput(stack, ${JSON.stringify(id)}, { value: ${code(template(body.value), elements)}, description: ${JSON.stringify(body.description)} })`
      + `.overrideLogicalId(${JSON.stringify(id)});`);
  }
  lines.push('}');
  return lines;
}

/**
 * The Kubernetes half: a Chart per file, an ApiObject per document, into `k8s`, a cdk8s App writing
 * one file per chart (to `outdirSource`, TypeScript source of the folder, or cdk8s's default).
 */
export function kubernetesSource(dist: string, outdirSource?: string): string[] {
  const outdir = outdirSource ? `outdir: ${outdirSource}, ` : '';
  const lines = [`const k8s = new K8sApp({ ${outdir}outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });`];
  fs.readdirSync(dist).filter((f) => f.endsWith('.k8s.yaml')).sort().forEach((file, i) => {
    lines.push(`const c${i} = new Chart(k8s, ${JSON.stringify(file.replace(/\.k8s\.yaml$/, ''))});`);
    yaml.parseAllDocuments(fs.readFileSync(path.join(dist, file), 'utf-8')).forEach((doc, j) => {
      lines.push(`new ApiObject(c${i}, 'o${j}', ${JSON.stringify(doc.toJS())});`);
    });
  });
  return lines;
}

/** The whole program's source. */
export function handWrittenProgram(outdir: string): string {
  const stacksDir = path.join(outdir, 'cdktf.out', 'stacks');
  const imports = new Map<string, string>([['AwsProvider', 'provider']]);
  const core = new Set(['App', 'TerraformStack']);
  const stacks = fs.readdirSync(stacksDir).sort().flatMap((name, i) =>
    stackSource(name, JSON.parse(fs.readFileSync(path.join(stacksDir, name, 'cdk.tf.json'), 'utf-8')), i, imports, core));
  return [
    '// Generated by scripts/bench/service-by-hand.ts from what examples/service writes: scenario 4\'s hand-written program.',
    '/* eslint-disable */',
    "import { ApiObject, App as K8sApp, Chart, YamlOutputType } from 'cdk8s';",
    `import { ${[...core].sort().join(', ')} } from 'cdktf';`,
    ...[...imports].sort(([a], [b]) => a.localeCompare(b)).map(([cls, file]) => `import { ${cls} } from '@cdktf/provider-aws/lib/${file}';`),
    '',
    'const app = new App();',
    ...stacks,
    ...kubernetesSource(path.join(outdir, 'dist')),
    'app.synth();',
    'k8s.synth();',
    '',
  ].join('\n');
}

if (require.main === module) {
  const [mode, outdir, folder] = process.argv.slice(2);
  if (mode !== 'generate' || !outdir || !folder) {
    throw new Error('usage: service-by-hand.ts generate <outdir of examples/service> <folder>');
  }
  const source = handWrittenProgram(path.resolve(outdir));
  fs.writeFileSync(path.join(folder, 'program.ts'), source);
  // What ts-node's transpile-only mode would make of it (the module and target of tsconfig.json for a CommonJS file).
  const compiled = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  fs.writeFileSync(path.join(folder, 'program.js'), compiled.outputText);
  fs.writeFileSync(path.join(folder, 'main.ts'), [
    '// examples/service written by hand (program.ts, compiled to program.js beforehand): see scripts/bench/service-by-hand.ts.',
    "import './program.js';",
    '',
  ].join('\n'));
  console.log(JSON.stringify({ bytes: source.length, lines: source.split('\n').length }));
}
