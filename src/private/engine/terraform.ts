import * as fs from 'fs';
import * as path from 'path';
import { Annotations, App as TfApp, Aspects, IAspect, Manifest, TerraformElement, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { findForeignValues } from './unresolved';

/*
 * Terraform half of the synthesis engine. Mirrors cdktf 0.21's `App.synth()` (lib/app.ts: every
 * stack's `prepareStack()` before any `toTerraform()`, then the stack synthesizer writes
 * `stacks/<stack>/cdk.tf.json` and the manifest) so that PlatformApp can check the rendered JSON
 * before anything is written, and write that very JSON. Checked against cdktf's own `App.synth()`
 * on every example, byte for byte (test/private/engine/differential.test.ts).
 */

/** What rendering the stacks gave: each stack's Terraform JSON, or why it failed. @internal */
export interface RenderedStacks {
  /** Every stack of the app, in construct order. */
  readonly stacks: TerraformStack[];
  readonly configs: Map<TerraformStack, any>;
  /** The error of each stack that failed to prepare or render. */
  readonly failures: Map<TerraformStack, string>;
  /** The rendered stacks' constructs' Aspects that hold any: they ran, and `writeTerraform()` silences them. */
  readonly aspects: Aspects[];
}

/**
 * Prepares and renders every stack of a cdktf app once, as `App.synth()` does: all stacks are
 * prepared before any is rendered, because preparing a stack that references another adds outputs
 * to that other stack; then, stack by stack, its Aspects are invoked and it is rendered (cdktf's
 * stack synthesizer invokes them just before it renders). A stack that fails is listed with its
 * error, the others are rendered.
 *
 * @internal
 */
export function renderStacks(app: TfApp): RenderedStacks {
  const stacks = app.node.findAll().filter(TerraformStack.isStack);
  const failures = new Map<TerraformStack, string>();
  for (const stack of stacks) {
    try {
      stack.prepareStack();
    } catch (e) {
      failures.set(stack, (e as Error).message);
    }
  }
  const configs = new Map<TerraformStack, any>();
  const aspects: Aspects[] = [];
  for (const stack of stacks.filter((s) => !failures.has(s))) {
    try {
      aspects.push(...invokeAspects(stack));
      configs.set(stack, stack.toTerraform());
    } catch (e) {
      failures.set(stack, (e as Error).message);
    }
  }
  return { stacks, configs, failures, aspects };
}

/**
 * `App.synth()`, handed the stacks as prepared and rendered above: it would prepare and render
 * every stack again (the most expensive part of synthesis), and this way the JSON written is the
 * very object the checks saw. Only the public `prepareStack()`/`toTerraform()` are replaced, on
 * these instances and for the duration of the call; whatever else `App.synth()` does (stack
 * folders, manifest, annotations) is unchanged.
 *
 * @internal
 */
export function writeTerraform(app: TfApp, rendered: Pick<RenderedStacks, 'configs' | 'aspects'>, outdir: string): void {
  const replaced: TerraformStack[] = [];
  // App.synth() writes to its outdir and its manifest's; both point to the staging folder meanwhile.
  const target = { app: app.outdir, manifest: app.manifest.outdir };
  const redirect = (to: typeof target) => {
    (app as { outdir: string }).outdir = to.app;
    (app.manifest as { outdir: string }).outdir = to.manifest;
  };
  try {
    for (const [stack, config] of rendered.configs) {
      stack.prepareStack = () => undefined;
      stack.toTerraform = () => config;
      replaced.push(stack);
    }
    // The Aspects ran when the stacks were rendered; App.synth() would invoke them a second time.
    for (const aspects of rendered.aspects) {
      Object.defineProperty(aspects, 'all', { get: () => [], configurable: true });
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
    for (const aspects of rendered.aspects) {
      delete (aspects as { all?: unknown }).all;
    }
  }
}

/**
 * cdktf 0.21's `invokeAspects` (lib/synthesize/synthesizer.ts, from the AWS CDK), which its stack
 * synthesizer runs before rendering a stack: every Aspect added to a construct or to one of its
 * scopes visits it once, parents before children; an Aspect added by another Aspect is not run,
 * and the first construct where that happens gets cdktf's warning. Returns the constructs'
 * Aspects that hold any afterwards (those an Aspect added included).
 */
function invokeAspects(root: IConstruct): Aspects[] {
  const visited: Aspects[] = [];
  let nestedAspectWarning = false;
  const recurse = (construct: IConstruct, inherited: IAspect[]): void => {
    const aspects = Aspects.of(construct);
    visited.push(aspects);
    const here = [...inherited, ...aspects.all];
    const count = aspects.all.length;
    // A construct is visited once; an Aspect both inherited and its own runs once.
    for (const aspect of new Set(here)) {
      aspect.visit(construct);
      if (!nestedAspectWarning && count !== aspects.all.length) {
        Annotations.of(construct).addWarning('We detected an Aspect was added via another Aspect, and will not be applied');
        nestedAspectWarning = true;
      }
    }
    for (const child of construct.node.children) {
      recurse(child, here);
    }
  };
  recurse(root, []);
  return visited.filter((aspects) => aspects.all.length > 0);
}

/** Problems with the values in a stack's elements that cdktf cannot turn into Terraform. @internal */
export function foreignValues(stack: TerraformStack): string[] {
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
