import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertLibCurrent } from '../../../scripts/compile-lib';
import { EXAMPLES_DIR, exampleNames } from '../../../scripts/golden';

// The synthesis engine (src/private/engine/) renders and writes both trees itself, so that
// PlatformApp.synth() can check everything before writing anything. What it writes must be what
// the upstream synthesizers write for the same trees: cdk8s `App.synth()` (YAML, file names and
// object order) and cdktf `App.synth()` (Terraform JSON and manifest), byte for byte. Checked on
// every example, in a child process that runs the example's main.ts and then both upstream
// synthesizers on its trees (upstream-synth.ts). The example imports 'cdk-paved-road': the
// compiled lib/, built from src/ as it is (assertLibCurrent).
const DRIVER = path.join(__dirname, 'upstream-synth.ts');
beforeAll(() => assertLibCurrent());

/** Every file below a folder as [relative path, content], sorted. */
function contents(dir: string): Array<[string, string]> {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e): [string, string] => {
      const file = path.join(e.parentPath ?? (e as any).path, e.name);
      return [path.relative(dir, file), fs.readFileSync(file, 'utf-8')];
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe.each(exampleNames())('examples/%s', (name) => {
  test('PlatformApp.synth() writes what cdk8s App.synth() and cdktf App.synth() write for the same trees', () => {
    // GIVEN the example's trees, synthesized by PlatformApp and then by cdk8s and cdktf themselves
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `differential-${name}-`));
    try {
      const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', DRIVER, path.join(EXAMPLES_DIR, name), dir], {
        encoding: 'utf-8',
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, CHECKPOINT_DISABLE: '1' },
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const library = (sub: string) => contents(path.join(dir, 'library', sub));
      const upstream = (sub: string) => contents(path.join(dir, 'upstream', sub));

      // THEN the same YAML files, byte for byte
      expect(library('dist').length).toBeGreaterThan(0);
      expect(library('dist')).toEqual(upstream('dist'));
      // AND the same Terraform JSON and manifest; the guardrail report is the library's own
      expect(upstream('cdktf.out').map(([f]) => f)).toEqual(expect.arrayContaining(['manifest.json']));
      expect(library('cdktf.out').filter(([f]) => f !== 'guardrails.json')).toEqual(upstream('cdktf.out'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
