import * as fs from 'fs';
import * as path from 'path';

// Tests mirror sources (STYLE.md): test/<dir>/<file>.test.ts for every src/<dir>/<file>.ts that holds
// a class (a construct or an API class); files of interfaces or enums only have nothing to run.
const ROOT = path.resolve(__dirname, '..', '..');
/** Sources whose tests live under another name (one test file for the folder). */
const TESTED_ELSEWHERE: { [source: string]: string } = {
  'guardrails/guardrail.ts': 'guardrails/guardrails.test.ts',
  'guardrails/packs.ts': 'guardrails/guardrails.test.ts',
};
/** Share of class files that must have their mirrored test. */
const REQUIRED_SHARE = 0.9;

function classFiles(): string[] {
  const src = path.join(ROOT, 'src');
  return fs.readdirSync(src, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && e.name !== 'index.ts')
    .map((e) => path.relative(src, path.join(e.parentPath ?? (e as any).path, e.name)).split(path.sep).join('/'))
    .filter((f) => f.includes('/') && !f.startsWith('private/'))
    .filter((f) => /^export (abstract )?class /m.test(fs.readFileSync(path.join(src, f), 'utf-8')))
    .sort();
}

const testOf = (source: string) => TESTED_ELSEWHERE[source] ?? source.replace(/\.ts$/, '.test.ts');

describe('tests mirror sources', () => {
  const files = classFiles();
  const missing = files.filter((f) => !fs.existsSync(path.join(ROOT, 'test', testOf(f))));

  test('the list is read', () => {
    expect(files).toEqual(expect.arrayContaining(['platform/service-app.ts', 'team/team-namespace.ts', 'core/environment-defaults.ts']));
  });

  test(`at least ${REQUIRED_SHARE * 100}% of the class files have test/<dir>/<file>.test.ts`, () => {
    const share = (files.length - missing.length) / files.length;
    if (share < REQUIRED_SHARE) {
      throw new Error(`${files.length - missing.length} of ${files.length} class files have a mirrored test; missing: ${missing.join(', ')}`);
    }
  });

  test('every construct of the layers issue #16 named has its own test', () => {
    const named = ['team/team-namespace.ts', 'cluster/managed-node-pool.ts', 'preview/preview-postgres.ts', 'core/state-backend.ts',
      'core/environment-defaults.ts', 'cluster/preview-janitor.ts', 'core/platform-stack.ts', 'cluster/kubernetes-version.ts'];
    expect(named.filter((f) => missing.includes(f))).toEqual([]);
  });
});
