import { createRequire } from 'module';
import type * as YAML from 'yaml';

/**
 * The documents of a YAML text, parsed as YAML 1.2 (the version Score files are written in; under
 * YAML 1.1, which cdk8s's `Yaml.load()` uses, Score's `image: .` would read as a number).
 *
 * The parser is the `yaml` library that cdk8s, a peer dependency, bundles with itself, so this
 * library needs no runtime dependency of its own for it.
 *
 * @returns the documents, or the first syntax error with its line and column
 * @internal
 */
export function parseYamlDocuments(text: string): { documents: unknown[]; error?: string } {
  const yaml: typeof YAML = createRequire(require.resolve('cdk8s'))('yaml');
  const docs = yaml.parseAllDocuments(text, { version: '1.2' });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const error = doc.errors[0];
    if (error) {
      return { documents: [], error: error.message.split('\n')[0].replace(/:$/, '') };
    }
  }
  return { documents: list.map((d) => d.toJSON()).filter((d) => d !== null && d !== undefined) };
}
