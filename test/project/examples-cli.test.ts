import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { assertLibCurrent } from '../../scripts/compile-lib';
import { filesUnder } from '../util';

const ROOT = path.resolve(__dirname, '..', '..');
const EXAMPLES = fs.readdirSync(path.join(ROOT, 'examples'))
  .filter((d) => fs.existsSync(path.join(ROOT, 'examples', d, 'main.ts')))
  .sort();
const TOKEN = /\$\{TfToken\[|#\{TfToken\[|\$\{Token\[/;

/**
 * The environment for a CLI run whose every output goes under `base`: each CLI names only its own
 * output folder, and the example writes both outputs, its catalog (beside the YAML) and its
 * workflows. Nothing is written into the example's folder, which other tests read at the same time.
 */
function elsewhere(env: NodeJS.ProcessEnv, base: string): NodeJS.ProcessEnv {
  return { ...env, CDKTF_OUTDIR: path.join(base, 'cdktf.out'), CDK8S_OUTDIR: path.join(base, 'dist'), WORKFLOW_OUTDIR: path.join(base, 'workflows') };
}

// The real CLIs, run on the same main.ts: both must write their output with no token in it. The
// example imports 'cdk-paved-road', which the CLIs' app command loads from the compiled lib/.
beforeAll(() => assertLibCurrent());

describe.each(EXAMPLES)('examples/%s through the real CLIs', (example) => {
  const cwd = path.join(ROOT, 'examples', example);
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', CI: '1' };

  test('cdktf synth writes cdktf.out/stacks/*/cdk.tf.json', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-'));
    const out = path.join(base, 'cdktf.out');
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', out], { cwd, env: elsewhere(env, base), stdio: 'pipe' });
    const stacks = filesUnder(path.join(out, 'stacks')).filter((f) => f.endsWith('cdk.tf.json'));
    expect(stacks.length).toBeGreaterThan(0);
    for (const f of stacks) {
      const text = fs.readFileSync(f, 'utf-8');
      expect(TOKEN.test(text)).toBe(false);
      expect(Object.keys(JSON.parse(text).resource ?? {}).length).toBeGreaterThan(0);
    }
  });

  test('cdk8s synth writes dist/*.yaml', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-'));
    const out = path.join(base, 'dist');
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', out], { cwd, env: elsewhere(env, base), stdio: 'pipe' });
    const files = fs.readdirSync(out).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const text = fs.readFileSync(path.join(out, f), 'utf-8');
      expect(TOKEN.test(text)).toBe(false);
      expect(text).toMatch(/^apiVersion: /m);
    }
  });
});
