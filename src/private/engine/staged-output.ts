import * as fs from 'fs';
import * as path from 'path';

/*
 * Output folders that change all at once or not at all. Not a copy of upstream code: cdk8s's
 * `App.synth()` and cdktf's write into their output folders directly (cdk8s empties its folder
 * first), so a failure half-way leaves half an output; PlatformApp writes through these instead.
 */

/**
 * Output folders written in two steps: `stage(target)` gives an empty temporary folder beside the
 * target (same file system, so moving is a rename); `commit()` moves every staged file to its
 * place in the target, replacing a file of the same name and leaving other files (Terraform's
 * `.terraform/` and local state in `cdktf.out/stacks/<stack>/`) alone; `discard()` removes the
 * staging folders.
 *
 * @internal
 */
export class StagedOutput {
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

/** The outermost directory of `dir` that does not exist yet, or undefined when `dir` exists. @internal */
export function firstMissingDirectory(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) {
    missing = d;
    if (path.dirname(d) === d) {
      break;
    }
  }
  return missing;
}

/** Every file below a folder, in a stable order. */
function filesBelow(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesBelow(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
