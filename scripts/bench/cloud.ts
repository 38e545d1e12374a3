/**
 * Scenario 2, one run (a child process of scripts/bench.ts): a PlatformCluster and 50 services'
 * cloud parts (ECR repository, lifecycle policy, IAM role and Pod Identity association each).
 * Prints {"ms": <construct + synth>, "cpuMs": <its CPU time>, "rssMb": <peak resident set>} on its last line.
 *
 *   library <outdir>             cdk-paved-road (compiled lib/, as a consumer imports it): PlatformApp.synth()
 *   export <outdir> <json>       the same, then writes the stack's Terraform JSON to <json>
 *   generate <json> <file.ts> [<dist>]
 *                                writes the baseline: the same resources written by hand with cdktf
 *                                and deep imports of @cdktf/provider-aws, a TypeScript program that
 *                                builds every resource of <json> from its class with the same
 *                                configuration, each reference to another resource read from its
 *                                getter (`roleArn: e3.arn`), then runs App.synth(). It runs as
 *                                `<file.ts> <outdir>` and prints the same line. With <dist> (the
 *                                library's YAML folder), the program also writes the same YAML by
 *                                hand with cdk8s: a Chart per file, an ApiObject per document, then
 *                                the cdk8s App's synth() into <outdir>/dist: the same work as the
 *                                library's PlatformApp.synth().
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformStack } from 'cdktf';

const [mode, ...rest] = process.argv.slice(2);
const generating = mode === 'generate';
const [outdir, json] = generating ? [undefined, rest[0]] : rest;
const source = generating ? rest[1] : undefined;
const dist = generating ? rest[2] : undefined;
const SERVICES = 50;
/** `${aws_iam_role.name.arn}` or `${data.aws_x.name.attribute}` inside a string of the exported JSON. */
const REFERENCE = /\$\{((?:data\.)?aws_[a-z0-9_]+\.[A-Za-z0-9_-]+)\.([^}]+)\}/g;
/**
 * A string of the exported JSON that holds references (`${aws_iam_role.x.arn}`), as the parts a
 * hand-written stack's template literal has: plain text and attribute reads (`role.arn`,
 * `cluster.identity.get(0).oidc.get(0).issuer`), through the provider classes' getters.
 */
class Interpolation {
  public constructor(public readonly parts: Array<string | { address: string; path: Array<{ name: string; index?: number }> }>) {}
}
/** TypeScript source written into the generated program as it is (`[e1, e2]`). */
class Source {
  public constructor(public readonly text: string) {}
}

// The library is loaded before the clock starts (scripts/bench.ts measures loading apart), as the
// generated baseline's imports are.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = generating ? undefined : require(process.env.BENCH_LIB ?? '../../lib');
// Each class is read before the clock starts, as a program's named imports are (the package root
// loads its modules on first use).
const { EnvironmentClass, PlatformApp, PlatformCluster, PlatformStack, ServiceApp } = lib ?? {};
const config = generating ? JSON.parse(fs.readFileSync(json!, 'utf-8')) : undefined;
const classes = new Map<string, { cls: any; file: string }>();
for (const [kind, prefix] of [['data', 'data-aws-'], ['resource', '']] as const) {
  for (const type of Object.keys(config?.[kind] ?? {})) {
    const file = `${prefix}${type.replace(/^aws_/, '').replace(/_/g, '-')}`;
    classes.set(`${kind}.${type}`, { cls: load(file, pascal(kind === 'data' ? `data_${type}` : type.replace(/^aws_/, ''))), file });
  }
}
// What the hand-written stack's source fixes before it runs: each element's props, and an order in
// which every element comes after those it references (a reference is written as an attribute of
// the element, `role.arn`, so that element must exist first).
const ordered: Array<{ kind: string; type: string; name: string; body: any; props: any; address: string }> = [];
if (config) {
  const pending = ['data', 'resource'].flatMap((kind) => Object.entries<any>(config[kind] ?? {}).flatMap(([type, byName]) =>
    Object.entries<any>(byName).map(([name, body]) => {
      const address = `${kind === 'data' ? 'data.' : ''}${type}.${name}`;
      const refersTo = [...JSON.stringify(body).matchAll(REFERENCE)].map((m) => m[1]).concat(body.depends_on ?? []).filter((a) => a !== address);
      return { kind, type, name, body, props: template(props(body)), address, refersTo };
    })));
  const placed = new Set<string>();
  while (pending.length > 0) {
    const ready = pending.filter((e) => e.refersTo.every((a) => placed.has(a)));
    if (ready.length === 0) {
      throw new Error('cyclic references in the exported configuration');
    }
    for (const e of ready) {
      pending.splice(pending.indexOf(e), 1);
      placed.add(e.address);
      ordered.push(e);
    }
  }
}
const outputs = new Map<string, unknown>(Object.entries<any>(config?.output ?? {}).map(([name, body]) => [name, template(body.value)]));

