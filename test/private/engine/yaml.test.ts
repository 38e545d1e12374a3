import { Yaml } from 'cdk8s';
import { PlatformCluster, ServiceApp } from '../../../src';
import { renderCharts } from '../../../src/private/engine/k8s-render';
import { stringifyYaml } from '../../../src/private/engine/yaml';
import { prodStack } from '../../util';

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
/* eslint-disable no-bitwise */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

const TRICKY = [
  '', ' ', 'a', 'y', 'Y', 'yes', 'No', 'on', 'OFF', 'true', 'False', 'null', '~', 'NULL', '-', '?', ':', '- a', '? a', 'a: b', 'a:b', 'a #b', 'a#b',
  '#a', '&a', '*a', '!a', '|a', '>a', "'a'", '"a"', '%a', '@a', '`a', 'a ', ' a', 'a:', '0', '00', '0755', '1.0', '1e3', '.5', '-1', '+1', '0x1F', '0o17',
  '1_000', '190:20:30', '.inf', '-.Inf', '.nan', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '---', '--- a', '...', '... a', 'a\nb', 'a\n', '\n',
  'a\tb', 'ü', 'naïve', '日本', 'a\u0000b', 'a\u007fb', '\ud800', 'http://x.example.com/a?b=c', 'a,b', '[a]', '{a}', 'a[b]', 'a]', '"', "'", 'a\'b"c',
  'app.kubernetes.io/name', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/acme/prod/svc:1.0.0', 'Yes please', 'on call', 'x'.repeat(300),
  'x '.repeat(100), '=', '<<', 'a b  c', 'a  ', '0.0.0.0/0', '10.0.0.0/16', '250m', '1Gi', 'TCP', 'RuntimeDefault',
  // Alert rule files: PromQL, templated descriptions, and near misses of YAML's plain-scalar rules.
  'sum(rate(http_requests_total{namespace="shop",service="a",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="shop"}[5m]))',
  'slo:sli_error:ratio_rate1h{slo="availability"} > 0.0144 and slo:sli_error:ratio_rate5m{slo="availability"} > 0.0144',
  '1 - slo:sli_error:ratio_rate30d{slo="availability"} / 0.001', 'Objective: 99.9% of requests succeed over 30d.',
  'Pod {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit', 'a (b) is crash looping', '[{{ .Status | toUpper }}] x',
  'a:', 'a :b', 'a\t#b', 'a# b', 'a:\tb', 'a\u2028b', 'a\u0085b', 'a\u00a0', 'Yes:', 'on off', 'N', 'n', 'y:', 'a,b]', 'a{b', 'a !b', 'a &b', 'a *b',
];

function randomString(r: () => number): string {
  if (r() < 0.6) {
    return TRICKY[Math.floor(r() * TRICKY.length)];
  }
  const alphabet = 'ab Z09-_./:#"\'\n\t,[]{}&*!|>%@`?~=+ü()$<\u0085';
  // Half of them start with a letter: the writer decides those without asking the yaml library.
  const first = r() < 0.5 ? 'aZ'[Math.floor(r() * 2)] : '';
  return first + Array.from({ length: Math.floor(r() * 8) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
}

/** Objects already made for the current document: a few are used again, as anchors and aliases. */
let made: object[] = [];

function randomValue(r: () => number, depth: number): unknown {
  if (made.length > 0 && r() < 0.03) {
    return made[Math.floor(r() * made.length)];
  }
  const value = newValue(r, depth);
  if (typeof value === 'object' && value !== null) {
    made.push(value);
  }
  return value;
}

function newValue(r: () => number, depth: number): unknown {
  const p = r();
  if (depth > 3 || p < 0.45) {
    const q = r();
    if (q < 0.55) return randomString(r);
    if (q < 0.7) return Math.floor(r() * 2000) - 1000;
    if (q < 0.78) return [0.5, -0.25, 1e21, 1.5e-7, -0, 3.14159, Number.MAX_SAFE_INTEGER][Math.floor(r() * 7)];
    if (q < 0.86) return r() < 0.5;
    if (q < 0.93) return null;
    return q < 0.97 ? {} : [];
  }
  if (p < 0.75) {
    const map: Record<string, unknown> = {};
    for (let i = Math.floor(r() * 5); i > 0; i--) {
      map[r() < 0.7 ? ['name', 'metadata', 'spec', 'labels', 'app.kubernetes.io/name', 'x-y_z', 'a1'][Math.floor(r() * 7)] + (r() < 0.3 ? i : '') : randomString(r)]
        = randomValue(r, depth + 1);
    }
    return map;
  }
  return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
}

describe('stringifyYaml', () => {
  test('writes what cdk8s Yaml.stringify writes, byte for byte, on 5,000 random documents', () => {
    const r = rng(42);
    let mismatches = 0;
    const examples: string[] = [];
    for (let i = 0; i < 1700; i++) {
      const docs = Array.from({ length: 1 + Math.floor(r() * 5) }, () => {
        made = [];
        return randomValue(r, 0);
      });
      const expected = Yaml.stringify(...docs);
      const actual = stringifyYaml(docs);
      if (actual !== expected) {
        mismatches++;
        if (examples.length < 3) examples.push(`${JSON.stringify(docs)}\n--- expected\n${expected}\n--- actual\n${actual}`);
      }
    }
    expect(examples).toEqual([]);
    expect(mismatches).toBe(0);
  });

  test('writes a platform and its services as cdk8s would, asking the yaml library about scalars only', () => {
    const { app, stack } = prodStack();
    const cluster = new PlatformCluster(stack, 'cluster', {});
    cluster.addTeam('payments');
    new ServiceApp(stack, 'checkout', {
      team: 'payments',
      imageTag: '1.2.3',
      env: [{ name: 'GREETING', value: 'Hello: world' }],
      secrets: [{ name: 'API_KEY', property: 'api-key' }],
      exposure: { host: 'shop.prod.acme.example.com' },
      cluster,
    });
    const charts = renderCharts(app.kubernetes);
    const docs = charts.flatMap((c) => c.objects);
    expect(docs.length).toBeGreaterThan(20);
    const expected = charts.map((c) => Yaml.stringify(...c.objects));
    const spy = jest.spyOn(Yaml, 'stringify');
    try {
      expect(charts.map((c) => stringifyYaml(c.objects))).toEqual(expected);
      // The fast path took every object: the library saw single scalars only ({ k: value }).
      for (const call of spy.mock.calls) {
        expect(call).toHaveLength(1);
        expect(Object.keys(call[0] as object)).toEqual(['k']);
      }
    } finally {
      spy.mockRestore();
    }
  });

  test('hands a document with a multi-line string, undefined, an unusual key or a shared object to the yaml library whole', () => {
    const shared = { team: 'shop' };
    const empty: string[] = [];
    const docs = [{ data: { 'script.sh': '#!/bin/sh\necho hi\n' } }, { a: undefined, b: 1 }, { 'a b:': 1 }, { '---x': { y: '---' } },
      { rules: [{ labels: shared }, { labels: shared }] }, { a: empty, b: { c: empty } }];
    const spy = jest.spyOn(Yaml, 'stringify');
    try {
      for (const doc of docs) {
        spy.mockClear();
        const actual = stringifyYaml([doc]);
        expect(spy.mock.calls.some((call) => call[0] === doc)).toBe(true);
        expect(actual).toBe(Yaml.stringify(doc));
      }
    } finally {
      spy.mockRestore();
    }
  });
});
