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
 * `.terraform/` and local state in `cdktf.out/stacks/<stack>/`) alone, except the files a target
 * staged with `owns` says the synthesis writes and this one did not (a chart renamed or removed
 * since the last synthesis); `discard()` removes the staging folders.
 *
 * @internal
 */
export class StagedOutput {
  private readonly stages = new Map<string, string>();
  /** Per target, the ending of the file names the synthesis writes there, all of them each time. */
  private readonly owned = new Map<string, string>();

  /** Folders that `stage()` created to hold a staging folder; `discard()` removes them again. */
  private readonly created: string[] = [];

  /**
   * The staging folder for a target folder (one per target).
   * @param owns the ending of the names of the target's files that every synthesis writes anew (the
   * charts' `.k8s.yaml`): on commit, such a file that was not staged is removed, as `cdk8s synth`
   * empties its output folder.
   */
  public stage(target: string, owns?: string): string {
    const resolved = path.resolve(target);
    if (owns !== undefined) {
      this.owned.set(resolved, owns);
    }
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
        const owns = this.owned.get(target);
        const stale = owns === undefined || !fs.existsSync(target) ? [] : fs.readdirSync(target, { withFileTypes: true })
          .filter((e) => e.isFile() && e.name.endsWith(owns) && !fs.existsSync(path.join(dir, e.name)))
          .map((e) => path.join(target, e.name));
        for (const file of filesBelow(dir)) {
          const to = path.join(target, path.relative(dir, file));
          fs.mkdirSync(path.dirname(to), { recursive: true });
          fs.renameSync(file, to);
        }
        for (const file of stale) {
          fs.rmSync(file, { force: true });
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
