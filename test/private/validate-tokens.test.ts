import { spawnSync } from 'child_process';
import * as path from 'path';
import { Lazy as K8sLazy } from 'cdk8s';
import { Fn, Lazy, Token } from 'cdktf';
import { isUnresolved } from '../../src/private/validate';

const ROOT = path.resolve(__dirname, '..', '..');

describe('isUnresolved', () => {
  // GIVEN every kind of cdktf token and plain values that look close to one
  const tokens: Array<[string, unknown]> = [
    ['a string token', Token.asString(Lazy.stringValue({ produce: () => 'x' }))],
    ['a string holding a token', `arn:${Fn.join(',', ['a'])}:x`],
    ['a number token', Token.asNumber(Lazy.numberValue({ produce: () => 1 }))],
    ['a list token', Token.asList(Lazy.listValue({ produce: () => ['a'] }))],
    ['a number list token', Token.asNumberList(Lazy.anyValue({ produce: () => [1] }))],
    ['a map token', Token.asStringMap(Lazy.anyValue({ produce: () => ({ a: 'b' }) }))],
    ['a cdktf resolvable', Lazy.anyValue({ produce: () => 'x' })],
  ];
  const plain: Array<[string, unknown]> = [
    ['a string', 'Token'], ['a string with brackets', '${Token}'], ['a number', 8080], ['a huge number', 1e279], ['NaN', NaN],
    ['an empty list', []], ['a list of one string', ['a']], ['a list of two', [1, 2]], ['an object', { resolve: 'x' }],
    ['a cdk8s Lazy', K8sLazy.any({ produce: () => 'x' })], ['null', null], ['undefined', undefined], ['a boolean', true],
  ];

  test.each([...tokens, ...plain])('agrees with cdktf Token.isUnresolved on %s', (_, value) => {
    // THEN
    expect(isUnresolved(value)).toBe(Token.isUnresolved(value));
  });

  test.each(tokens)('finds %s', (_, value) => {
    expect(isUnresolved(value)).toBe(true);
  });

  test('the YAML-only constructs do not load cdktf', () => {
    // GIVEN a program that builds a TeamNamespace and a Workload in a plain cdk8s chart
    const program = [
      "require('ts-node').register({ transpileOnly: true });",
      "const { App, Chart } = require('cdk8s');",
      "const { TeamNamespace } = require('./src/team');",
      "const { Workload } = require('./src/workload');",
      "const chart = new Chart(new App(), 'c');",
      "new TeamNamespace(chart, 'team', { name: 'shop', group: 'shop-devs' });",
      "new Workload(chart, 'w', { name: 'checkout', namespace: 'shop', image: 'nginx:1.27', port: 8080, env: [{ name: 'A', value: 'b' }] });",
      'chart.toJson();',
      'console.log(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](cdktf|@cdktf)[\\\\/]/.test(k)).length);',
    ].join('\n');
    // WHEN
    const run = spawnSync(process.execPath, ['-e', program], { cwd: ROOT, encoding: 'utf-8' });
    // THEN
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('0');
  });
});
