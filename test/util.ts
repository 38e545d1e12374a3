import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing as K8sTesting } from 'cdk8s';
import { TerraformStack, Testing } from 'cdktf';
import * as yaml from 'yaml';
import { EnvironmentClass, PlatformApp, PlatformStack, PlatformStackProps, SynthesisResult } from '../src';

/** A PlatformApp writing into a fresh temporary directory. */
export function tempApp(): { app: PlatformApp; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-'));
  const app = new PlatformApp({ terraformOutdir: path.join(dir, 'cdktf.out'), kubernetesOutdir: path.join(dir, 'dist'), quiet: true });
  return { app, dir };
}

export const PROD_PROPS: PlatformStackProps = {
  platformName: 'acme',
  environmentName: 'prod',
  environmentClass: EnvironmentClass.PRODUCTION,
  account: '123456789012',
  region: 'eu-west-1',
  domain: 'prod.acme.example.com',
};

/** A production PlatformStack in a temporary PlatformApp. */
export function prodStack(overrides: Partial<PlatformStackProps> = {}, id = 'prod'): { app: PlatformApp; stack: PlatformStack; dir: string } {
  const { app, dir } = tempApp();
  const stack = new PlatformStack(app, id, { ...PROD_PROPS, ...overrides });
  return { app, stack, dir };
}

/** Synthesizes the app and returns every stack's Terraform JSON and every chart's objects. */
export function synthAll(app: PlatformApp): { result: SynthesisResult; tf: Record<string, any>; k8s: any[] } {
  const result = app.synth();
  const tf: Record<string, any> = {};
  for (const s of result.stacks) {
    tf[s.name] = JSON.parse(fs.readFileSync(s.file, 'utf-8'));
  }
  const k8s: any[] = [];
  for (const c of result.charts) {
    k8s.push(...yaml.parseAllDocuments(fs.readFileSync(c.file, 'utf-8')).map((d) => d.toJSON()).filter((o) => o));
  }
  return { result, tf, k8s };
}

/** Resources of one type in a stack's Terraform JSON (after `Testing.synth`-style parsing). */
export function resources(stackJson: any, type: string): any[] {
  return Object.values(stackJson.resource?.[type] ?? {});
}

/** Parsed `Testing.synth` output of a plain stack. */
export function tfSynth(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack, true));
}

/** Objects of a plain chart. */
export function k8sSynth(chart: Chart): any[] {
  return K8sTesting.synth(chart);
}

/** The one object of a kind (and optionally name), or a failed expectation. */
export function find(objects: any[], kind: string, name?: string): any {
  const matches = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (matches.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` '${name}'` : ''}, found ${matches.length}`);
  }
  return matches[0];
}

/** All files below a directory (empty when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as any).path, e.name));
}