if (generating) {
  fs.writeFileSync(source!, generate());
  console.log(JSON.stringify({ elements: ordered.length }));
  process.exit(0);
}
fs.mkdirSync(outdir!, { recursive: true });
const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
const app = new PlatformApp({ terraformOutdir: path.join(outdir!, 'cdktf.out'), kubernetesOutdir: path.join(outdir!, 'dist'), quiet: true });
const stack = new PlatformStack(app, 'platform', {
  platformName: 'acme',
  environmentName: 'prod',
  environmentClass: EnvironmentClass.PRODUCTION,
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'prod.acme.example.com',
});
const cluster = new PlatformCluster(stack, 'cluster', { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admins'] });
cluster.addTeam('shop');
for (let i = 0; i < SERVICES; i++) {
  const svc = new ServiceApp(stack, `svc-${i}`, { team: 'shop', imageTag: '1.0.0', cluster });
  svc.grantSqsSend(`arn:aws:sqs:eu-west-1:123456789012:svc-${i}-events`);
}
const result = app.synth();
if (mode === 'export') {
  fs.copyFileSync(result.stacks[0].file, json!);
}
const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
const cpu = process.cpuUsage(cpuStarted);
console.log(JSON.stringify({ ms, cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));

/**
 * The hand-written stack's source: an import per provider class, then each element as
 * `const e12 = new IamRole(stack, 'name', { ... roleArn: e3.arn ... })` in an order in which every
 * element comes after those it references. Which getters a reference goes through (`.get(0)` on a
 * list of blocks, none on a single block) is found by building the elements once here.
 */
function generate(): string {
  const scratch = new TerraformStack(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'cloud-')) }), 'platform');
  const elements = new Map<string, { variable: string; element: any }>();
  const imports = new Map<string, string>([['AwsProvider', 'provider']]);
  const lines: string[] = [];
  for (const [type, byName] of Object.entries<any>(config.provider ?? {})) {
    if (type !== 'aws') {
      throw new Error(`provider ${type}: only aws is written by hand here`);
    }
    for (const [i, body] of (byName as any[]).entries()) {
      lines.push(`new AwsProvider(stack, 'aws-${i}', ${code(props(body), elements)});`);
    }
  }
  ordered.forEach(({ kind, type, name, body, props: elementProps, address }, i) => {
    const { cls, file } = classes.get(`${kind}.${type}`)!;
    imports.set(cls.name, file);
    const variable = `e${i}`;
    const dependsOn = (body.depends_on ?? []).map((a: string) => elements.get(a)?.variable ?? a);
    if (dependsOn.some((d: string) => !d.startsWith('e'))) {
      throw new Error(`${address}: depends_on outside the stack`);
    }
    const args = dependsOn.length > 0 ? { ...elementProps, dependsOn: new Source(`[${dependsOn.join(', ')}]`) } : elementProps;
    lines.push(`const ${variable} = new ${cls.name}(stack, ${JSON.stringify(name)}, ${code(args, elements)});`);
    lines.push(`${variable}.overrideLogicalId(${JSON.stringify(name)});`);
    for (const meta of ['lifecycle', 'count', 'for_each', 'provider']) {
      if (body[meta] !== undefined) {
        lines.push(`${variable}.addOverride(${JSON.stringify(meta)}, ${JSON.stringify(body[meta])});`);
      }
    }
    const element = new cls(scratch, name, fill(elementProps, elements));
    elements.set(address, { variable, element });
  });
  for (const [name, body] of Object.entries<any>(config.output ?? {})) {
    const value = code(outputs.get(name), elements);
    lines.push(`new TerraformOutput(stack, ${JSON.stringify(name)}, { value: ${value}, description: ${JSON.stringify(body.description)} })` +
      `.overrideLogicalId(${JSON.stringify(name)});`);
  }
  const k8s = dist ? kubernetesSource(dist) : { imports: [], lines: [] };
  return [
    `// Generated by scripts/bench/cloud.ts from the library's Terraform JSON${dist ? ' and YAML' : ''}: scenario 2's hand-written program.`,
    '/* eslint-disable */',
    "import * as path from 'path';",
    "import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';",
    ...k8s.imports,
    ...[...imports].sort(([a], [b]) => a.localeCompare(b)).map(([cls, file]) => `import { ${cls} } from '@cdktf/provider-aws/lib/${file}';`),
    '',
    'const started = process.hrtime.bigint();',
    'const cpuStarted = process.cpuUsage();',
    "const app = new App({ outdir: path.join(process.argv[2], 'cdktf.out') });",
    "const stack = new TerraformStack(app, 'platform');",
    `new LocalBackend(stack, { path: ${JSON.stringify(config.terraform?.backend?.local?.path)} });`,
    ...lines,
    ...k8s.lines,
    'app.synth();',
    'const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);',
    'const cpu = process.cpuUsage(cpuStarted);',
    'console.log(JSON.stringify({ ms, cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));',
    '',
  ].join('\n');
}

