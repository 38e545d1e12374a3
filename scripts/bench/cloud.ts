/**
 * Scenario 2, one run (a child process of scripts/bench.ts): a PlatformCluster and 50 services'
 * cloud parts (ECR repository, lifecycle policy, IAM role and Pod Identity association each).
 * Prints {"ms": <construct + synth>, "rssMb": <peak resident set>} on its last line.
 *
 *   library <outdir>             cdk-paved-road (compiled lib/, as a consumer imports it): PlatformApp.synth()
 *   export <outdir> <json>       the same, then writes the stack's Terraform JSON to <json>
 *   baseline <outdir> <json>     the same resources written by hand with cdktf and deep imports of
 *                                @cdktf/provider-aws: every resource of <json> built from its class
 *                                with the same configuration, each reference to another resource
 *                                read from its getter as hand-written code does (`role.arn`), then
 *                                App.synth(); the props are worked out before the clock starts
 */
import * as fs from 'fs';
import * as path from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';

const [mode, outdir, json] = process.argv.slice(2);
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

fs.mkdirSync(outdir, { recursive: true });
// Modules are loaded before the clock starts on both sides (scripts/bench.ts measures loading apart).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = mode === 'baseline' ? undefined : require('../../lib');
const config = mode === 'baseline' ? JSON.parse(fs.readFileSync(json, 'utf-8')) : undefined;
const classes = new Map<string, any>();
for (const [kind, prefix] of [['data', 'data-aws-'], ['resource', '']] as const) {
  for (const type of Object.keys(config?.[kind] ?? {})) {
    const file = `${prefix}${type.replace(/^aws_/, '').replace(/_/g, '-')}`;
    classes.set(`${kind}.${type}`, load(file, pascal(kind === 'data' ? `data_${type}` : type.replace(/^aws_/, ''))));
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
      const refersTo = [...JSON.stringify(body).matchAll(REFERENCE)].map((m) => m[1]).filter((a) => a !== address);
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
const started = process.hrtime.bigint();

if (lib) {
  const app = new lib.PlatformApp({ terraformOutdir: path.join(outdir, 'cdktf.out'), kubernetesOutdir: path.join(outdir, 'dist'), quiet: true });
  const stack = new lib.PlatformStack(app, 'platform', {
    platformName: 'acme',
    environmentName: 'prod',
    environmentClass: lib.EnvironmentClass.PRODUCTION,
    account: '123456789012',
    region: 'eu-west-1',
    domain: 'prod.acme.example.com',
  });
  const cluster = new lib.PlatformCluster(stack, 'cluster', { adminPrincipalArns: ['arn:aws:iam::123456789012:role/platform-admins'] });
  cluster.addTeam('shop');
  for (let i = 0; i < SERVICES; i++) {
    const svc = new lib.ServiceApp(stack, `svc-${i}`, { team: 'shop', imageTag: '1.0.0', cluster });
    svc.grantSqsSend(`arn:aws:sqs:eu-west-1:123456789012:svc-${i}-events`);
  }
  const result = app.synth();
  if (mode === 'export') {
    fs.copyFileSync(result.stacks[0].file, json);
  }
} else {
  const app = new App({ outdir: path.join(outdir, 'cdktf.out') });
  const stack = new TerraformStack(app, 'platform');
  new LocalBackend(stack, { path: config.terraform?.backend?.local?.path });
  for (const [type, byName] of Object.entries<any>(config.provider ?? {})) {
    const cls = type === 'aws' ? AwsProvider : load('provider', pascal(type));
    for (const [i, body] of (byName as any[]).entries()) {
      new cls(stack, `${type}-${i}`, props(body));
    }
  }
  const elements = new Map<string, any>();
  for (const { kind, type, name, body, props: elementProps, address } of ordered) {
    const element = new (classes.get(`${kind}.${type}`))(stack, name, fill(elementProps, elements));
    element.overrideLogicalId(name);
    for (const meta of ['depends_on', 'lifecycle', 'count', 'for_each', 'provider']) {
      if (body[meta] !== undefined) {
        element.addOverride(meta, body[meta]);
      }
    }
    elements.set(address, element);
  }
  for (const [name, body] of Object.entries<any>(config.output ?? {})) {
    new TerraformOutput(stack, name, { value: fill(outputs.get(name), elements), description: body.description }).overrideLogicalId(name);
  }
  app.synth();
}

const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e6);
console.log(JSON.stringify({ ms, rssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));

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
function fill(value: any, elements: Map<string, any>): any {
  if (value instanceof Interpolation) {
    return value.parts.map((part) => {
      if (typeof part === 'string') {
        return part;
      }
      let v = elements.get(part.address);
      for (const { name, index } of part.path) {
        if (!(name in v)) {
          throw new Error(`${part.address} has no attribute getter ${name}`);
        }
        v = v[name];
        // Lists of blocks are read with get(i); a single block (vpc_config[0]) is read directly.
        v = index !== undefined && typeof v.get === 'function' ? v.get(index) : v;
      }
      return String(v);
    }).join('');
  }
  if (Array.isArray(value)) {
    return value.map((v) => fill(v, elements));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, elements)]));
  }
  return value;
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
