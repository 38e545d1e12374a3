import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Output folders (and the staging folders synthesis writes them through), never sources. */
const NOT_SOURCES = /^(node_modules|cdktf\.out|cdktn\.out|dist|catalog|\..*)$/;

/**
 * The TypeScript sources under `dir`. Walked by hand: a recursive readdir follows the examples'
 * `node_modules/cdk-paved-road` link back into the repository, and would meet the staging folders
 * of an example another test is synthesizing (tests run in parallel), which vanish mid-walk.
 */
function sources(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const e of fs.readdirSync(at, { withFileTypes: true })) {
      if (e.isDirectory() && !NOT_SOURCES.test(e.name)) {
        walk(path.join(at, e.name));
      } else if (e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        found.push(path.join(at, e.name));
      }
    }
  };
  walk(path.join(ROOT, dir));
  return found;
}

// The package root of @cdktf/provider-aws loads all 2,212 submodules: 4x slower type-checks and
// 10x slower, 8x larger synthesis. Only deep imports such as '@cdktf/provider-aws/lib/vpc' are allowed.
const ROOT_IMPORT = /from\s+['"]@cdktf\/provider-aws(\/lib)?(\/index)?['"]|require\(\s*['"]@cdktf\/provider-aws(\/lib)?['"]\s*\)/;

describe('imports of @cdktf/provider-aws', () => {
  test.each(['src', 'examples', 'scripts'])('%s imports it only by deep path', (dir) => {
    const files = sources(dir);
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.filter((f) => ROOT_IMPORT.test(fs.readFileSync(f, 'utf-8')));
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  test('the check catches a root import', () => {
    expect(ROOT_IMPORT.test("import { Vpc } from '@cdktf/provider-aws';")).toBe(true);
    expect(ROOT_IMPORT.test("import * as aws from '@cdktf/provider-aws/lib';")).toBe(true);
    expect(ROOT_IMPORT.test("import { Vpc } from '@cdktf/provider-aws/lib/vpc';")).toBe(false);
  });

  test('loading the library does not load the provider package root', () => {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('../../src');
    });
    const loaded = Object.keys(require.cache).filter((m) => /@cdktf[\\/]provider-aws[\\/]lib[\\/]index\.js$/.test(m));
    expect(loaded).toEqual([]);
  });
});
