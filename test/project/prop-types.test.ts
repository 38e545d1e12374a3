import * as path from 'path';
import * as ts from 'typescript';
import '../../src';
import { DECLARED_PROP_TYPES } from '../../src/private/prop-types';

const SRC = path.resolve(__dirname, '..', '..', 'src');

/**
 * Public props interfaces whose runtime types are NOT declared yet (src/private/prop-types.ts):
 * a JavaScript caller passing a wrong type gets whatever error the code meets first. Remove a name
 * when its construct calls checkProps(); the test fails while a checked interface is still listed,
 * and when a new props interface appears in neither list.
 */
const NOT_YET_CHECKED: string[] = [];

/** Every exported interface named `...Props` or `...Options` outside private folders, with its props (inherited ones too). */
function publicPropsInterfaces(): Map<string, string[]> {
  const program = ts.createProgram([path.join(SRC, 'index.ts')], { strict: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS });
  const checker = program.getTypeChecker();
  const found = new Map<string, string[]>();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(SRC) || file.fileName.includes('/private/')) {
      continue;
    }
    ts.forEachChild(file, (node) => {
      if (ts.isInterfaceDeclaration(node) && /(Props|Options)$/.test(node.name.text)
        && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
        const type = checker.getTypeAtLocation(node.name);
        found.set(node.name.text, checker.getPropertiesOfType(type).map((p) => p.getName()).sort());
      }
    });
  }
  return found;
}

describe('runtime type checks of public props (src/private/prop-types.ts)', () => {
  const interfaces = publicPropsInterfaces();
  const checked = [...DECLARED_PROP_TYPES.keys()];

  test('every public props interface is checked or listed as not checked yet, not both', () => {
    expect(interfaces.size).toBeGreaterThan(40);
    const unlisted = [...interfaces.keys()].filter((name) => !DECLARED_PROP_TYPES.has(name) && !NOT_YET_CHECKED.includes(name));
    expect(unlisted).toEqual([]);
    expect(NOT_YET_CHECKED.filter((name) => DECLARED_PROP_TYPES.has(name))).toEqual([]);
    expect(NOT_YET_CHECKED.filter((name) => !interfaces.has(name))).toEqual([]);
  });

  test('the main constructs\' props are checked', () => {
    expect(checked).toEqual(expect.arrayContaining([
      'ServiceAppProps', 'WorkloadProps', 'PlatformClusterProps', 'PostgresDatabaseProps', 'TeamNamespaceProps', 'PreviewEnvironmentProps',
      'PlatformNetworkProps', 'EksControlPlaneProps',
    ]));
  });

  test.each([...DECLARED_PROP_TYPES.keys()])('%s declares a type for exactly the props of the interface', (name) => {
    expect(interfaces.has(name)).toBe(true);
    expect(Object.keys(DECLARED_PROP_TYPES.get(name)!.props).sort()).toEqual(interfaces.get(name));
  });
});
