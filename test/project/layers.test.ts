import * as fs from 'fs';
import * as path from 'path';

// The layering rules of docs/ARCHITECTURE.md, checked on the import statements of src/.
const SRC = path.resolve(__dirname, '..', '..', 'src');
/** Composites: only they (and the package root) may import them. */
const COMPOSITES = ['platform', 'preview'];
/** Focused folders named by the rule; any folder that is not a composite is held to it as well. */
const FOCUSED = ['core', 'network', 'cluster', 'security', 'registry', 'database', 'workload', 'team', 'guardrails', 'private'];

/** Every .ts file under src/, as a path relative to src/ with forward slashes. */
function sourceFiles(): string[] {
  return fs.readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => path.relative(SRC, path.join(e.parentPath ?? (e as any).path, e.name)).split(path.sep).join('/'))
    .sort();
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+['"](\.[^'"]*)['"]|require\(\s*['"](\.[^'"]*)['"]\s*\)|import\(\s*['"](\.[^'"]*)['"]\s*\)/g;

/** The relative imports of a source text (type-only imports included: they are dependencies too). */
export function relativeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

/** Resolves an import of `from` (relative to src/) to a file relative to src/. */
function resolve(from: string, spec: string, files: Set<string>): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base]) {
    if (files.has(candidate)) {
      return candidate;
    }
  }
  throw new Error(`${from}: import '${spec}' resolves to no file under src/`);
}

/** The import graph of src/: file -> files it imports. */
function importGraph(): Map<string, string[]> {
  const files = sourceFiles();
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(path.join(SRC, file), 'utf-8');
    graph.set(file, relativeImports(text).map((spec) => resolve(file, spec, known)));
  }
  return graph;
}

/** Every import circle of a graph (one per strongly connected component of two files or more, or a self-import). */
export function circles(graph: Map<string, string[]>): string[][] {
  // Tarjan's strongly connected components.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) {
        found.push(component.sort());
      }
    }
  };
  for (const v of [...graph.keys()].sort()) {
    if (!indices.has(v)) {
      visit(v);
    }
  }
  return found;
}

const folderOf = (file: string) => (file.includes('/') ? file.split('/')[0] : '');

describe('layers of src/', () => {
  const graph = importGraph();

  test('the graph is read: src/index.ts imports every folder', () => {
    expect(graph.get('index.ts')).toEqual(expect.arrayContaining(['core/index.ts', 'platform/index.ts', 'preview/index.ts']));
  });

  test('there is no import circle', () => {
    expect(circles(graph)).toEqual([]);
  });

  test.each(FOCUSED)('%s/ imports nothing from platform/ or preview/', (dir) => {
    const offenders = [...graph].filter(([file]) => folderOf(file) === dir)
      .flatMap(([file, deps]) => deps.filter((d) => COMPOSITES.includes(folderOf(d))).map((d) => `${file} -> ${d}`));
    expect(offenders).toEqual([]);
  });

  test('only platform/, preview/ and the package root import from platform/ or preview/', () => {
    const offenders = [...graph].filter(([file]) => file !== 'index.ts' && !COMPOSITES.includes(folderOf(file)))
      .flatMap(([file, deps]) => deps.filter((d) => COMPOSITES.includes(folderOf(d))).map((d) => `${file} -> ${d}`));
    expect(offenders).toEqual([]);
  });

  test('composites do not special-case each other: platform/ never imports preview/', () => {
    const offenders = [...graph].filter(([file]) => folderOf(file) === 'platform')
      .flatMap(([file, deps]) => deps.filter((d) => folderOf(d) === 'preview').map((d) => `${file} -> ${d}`));
    expect(offenders).toEqual([]);
  });

  test('no `as any` and no Symbol side channel outside the brand checks (isPlatformStack, isPreviewEnvironment)', () => {
    const offenders: string[] = [];
    for (const file of graph.keys()) {
      const text = fs.readFileSync(path.join(SRC, file), 'utf-8');
      for (const [n, line] of text.split('\n').entries()) {
        if (/\bas any\b/.test(line) || (/Symbol(\.for)?\(/.test(line) && !/const (PLATFORM_STACK|PREVIEW_ENVIRONMENT) = Symbol\.for/.test(line))) {
          offenders.push(`${file}:${n + 1}: ${line.trim()}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  test('nothing in src/ imports the package root or a folder index (they only re-export)', () => {
    const offenders = [...graph].flatMap(([file, deps]) => deps.filter((d) => d.endsWith('index.ts') && file !== 'index.ts').map((d) => `${file} -> ${d}`));
    expect(offenders).toEqual([]);
  });

  test('the checks catch a circle and an upward import', () => {
    const bad = new Map<string, string[]>([
      ['platform/a.ts', ['preview/b.ts']],
      ['preview/b.ts', ['platform/a.ts']],
      ['database/c.ts', ['database/c.ts']],
      ['core/d.ts', []],
    ]);
    expect(circles(bad).sort()).toEqual([['database/c.ts'], ['platform/a.ts', 'preview/b.ts']]);
    expect(relativeImports("import type { ServiceApp } from '../platform/service-app';\nimport { X } from 'cdk8s';"))
      .toEqual(['../platform/service-app']);
    expect(relativeImports("export { A } from './a';\nconst b = require('./b');")).toEqual(['./a', './b']);
  });
});
