import * as path from 'path';
import { App as K8sApp, Chart, Names } from 'cdk8s';
import { App as TfApp, TerraformElement, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { findForeignValues, findUnresolved } from '../private/unresolved';

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

  public constructor(props: PlatformAppProps = {}) {
    this.terraform = new TfApp({ outdir: props.terraformOutdir, skipValidation: false });
    this.kubernetes = new K8sApp({ outdir: props.kubernetesOutdir });
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

    const stacks = this.terraform.node.findAll().filter(TerraformStack.isStack);
    const stackResources: Record<string, number> = {};
    for (const stack of stacks) {
      // Foreign values first: cdktf would fail on them with an error that names no construct.
      let foreign = 0;
      for (const element of stack.node.findAll().filter((c): c is TerraformElement => c instanceof TerraformElement)) {
        const config = element.toTerraform();
        for (const [blockType, byType] of Object.entries<any>(config)) {
          for (const [type, byName] of Object.entries<any>(byType ?? {})) {
            for (const [name, body] of Object.entries<any>(typeof byName === 'object' && byName !== null ? byName : {})) {
              for (const u of findForeignValues(body)) {
                foreign++;
                problems.push(`Terraform ${blockType} '${type}.${name}' (construct '${element.node.path}'): '${u.path}' holds an unresolved value ${u.value}; `
                  + 'only plain values and cdktf tokens may reach Terraform JSON: pass strings, numbers or cdktf attributes, not cdk8s objects');
              }
            }
          }
        }
      }
      if (foreign > 0) {
        continue;
      }
      try {
        stack.prepareStack();
        stackResources[stack.node.id] = countResources(stack.toTerraform());
      } catch (e) {
        problems.push(`Terraform stack '${stack.node.path}': ${(e as Error).message}`);
      }
    }

    const charts = this.kubernetes.node.findAll().filter((c): c is Chart => c instanceof Chart);
    const chartObjects: Record<string, number> = {};
    for (const chart of charts) {
      let objects: any[];
      try {
        objects = chart.toJson();
      } catch (e) {
        problems.push(`Chart '${chart.node.path}': ${(e as Error).message}; a Kubernetes object may only hold values known at synth time, not Terraform attributes`);
        continue;
      }
      chartObjects[chart.node.path] = objects.length;
      for (const obj of objects) {
        for (const u of findUnresolved(obj)) {
          problems.push(`Chart '${chart.node.path}', ${obj.kind} '${obj.metadata?.name}': '${u.path}' holds ${u.value}, a value known only when Terraform applies; `
            + 'YAML may only hold values known at synth time: derive it from the PlatformContext (e.g. context.repositoryUrl(service)) or hand it over through a Kubernetes object');
        }
      }
    }

    if (problems.length > 0) {
      throw new Error(`cdk-paved-road: synthesis stopped before writing anything; ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
    }

    this.terraform.synth();
    this.kubernetes.synth();

    return {
      terraformOutdir: this.terraform.outdir,
      kubernetesOutdir: this.kubernetes.outdir,
      stacks: stacks.map((s) => ({
        name: s.node.id,
        file: path.join(this.terraform.outdir, 'stacks', s.node.id, 'cdk.tf.json'),
        resources: stackResources[s.node.id],
      })),
      charts: charts.map((c) => ({
        name: c.node.path,
        // cdk8s names a chart's file after its construct path as a DNS label (its SimpleChartNamer).
        file: path.join(this.kubernetes.outdir, `${Names.toDnsLabel(c)}${this.kubernetes.outputFileExtension}`),
        objects: chartObjects[c.node.path],
      })),
    };
  }
}

function countResources(config: any): number {
  return Object.values<Record<string, unknown>>(config.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
}
