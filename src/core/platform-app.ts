import * as fs from 'fs';
import * as path from 'path';
import { App as K8sApp, Chart } from 'cdk8s';
import { Aspects, App as TfApp, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { EnvironmentClass } from './environment-class';
import {
  GuardrailFinding, GuardrailSeverity, GuardrailSuppression, GuardrailTarget, Guardrails, IGuardrailRule,
} from '../guardrails/guardrail';
import { GuardrailPacks } from '../guardrails/packs';
import { PortalOptions } from '../portal/portal-options';
import { DEFAULT_CATALOG_FOLDER } from '../portal/private/names';
import { PortalOutput } from '../portal/private/portal-output';
import { validationProblems, withoutDeferredBuilds } from '../private/engine/deferred';
import { GuardrailEvaluation } from '../private/engine/guardrail-evaluation';
import { kubernetesSubjects, terraformSubjects } from '../private/engine/guardrail-subjects';
import { eachRenderedChart, RenderedChart } from '../private/engine/k8s-render';
import { firstMissingDirectory, StagedOutput } from '../private/engine/staged-output';
import { foreignValues, renderStacks, writeTerraform } from '../private/engine/terraform';
import { findUnresolved } from '../private/engine/unresolved';
import { stringifyYaml } from '../private/engine/yaml';
import { checkProps, propTypes, T } from '../private/prop-types';

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
   * Directory for the Kubernetes YAML, one `<chart>.k8s.yaml` per chart. A synthesis removes the
   * `.k8s.yaml` files there that it did not write (charts renamed or removed since), as `cdk8s synth`
   * does, and leaves other files alone.
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
  /**
   * Build each `ServiceApp`'s Kubernetes objects only while `synth()` renders its chart, and let
   * them go after (unless the program reads the service's `chart` or `workload`): a program of many
   * services holds their inputs, not their objects. Set `false` when the program walks the
   * Kubernetes tree to change every object (`kubernetes.node.findAll()`, e.g. to add an annotation):
   * a walk finds a service's objects only once they are built, and with `false` they are built when
   * the service is created, as a `Workload` used alone is.
   * @default true
   */
  readonly deferServiceObjects?: boolean;
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

/** Runtime types of `PortalOptions` (src/private/prop-types.ts). */
const PORTAL_OPTIONS = propTypes('PortalOptions', {
  enabled: T.boolean,
  outdir: T.string,
  platformTeam: T.string,
});

/** Runtime types of `PlatformAppProps`. */
const PLATFORM_APP_PROPS = propTypes('PlatformAppProps', {
  terraformOutdir: T.string,
  kubernetesOutdir: T.string,
  guardrails: T.boolean,
  guardrailRules: T.list('a list of IGuardrailRule', 'a list of guardrail rules, e.g. [myRule]'),
  quiet: T.boolean,
  catalog: T.struct(PORTAL_OPTIONS),
  deferServiceObjects: T.boolean,
});

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
  /** Whether each `ServiceApp` builds its Kubernetes objects only while its chart is rendered. */
  public readonly deferServiceObjects: boolean;

  private readonly guardrailRules: IGuardrailRule[];
  private readonly guardrailsOn: boolean;
  private readonly quiet: boolean;
  /** The environment class of each PlatformStack and of each chart a PlatformStack made, for the guardrails. */
  private readonly environmentClasses = new Map<IConstruct, EnvironmentClass>();
  private readonly catalog: PortalOptions;

  public constructor(props: PlatformAppProps = {}) {
    checkProps('PlatformApp', 'PlatformApp', props, PLATFORM_APP_PROPS);
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
    this.deferServiceObjects = props.deferServiceObjects ?? true;
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
    // Objects built late (a ServiceApp's workload) are validated as their chart is rendered.
    withoutDeferredBuilds(() => {
      for (const root of [this.terraform as IConstruct, this.kubernetes as IConstruct]) {
        problems.push(...validationProblems(root));
      }
    });

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
      writeTerraform(this.terraform, tf, terraformStage);
      // The charts' YAML is in its staging folder already (written as each chart passed its checks).
      staging.stage(this.kubernetes.outdir, this.kubernetes.outputFileExtension);
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
    configs: Map<TerraformStack, any>; aspects: Aspects[]; problems: string[]; findings: GuardrailFinding[];
  } {
    const problems: string[] = [];
    const findings: GuardrailFinding[] = [];
    const { stacks, configs, failures, aspects } = renderStacks(this.terraform);
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
    return { configs, aspects, problems, findings };
  }

  /**
   * Renders the charts a few dozen at a time and checks each chart's objects (unresolved values, the
   * guardrails). While no problem is found, each chart's YAML is written to the staging folder as
   * soon as its own checks pass, and its objects are let go: the guardrails that compare objects
   * across charts (a budget for every workload, a policy for every namespace) keep only the facts
   * they compare until the last chart is rendered (every object, when a rule of the app's own may
   * compare anything).
   * @param staging where to write, or undefined when a problem is known already
   */
  private checkKubernetes(suppressions: GuardrailSuppression[], staging: StagedOutput | undefined): {
    rendered: ChartOutput[]; problems: string[]; findings: GuardrailFinding[]; writeFailure?: Error;
  } {
    const problems: string[] = [];
    const output: ChartOutput[] = [];
    const guardrails = this.guardrailsOn
      ? new GuardrailEvaluation(this.guardrailRules.filter((r) => r.target === GuardrailTarget.KUBERNETES), suppressions)
      : undefined;
    let writeFailure: Error | undefined;
    let stage: string | undefined;
    let charts: Iterable<RenderedChart> = [];
    try {
      charts = eachRenderedChart(this.kubernetes);
    } catch (e) {
      problems.push(`Kubernetes: ${(e as Error).message}; a Kubernetes object may only hold values known at synth time, not Terraform attributes`);
    }
    for (const { chart, fileName, objects, paths, error, invalid } of charts) {
      if (invalid) {
        problems.push(...invalid);
        continue;
      }
      if (error) {
        problems.push(`Chart '${chart.node.path}': ${error}; a Kubernetes object may only hold values known at synth time, not Terraform attributes`);
        continue;
      }
      guardrails?.add(kubernetesSubjects(objects, paths, this.environmentClasses.get(chart)));
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
          stage ??= staging.stage(this.kubernetes.outdir, this.kubernetes.outputFileExtension);
          fs.writeFileSync(path.join(stage, `${fileName}${this.kubernetes.outputFileExtension}`), stringifyYaml(objects));
        } catch (e) {
          writeFailure = e as Error;
        }
      }
    }
    const findings = guardrails ? guardrails.finish() : [];
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

function formatFinding(f: GuardrailFinding): string {
  const state = f.suppressed ? `suppressed (${f.reason})` : f.severity;
  return `  ${state} ${f.ruleId} ${f.address} [${f.constructPath}]: ${f.message}`;
}

function countResources(config: any): number {
  return Object.values<Record<string, unknown>>(config.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
