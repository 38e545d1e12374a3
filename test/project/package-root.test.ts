import * as fs from 'fs';
import * as path from 'path';
import * as api from '../../src';

// The package root exports the jsii API and nothing else: every public class and enum by name
// (interfaces have no runtime value), no constants, functions or `@internal` helpers, which jsii
// does not see and so API.md, jsii-diff and the Python/Java/Go bindings would not either.
const SRC = path.resolve(__dirname, '..', '..', 'src');

function sourceFiles(): string[] {
  return fs.readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath ?? (e as any).path, e.name));
}

/** Names of the classes and enums declared `export` outside src/private/. */
function publicTypes(): string[] {
  const names: string[] = [];
  for (const file of sourceFiles().filter((f) => !f.includes(`${path.sep}private${path.sep}`))) {
    for (const m of fs.readFileSync(file, 'utf-8').matchAll(/^export (?:abstract )?(?:class|enum) (\w+)/gm)) {
      names.push(m[1]);
    }
  }
  return names.sort();
}

describe('the package root', () => {
  test('exports exactly the public classes and enums, by name', () => {
    expect(Object.keys(api).sort()).toEqual(publicTypes());
  });

  test('every runtime export is a class or an enum (no constant, function value or symbol)', () => {
    const offenders = Object.entries(api).filter(([, value]) => {
      const isClass = typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value));
      const isEnum = typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number');
      return !isClass && !isEnum;
    }).map(([name]) => name);
    expect(offenders).toEqual([]);
  });

  test('index files re-export by name: no `export *`', () => {
    const offenders = sourceFiles().filter((f) => f.endsWith('index.ts'))
      .filter((f) => /^export \*/m.test(fs.readFileSync(f, 'utf-8')))
      .map((f) => path.relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  test('outside src/private/, only classes, enums and interfaces are exported (constants and helpers live in private/)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles().filter((f) => !f.includes(`${path.sep}private${path.sep}`) && !f.endsWith('index.ts'))) {
      for (const m of fs.readFileSync(file, 'utf-8').matchAll(/^export (?:const|let|var|function|type) (\w+)/gm)) {
        offenders.push(`${path.relative(SRC, file)}: ${m[1]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