/**
 * The Kubernetes half by hand: the objects of every YAML file in `dir` as cdk8s ApiObjects, a Chart
 * per file (named as the file), synthesized one file per chart, as a cdk8s program written without
 * the library would (cdk8s core, no cdk8s-plus: the cheapest way to write these objects).
 */
function kubernetesSource(dir: string): { imports: string[]; lines: string[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require('yaml');
  const lines = [
    "const k8s = new K8sApp({ outdir: path.join(process.argv[2], 'dist'), outputFileExtension: '.k8s.yaml', yamlOutputType: YamlOutputType.FILE_PER_CHART });",
  ];
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.k8s.yaml')).sort();
  files.forEach((file, i) => {
    lines.push(`const c${i} = new Chart(k8s, ${JSON.stringify(file.replace(/\.k8s\.yaml$/, ''))});`);
    yaml.parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf-8')).forEach((doc: any, j: number) => {
      lines.push(`new ApiObject(c${i}, 'o${j}', ${JSON.stringify(doc.toJS())});`);
    });
  });
  lines.push('k8s.synth();');
  return { imports: ["import { ApiObject, App as K8sApp, Chart, YamlOutputType } from 'cdk8s';"], lines };
}

/** Props with every string that holds references turned into an Interpolation (worked out before the clock). */
function template(value: any): any {
  if (typeof value === 'string') {
    if (!value.match(REFERENCE)) {
      return value;
    }
    const parts: Interpolation['parts'] = [];
    let last = 0;
    for (const m of value.matchAll(REFERENCE)) {
      parts.push(value.slice(last, m.index));
      parts.push({
        address: m[1],
        path: m[2].split('.').map((segment) => {
          const [, name, index] = segment.match(/^([a-z0-9_]+)(?:\[(\d+)\])?$/)!;
          return { name: name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), index: index === undefined ? undefined : Number(index) };
        }),
      });
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

/** The props a hand-written stack passes: each reference read from its element's getters. */
function fill(value: any, elements: Map<string, { element: any }>): any {
  if (value instanceof Interpolation) {
    return value.parts.map((part) => (typeof part === 'string' ? part : String(read(part, elements).value))).join('');
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
function code(value: any, elements: Map<string, { variable: string; element: any }>): string {
  if (value instanceof Source) {
    return value.text;
  }
  if (value instanceof Interpolation) {
    const [only] = value.parts.filter((p) => p !== '');
    // A whole reference is the attribute itself (a list attribute, such as a zone's name servers, too).
    if (value.parts.filter((p) => p !== '').length === 1 && typeof only !== 'string'
      && (typeof read(only, elements).value === 'string' || Array.isArray(read(only, elements).value))) {
      return read(only, elements).expression;
    }
    const text = (t: string) => t.replace(/[\\`]/g, (c) => `\\${c}`).replace(/\$\{/g, '\\${');
    return `\`${value.parts.map((part) => (typeof part === 'string' ? text(part) : `\${${read(part, elements).expression}}`)).join('')}\``;
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

/** An attribute read through the element's getters, as a value and as source (`e1.identity.get(0).oidc.get(0).issuer`). */
function read(part: Exclude<Interpolation['parts'][number], string>, elements: Map<string, { variable?: string; element: any }>) {
  const { variable, element } = elements.get(part.address)!;
  let value = element;
  let expression = variable ?? '';
  for (const { name, index } of part.path) {
    if (!(name in value)) {
      throw new Error(`${part.address} has no attribute getter ${name}`);
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

function load(file: string, className: string): any {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`@cdktf/provider-aws/lib/${file}`);
  const cls = mod[className];
  if (!cls) {
    throw new Error(`@cdktf/provider-aws/lib/${file} has no ${className}`);
  }
  return cls;
}

function pascal(snake: string): string {
  return snake.split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** A synthesized resource body back as construct props: camelCase keys, maps (tags) as they are. */
function props(body: any, key = ''): any {
  if (Array.isArray(body)) {
    return body.map((x) => props(x, key));
  }
  if (body === null || typeof body !== 'object') {
    return body;
  }
  if (['tags', 'tags_all', 'default_tags.tags', 'labels', 'selector.labels', 'parameters', 'configuration_values'].some((k) => key.endsWith(k))) {
    return body;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (k === '//' || (key === '' && ['depends_on', 'lifecycle', 'count', 'for_each', 'provider'].includes(k))) {
      continue;
    }
    out[k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = props(v, key ? `${key}.${k}` : k);
  }
  return out;
}
