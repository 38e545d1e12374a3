import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import { lazyExports } from '../../scripts/lazy-exports';

// The compile task rewrites lib/**/index.js so that the package root loads a module when one of
// its classes is first read (scripts/lazy-exports.ts). Checked here on TypeScript's own output for
// the index files of src/, without a compile.
const SRC = path.resolve(__dirname, '..', '..', 'src');
/** The compiler options of the jsii compile that matter for the emitted shape. */
const EMIT: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 };

const emit = (source: string) => ts.transpileModule(source, { compilerOptions: EMIT }).outputText;

function indexFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? indexFiles(full) : e.name === 'index.ts' ? [full] : [];
  });
}

describe('lazy exports of the compiled index files', () => {
  test('every index file of src/ has the shape the rewrite knows, and keeps its line count', () => {
    const files = indexFiles(SRC);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const compiled = emit(fs.readFileSync(file, 'utf-8'));
      const lazy = lazyExports(compiled, path.relative(SRC, file));
      expect(lazy.split('\n').length).toBe(compiled.split('\n').length);
      expect(lazy).not.toMatch(/= require\(/);
    }
  });

  test('a module is loaded when one of its exports is first read, not when the index is', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lazy-exports-'));
    try {
      // Each module records that it was loaded.
      for (const name of ['a', 'b']) {
        fs.writeFileSync(path.join(dir, `${name}.js`), `globalThis.__loaded.push('${name}');\n`
          + `exports.${name.toUpperCase()} = class ${name.toUpperCase()} {};\nexports.${name.toUpperCase()}2 = '${name}2';\n`);
      }
      const source = "export { A, A2 } from './a';\nexport type { T } from './a';\nexport { B } from './b';\n";
      fs.writeFileSync(path.join(dir, 'index.js'), lazyExports(emit(source)));
      const loaded: string[] = [];
      (globalThis as any).__loaded = loaded;

      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const index = require(path.join(dir, 'index.js'));
      expect(loaded).toEqual([]);
      expect(Object.keys(index).sort()).toEqual(['A', 'A2', 'B']);
      expect(loaded).toEqual([]);
      expect(index.A2).toBe('a2');
      expect(loaded).toEqual(['a']);
      expect(typeof index.A).toBe('function');
      expect(index.B.name).toBe('B');
      expect(loaded).toEqual(['a', 'b']);
    } finally {
      delete (globalThis as any).__loaded;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a statement other than a named re-export is refused, naming its line', () => {
    const compiled = emit("export { A } from './a';\nexport const X = 1;\n");
    expect(() => lazyExports(compiled, 'core/index.js')).toThrow(/^core\/index\.js:\d+: not a named re-export; lazy-exports rewrites only those: exports\.X = 1;/);
  });
});
