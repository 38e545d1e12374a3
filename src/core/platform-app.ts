import * as fs from 'fs';
import * as path from 'path';
import { App as K8sApp, Chart } from 'cdk8s';
import { App as TfApp, Manifest, TerraformElement, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { EnvironmentClass } from './environment-class';
import {
  GuardrailFinding, GuardrailSeverity, GuardrailSubject, GuardrailSuppression, GuardrailTarget, Guardrails, IGuardrailRule,
} from '../guardrails/guardrail';
import { GuardrailPacks } from '../guardrails/packs';
import { PortalOptions } from '../portal/portal-options';
import { DEFAULT_CATALOG_FOLDER } from '../portal/private/names';
import { PortalOutput } from '../portal/private/portal-output';
import { renderCharts, RenderedChart } from '../private/k8s-render';
import { findForeignValues, findUnresolved } from '../private/unresolved';
import { stringifyYaml } from '../private/yaml';

/** The cdktf CLI's output folder when neither a prop nor `CDKTF_OUTDIR` names one. */
const DEFAULT_TERRAFORM_OUTDIR = 'cdktf.out';
/** File name of the guardrail report, next to the Terraform JSON. */
const GUARDRAIL_REPORT = 'guardrails.json';

/**
 * Properties for `PlatformApp`.
 */
export interface PlatformAppProps {
  /**
   * Directory for the Terraform JSON.
   * @default - `CDKTF_OUTDIR` as set by `cdktf synth`, else `cdktf.out` (the cdktf CLI's convention)
   */
  readonly terraformOutdir?: string;
  /**
   * Directory for the Kubernetes YAML.
   * @default - `CDK8S_OUTDIR` as set by `cdk8s synth`, else `dist` (the cdk8s CLI's convention)
   */
  readonly kubernetesOutdir?: string;
  /**
   * Run the guardrails (policy checks on both outputs) at synth: errors stop synthesis.
   * @default true
   */
  readonly guardrails?: boolean;
  /**
   * The guardrail rules to run; add your own with `addGuardrailRule()`.
   * @default GuardrailPacks.all()
   */
  readonly guardrailRules?: IGuardrailRule[];
  /**
   * Print nothing (no guardrail warnings or summary line), e.g. in tests.
   * @default false
   */
  readonly quiet?: boolean;
  /**
   * The developer portal's files: a Backstage catalog and a diagram per environment, in a folder
   * of their own (see `PortalOptions`); `{ enabled: false }` turns them off.
   * @default - written to `catalog/` beside the Kubernetes output folder
   */
  readonly catalog?: PortalOptions;
}

/** What one Terraform stack holds after synthesis. */
export interface SynthesizedStack {
  /** Stack name, the folder under `<terraformOutdir>/stacks/`. */
  readonly name: string;
  /** Path of the stack's Terraform JSON. */
  readonly file: string;
  /** Number of `resource` blocks. */
  readonly resources: number;
}

/** What one chart holds after synthesis. */
export interface SynthesizedChart {
  /** Chart name. */
  readonly name: string;
  /** Path of the chart's YAML file. */
  readonly file: string;
  /** Number of Kubernetes objects. */
  readonly objects: number;
}

/** What `PlatformApp.synth()` wrote. */
export interface SynthesisResult {
  /** Directory of the Terraform JSON. */
  readonly terraformOutdir: string;
  /** Directory of the Kubernetes YAML. */
  readonly kubernetesOutdir: string;
  /** One entry per Terraform stack. */
  readonly stacks: SynthesizedStack[];
  /** One entry per chart. */
  readonly charts: SynthesizedChart[];
  /** Every guardrail finding, suppressed ones included. */
  readonly findings: GuardrailFinding[];
  /**
   * The machine-readable guardrail report.
   * @default - none when guardrails are off
   */
  readonly guardrailReport?: string;
}

/**
 * The root of a cdk-paved-road program: one per `main.ts`.
 *
 * It holds two construct trees, a CDK for Terraform `App` and a cdk8s `App` (a cdk8s `Chart`
 * cannot live inside a cdktf tree), and its `synth()` writes both outputs where their CLIs
 * expect them, so `cdktf synth` and `cdk8s synth` both work on the same `main.ts`.
 *
 * Before anything is written, `synth()` validates both trees and checks both outputs for
 * values that never resolved: a Terraform token in YAML, or a cdk8s value in Terraform JSON.
 * Any problem stops synthesis with every finding listed, and no file is written.
 *
 * @example
 * const app = new PlatformApp();
 * const prod = new PlatformStack(app, 'prod', { ... });
 * new ServiceApp(prod, 'checkout', { ... });
 * app.synth();
 */
export class PlatformApp {
  /** The CDK for Terraform tree; `PlatformStack`s live here. */
  public readonly terraform: TfApp;
  /** The cdk8s tree; charts created by `PlatformStack.addChart()` live here. */
  public readonly kubernetes: K8sApp;

  private readonly guardrailRules: IGuardrailRule[];
  private readonly guardrailsOn: boolean;
  private readonly quiet: boolean;
  /** The environment class of each PlatformStack and of each chart a PlatformStack made, for the guardrails. */
  private readonly environmentClasses = new Map<IConstruct, EnvironmentClass>();
  private readonly catalog: PortalOptions;

  public constructor(props: PlatformAppProps = {}) {
    // cdktf's App creates its outdir (without parents) and `stacks/` in it when constructed; nothing
    // may appear on disk before synth() has checked everything, so what it made is removed again
    // (and synth() writes through a staging folder).
    const terraformOutdir = path.resolve(props.terraformOutdir ?? process.env.CDKTF_OUTDIR ?? DEFAULT_TERRAFORM_OUTDIR);
    const missing = firstMissingDirectory(terraformOutdir);
    if (missing) {
      fs.mkdirSync(path.dirname(terraformOutdir), { recursive: true });
    }
    try {
      this.terraform = new TfApp({ outdir: props.terraformOutdir, skipValidation: false });
    } finally {
      if (missing) {
        fs.rmSync(missing, { recursive: true, force: true });
      }
    }
    this.kubernetes = new K8sApp({ outdir: props.kubernetesOutdir });
    this.guardrailsOn = props.guardrails ?? true;
    this.guardrailRules = [...(props.guardrailRules ?? GuardrailPacks.all())];
    this.quiet = props.quiet ?? false;
    this.catalog = { ...props.catalog, outdir: props.catalog?.outdir ?? path.join(path.dirname(this.kubernetes.outdir), DEFAULT_CATALOG_FOLDER) };
  }

  /**
   * Records the environment class of a stack or chart, so the guardrails judge its output by the
   * class's bar. Called by `PlatformStack`.
   * @internal
   */
  public _recordEnvironmentClass(scope: IConstruct, environmentClass: EnvironmentClass): void {
    this.environmentClasses.set(scope, environmentClass);
  }

  /** Adds a guardrail rule of your own; it runs with the others at synth. */
  public addGuardrailRule(rule: IGuardrailRule): void {
    if (this.guardrailRules.some((r) => r.id === rule.id)) {
      throw new Error(`PlatformApp: guardrail rule '${rule.id}' exists already; give each rule its own ID`);
    }
    this.guardrailRules.push(rule);
  }

  /**
   * Validates both trees, checks both outputs for unresolved values, and only then writes the
   * Terraform JSON and the Kubernetes YAML.
   *
   * @returns what was written, per stack and per chart
   */
  public synth(): SynthesisResult {
    const problems: string[] = [];
    for (const root of [this.terraform as IConstruct, this.kubernetes as IConstruct]) {
      for (const c of root.node.findAll()) {
        for (const message of c.node.validate()) {
          problems.push(`${c.node.path || '<root>'}: ${message}`);
        }
      }
    }

    const suppressions = [...Guardrails.suppressionsOf(this.terraform), ...Guardrails.suppressionsOf(this.kubernetes)];
    // Every output is written completely into a staging folder beside its target, and moved into
    // place only once all of them are: a synth that fails, while checking or while writing,
    // changes nothing on disk. The charts' YAML goes there as each chart passes its checks.
    const staging = new StagedOutput();
    // Kubernetes first: rendering the charts after cdktf has resolved the stacks takes twice the
    // time and memory (cdktf leaves the heap full of short-lived objects). Reported in the order
    // Terraform, then Kubernetes.
    const k8s = this.checkKubernetes(suppressions, problems.length > 0 ? undefined : staging);
    const tf = this.checkTerraform(suppressions);
    const portal = PortalOutput.prepare([this.terraform, this.kubernetes], this.catalog);
    problems.push(...tf.problems, ...k8s.problems, ...portal.problems);
    const findings = [...tf.findings, ...k8s.findings];
    const { configs } = tf;
    const { rendered } = k8s;
    const active = findings.filter((f) => !f.suppressed);
    const errors = active.filter((f) => f.severity === GuardrailSeverity.ERROR);
    const warnings = active.filter((f) => f.severity === GuardrailSeverity.WARNING);
    const suppressed = findings.filter((f) => f.suppressed);
    const summary = `cdk-paved-road guardrails: ${errors.length} error(s), ${warnings.length} warning(s), ${suppressed.length} suppressed`
      + ` (${this.guardrailRules.length} rules${this.guardrailsOn ? '' : ', off'})`;
    for (const f of errors) {
      problems.push(`guardrail ${f.ruleId} on ${f.address} (construct '${f.constructPath}'): ${f.message} See ${f.link}. `
        + `If it does not apply, Guardrails.suppress(construct, '${f.ruleId}', reason).`);
    }

    if (problems.length > 0) {
      staging.discard();
      // Synthesis fails: the findings and summary go with the error, to stderr.
      this.print(process.stderr, [...warnings.map(formatFinding), summary]);
      throw new Error(`cdk-paved-road: synthesis stopped before writing anything; ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    }

    let guardrailReport: string | undefined;
    try {
      if (k8s.writeFailure) {
        throw k8s.writeFailure;
      }
      const terraformStage = staging.stage(this.terraform.outdir);
      writeTerraform(this.terraform, configs, terraformStage);
      // The charts' YAML is in its staging folder already (written as each chart passed its checks).
      staging.stage(this.kubernetes.outdir);
      if (portal.files.size > 0) {
        portal.write(staging.stage(portal.outdir));
      }
      if (this.guardrailsOn) {
        guardrailReport = path.join(this.terraform.outdir, GUARDRAIL_REPORT);
        fs.writeFileSync(path.join(terraformStage, GUARDRAIL_REPORT), `${JSON.stringify({
          summary: { errors: errors.length, warnings: warnings.length, suppressed: suppressed.length, rules: this.guardrailRules.map((r) => r.id) },
          findings,
          suppressions,
        }, undefined, 2)}\n`);
      }
    } catch (e) {
      staging.discard();
      throw new Error(`cdk-paved-road: writing the outputs failed, nothing was changed on disk: ${(e as Error).message}`);
    }
    staging.commit();
    // A clean synth reports on stdout: the cdktf CLI prints every stderr line as `[ERROR]`.
    this.print(process.stdout, [...warnings.map(formatFinding), ...suppressed.map(formatFinding), summary]);

    return {
      terraformOutdir: this.terraform.outdir,
      kubernetesOutdir: this.kubernetes.outdir,
      stacks: [...configs.keys()].map((s) => ({
        name: s.node.id,
        file: path.join(this.terraform.outdir, 'stacks', s.node.id, 'cdk.tf.json'),
        resources: countResources(configs.get(s)),
      })),
      charts: rendered.map(({ chart, fileName, objects }) => ({
        name: chart.node.path,
        file: path.join(this.kubernetes.outdir, `${fileName}${this.kubernetes.outputFileExtension}`),
        objects,
      })),
      findings,
      guardrailReport,
    };
  }

  /** Prepares and renders every stack once, then checks it: foreign values, guardrails. */
  private checkTerraform(suppressions: GuardrailSuppression[]): {
    configs: Map<TerraformStack, any>; problems: string[]; findings: GuardrailFinding[];
  } {
    const stacks = this.terraform.node.findAll().filter(TerraformStack.isStack);
    const problems: string[] = [];
    const findings: GuardrailFinding[] = [];
    // All stacks are prepared before any is rendered, as App.synth() does: preparing a stack that
    // references another adds outputs to that other stack.
    const failures = new Map<TerraformStack, string>();
    for (const stack of stacks) {
      try {
        stack.prepareStack();
      } catch (e) {
        failures.set(stack, (e as Error).message);
      }
    }
    const configs = new Map<TerraformStack, any>();
    for (const stack of stacks.filter((s) => !failures.has(s))) {
      try {
        configs.set(stack, stack.toTerraform());
      } catch (e) {
        failures.set(stack, (e as Error).message);
      }
    }
    for (const stack of stacks) {
      // Values cdktf cannot turn into Terraform (cdk8s objects): cdktf fails on them with an error
      // that names no construct, or renders their fields. Scanned after rendering, not before:
      // rendering every element ahead of prepareStack() makes cdktf's resolver three times slower.
      const foreign = foreignValues(stack);
      const config = configs.get(stack);
      if (foreign.length > 0) {
        problems.push(...foreign);
      } else if (failures.has(stack)) {
        problems.push(`Terraform stack '${stack.node.path}': ${failures.get(stack)}`);
      } else if (config && this.guardrailsOn) {
        const subjects = terraformSubjects(stack, config, this.environmentClasses.get(stack));
        findings.push(...Guardrails.evaluate(this.guardrailRules, subjects, suppressions));
      }
    }
    return { configs, problems, findings };
  }

  /**
   * Renders every chart once and checks its objects (unresolved values; the guardrails, which
   * compare objects across charts, once all are rendered). While no problem is found, each chart's
   * YAML is written to the staging folder as soon as its own checks pass, and not kept: the
   * rendered objects stay only until the guardrails have run, not through the Terraform half.
   * @param staging where to write, or undefined when a problem is known already
   */
  private checkKubernetes(suppressions: GuardrailSuppression[], staging: StagedOutput | undefined): {
    rendered: ChartOutput[]; problems: string[]; findings: GuardrailFinding[]; writeFailure?: Error;
  } {
    const problems: string[] = [];
    const subjects: GuardrailSubject[] = [];
    const output: ChartOutput[] = [];
    let writeFailure: Error | undefined;
    let stage: string | undefined;
    let rendered: RenderedChart[] = [];
    try {
      rendered = renderCharts(this.kubernetes);
    } catch (e) {
      problems.push(`Kubernetes: ${(e as Error).message}; a Kubernetes object may only hold values known at synth time, not Terraform attributes`);
    }
    for (const { chart, fileName, objects, paths, error } of rendered) {
      if (error) {
        problems.push(`Chart '${chart.node.path}': ${error}; a Kubernetes object may only hold values known at synth time, not Terraform attributes`);
        continue;
      }
      subjects.push(...kubernetesSubjects(objects, paths, this.environmentClasses.get(chart)));
      for (const obj of objects) {
        for (const u of findUnresolved(obj)) {
          problems.push(`Chart '${chart.node.path}', ${obj.kind} '${obj.metadata?.name}': '${u.path}' holds ${u.value}, a value known only when Terraform applies; `
            + 'YAML may only hold values known at synth time: derive it from the PlatformContext (e.g. context.repositoryUrl(service)) or hand it over through a Kubernetes object');
        }
      }
      output.push({ chart, fileName, objects: objects.length });
      if (staging && problems.length === 0 && !writeFailure) {
        // The YAML cdk8s's App.synth() would write (one file per chart), from the objects rendered once.
        try {
          stage ??= staging.stage(this.kubernetes.outdir);
          fs.writeFileSync(path.join(stage, `${fileName}${this.kubernetes.outputFileExtension}`), stringifyYaml(objects));
        } catch (e) {
          writeFailure = e as Error;
        }
      }
    }
    const findings = this.guardrailsOn ? Guardrails.evaluate(this.guardrailRules, subjects, suppressions) : [];
    return { rendered: problems.length > 0 ? [] : output, problems, findings, writeFailure };
  }

  private print(stream: NodeJS.WriteStream, lines: string[]): void {
    if (!this.quiet) {
      stream.write(`${lines.join('\n')}\n`);
    }
  }
}

/** One chart's output file. */
interface ChartOutput {
  readonly chart: Chart;
  readonly fileName: string;
  readonly objects: number;
}

/**
 * `App.synth()`, handed the stacks as prepared and rendered above: it would prepare and render
 * every stack again (the most expensive part of synthesis), and this way the JSON written is the
 * very object the checks saw. Only the public `prepareStack()`/`toTerraform()` are replaced, on
 * these instances and for the duration of the call; whatever else `App.synth()` does (stack
 * folders, manifest, annotations) is unchanged.
 */
function writeTerraform(app: TfApp, configs: Map<TerraformStack, any>, outdir: string): void {
  const replaced: TerraformStack[] = [];
  // App.synth() writes to its outdir and its manifest's; both point to the staging folder meanwhile.
  const target = { app: app.outdir, manifest: app.manifest.outdir };
  const redirect = (to: typeof target) => {
    (app as { outdir: string }).outdir = to.app;
    (app.manifest as { outdir: string }).outdir = to.manifest;
  };
  try {
    for (const [stack, config] of configs) {
      stack.prepareStack = () => undefined;
      stack.toTerraform = () => config;
      replaced.push(stack);
    }
    fs.mkdirSync(path.join(outdir, Manifest.stacksFolder), { recursive: true });
    redirect({ app: outdir, manifest: outdir });
    app.synth();
  } finally {
    redirect(target);
    for (const stack of replaced) {
      // Deleting the own properties uncovers the prototype's methods again.
      delete (stack as { prepareStack?: unknown }).prepareStack;
      delete (stack as { toTerraform?: unknown }).toTerraform;
    }
  }
}

/** The outermost directory of `dir` that does not exist yet, or undefined when `dir` exists. */
function firstMissingDirectory(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) {
    missing = d;
    if (path.dirname(d) === d) {
      break;
    }
  }
  return missing;
}

/**
 * Output folders written in two steps: `stage(target)` gives an empty temporary folder beside the
 * target (same file system, so moving is a rename); `commit()` moves every staged file to its
 * place in the target, replacing a file of the same name and leaving other files (Terraform's
 * `.terraform/` and local state in `cdktf.out/stacks/<stack>/`) alone; `discard()` removes the
 * staging folders.
 */
class StagedOutput {
  private readonly stages = new Map<string, string>();

  /** Folders that `stage()` created to hold a staging folder; `discard()` removes them again. */
  private readonly created: string[] = [];

  /** The staging folder for a target folder (one per target). */
  public stage(target: string): string {
    const resolved = path.resolve(target);
    const existing = this.stages.get(resolved);
    if (existing) {
      return existing;
    }
    const missing = firstMissingDirectory(path.dirname(resolved));
    fs.mkdirSync(path.dirname(resolved), { recursive: true });
    if (missing) {
      this.created.push(missing);
    }
    const dir = fs.mkdtempSync(path.join(path.dirname(resolved), `.${path.basename(resolved)}.staging-`));
    this.stages.set(resolved, dir);
    return dir;
  }

  /** Moves every staged file into its target, then removes the staging folders. */
  public commit(): void {
    try {
      for (const [target, dir] of this.stages) {
        for (const file of filesBelow(dir)) {
          const to = path.join(target, path.relative(dir, file));
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.renameSync(file, to);
        }
      }
      this.created.length = 0; // they hold the outputs now
    } finally {
      this.discard();
    }
  }

  /** Removes the staging folders and what is in them, and the folders made to hold them. */
  public discard(): void {
    for (const dir of [...this.stages.values(), ...this.created.reverse()]) {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    this.stages.clear();
    this.created.length = 0;
  }
}

/** Every file below a folder, in a stable order. */
function filesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesBelow(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** Problems with the values in a stack's elements that cdktf cannot turn into Terraform. */
function foreignValues(stack: TerraformStack): string[] {
  const problems: string[] = [];
  for (const element of stack.node.findAll().filter((c): c is TerraformElement => c instanceof TerraformElement)) {
    const config = element.toTerraform();
    for (const [blockType, byType] of Object.entries<any>(config)) {
      for (const [type, byName] of Object.entries<any>(byType ?? {})) {
        for (const [name, body] of Object.entries<any>(typeof byName === 'object' && byName !== null ? byName : {})) {
          for (const u of findForeignValues(body)) {
            problems.push(`Terraform ${blockType} '${type}.${name}' (construct '${element.node.path}'): '${u.path}' holds an unresolved value ${u.value}; `
              + 'only plain values and cdktf tokens may reach Terraform JSON: pass strings, numbers or cdktf attributes, not cdk8s objects');
          }
        }
      }
    }
  }
  return problems;
}

function formatFinding(f: GuardrailFinding): string {
  const state = f.suppressed ? `suppressed (${f.reason})` : f.severity;
  return `  ${state} ${f.ruleId} ${f.address} [${f.constructPath}]: ${f.message}`;
}

/** The resources of a stack's Terraform JSON as guardrail subjects. */
function terraformSubjects(stack: TerraformStack, config: any, environmentClass: EnvironmentClass | undefined): GuardrailSubject[] {
  const subjects: GuardrailSubject[] = [];
  for (const [type, byName] of Object.entries<any>(config.resource ?? {})) {
    for (const [name, body] of Object.entries<any>(byName)) {
      subjects.push({
        target: GuardrailTarget.TERRAFORM,
        type,
        address: `${type}.${name}`,
        constructPath: body?.['//']?.metadata?.path ?? stack.node.path,
        environmentClass,
        values: body,
      });
    }
  }
  return subjects;
}

/** A chart's rendered objects as guardrail subjects, each with the path of the ApiObject that made it. */
function kubernetesSubjects(objects: any[], paths: string[], environmentClass: EnvironmentClass | undefined): GuardrailSubject[] {
  return objects.map((obj, i) => ({
    target: GuardrailTarget.KUBERNETES,
    type: obj.kind,
    address: `${obj.kind} ${obj.metadata?.namespace ? `${obj.metadata.namespace}/` : ''}${obj.metadata?.name}`,
    constructPath: paths[i],
    environmentClass,
    values: obj,
  }));
}

function countResources(config: any): number {
  return Object.values<Record<string, unknown>>(config.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
