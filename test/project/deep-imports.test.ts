import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.join(e.parentPath ?? (e as any).path, e.name))
    .filter((f) => !/node_modules|cdktf\.out|[\\/]dist[\\/]/.test(f));
}

// The package root of @cdktf/provider-aws loads all 2,212 submodules: 4x slower type-checks and
// 10x slower, 8x larger synthesis. Only deep imports such as '@cdktf/provider-aws/lib/vpc' are allowed.
const ROOT_IMPORT = /from\s+['"]@cdktf\/provider-aws(\/lib)?(\/index)?['"]|require\(\s*['"]@cdktf\/provider-aws(\/lib)?['"]\s*\)/;

describe('imports of @cdktf/provider-aws', () => {
  test.each(['src', 'examples', 'scripts'])('%s imports it only by deep path', (dir) => {
    const offenders = sources(dir).filter((f) => ROOT_IMPORT.test(fs.readFileSync(f, 'utf-8')));
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
