/**
 * Makes the compiled re-export files (lib/index.js and lib/<folder>/index.js) load each module on
 * first use: `require('cdk-paved-road')` then loads nothing but those files, and a program loads
 * only the modules (and dependencies: cdktf, the provider modules, cdk8s-plus-27) of the classes
 * it reads. A YAML-only program that uses `Workload` does not load cdktf.
 * Usage (the compile task runs it after jsii): ts-node --transpile-only scripts/lazy-exports.ts lib
 *
 * The same idea as aws-cdk-lib's build step `tools/@aws-cdk/lazify` (github.com/aws/aws-cdk), on the
 * one shape TypeScript emits for the named re-exports our index files hold (`export { A } from './a'`):
 *
 *   var a_1 = require("./a");
 *   Object.defineProperty(exports, "A", { enumerable: true, get: function () { return a_1.A; } });
 *
 * becomes a getter that requires the module when read (Node caches modules, so later reads cost a
 * cache lookup). Each line keeps its place, so the inline source maps stay right. The export names
 * stay the same, so jsii's runtime and `Object.keys(require('cdk-paved-road'))` see the same API.
 * A file with any other statement is refused: it would need a look before it is rewritten.
 */
import * as fs from 'fs';
import * as path from 'path';

const REQUIRE = /^var (\w+) = require\("(\.{1,2}\/[^"]+)"\);$/;
const GETTER = /^Object\.defineProperty\(exports, "(\w+)", \{ enumerable: true, get: function \(\) \{ return (\w+)\.(\w+); \} \}\);$/;
/** Lines TypeScript emits around the re-exports, kept as they are. */
const KEPT = [/^"use strict";$/, /^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$/, /^(exports\.\w+ = )+void 0;$/, /^\/\/.*$/, /^$/];

/**
 * The lazy form of one compiled index file, or an error naming the line it does not know.
 * @param file its name, for the message
 */
export function lazyExports(source: string, file: string = 'index.js'): string {
  const modules = new Map<string, string>();
  return source.split('\n').map((line, i) => {
    const req = REQUIRE.exec(line);
    if (req) {
      modules.set(req[1], req[2]);
      return `var ${req[1]} = () => require("${req[2]}");`;
    }
    const get = GETTER.exec(line);
    if (get) {
      if (!modules.has(get[2])) {
        throw new Error(`${file}:${i + 1}: '${get[2]}' is not a module required above`);
      }
      return `Object.defineProperty(exports, "${get[1]}", { enumerable: true, get: function () { return ${get[2]}().${get[3]}; } });`;
    }
    if (KEPT.some((k) => k.test(line))) {
      return line;
    }
    throw new Error(`${file}:${i + 1}: not a named re-export; lazy-exports rewrites only those: ${line.slice(0, 120)}`);
  }).join('\n');
}

/** Every index.js below a compiled folder. */
function indexFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      return indexFiles(full);
    }
    return e.name === 'index.js' ? [full] : [];
  });
}

/**
 * Rewrites every index.js below a compiled folder; returns how many.
 * private/ folders hold no index files of the API; the CLI's compiled files are not index files.
 */
export function lazifyFolder(lib: string): number {
  const files = indexFiles(lib);
  for (const file of files) {
    fs.writeFileSync(file, lazyExports(fs.readFileSync(file, 'utf-8'), path.relative(lib, file)));
  }
  return files.length;
}

if (require.main === module) {
  const lib = path.resolve(process.argv[2] ?? 'lib');
  const count = lazifyFolder(lib);
  console.log(`lazy-exports: ${count} index files in ${path.relative(process.cwd(), lib) || '.'} load their modules on first use`);
}
