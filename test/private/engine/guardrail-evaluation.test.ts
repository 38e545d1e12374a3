import { GuardrailContext, GuardrailPacks, GuardrailSeverity, GuardrailSubject, GuardrailTarget, IGuardrailRule } from '../../../src';
import { GuardrailEvaluation } from '../../../src/private/engine/guardrail-evaluation';

const k8s = (values: any, path: string): GuardrailSubject => ({
  target: GuardrailTarget.KUBERNETES, type: values.kind, address: `${values.kind} ${values.metadata?.namespace ?? ''}/${values.metadata?.name}`, constructPath: path, values,
});
const metadata = (name: string, namespace?: string) => ({ name, namespace });
const container = { name: 'app', image: 'app:1', env: [{ name: 'API_TOKEN', value: 'x' }] };
const workload = (kind: string, name: string, ns: string, replicas: number | undefined, labels?: Record<string, string>) => ({
  apiVersion: 'apps/v1', kind, metadata: metadata(name, ns), spec: { replicas, template: { metadata: { labels }, spec: { containers: [container] } } },
});

/**
 * Charts of objects the comparing rules look at from every side: workloads with and without
 * budgets and autoscalers (in the same chart, in a later one, in another namespace), namespaces
 * with and without a policy, objects missing the fields the rules read.
 */
function charts(): GuardrailSubject[][] {
  return [
    [
      k8s({ apiVersion: 'v1', kind: 'Namespace', metadata: metadata('shop') }, 'a/ns'),
      k8s({ apiVersion: 'v1', kind: 'Namespace', metadata: metadata('lonely') }, 'a/ns2'),
      k8s({ apiVersion: 'v1', kind: 'Namespace' }, 'a/ns3'),
      k8s(workload('Deployment', 'web', 'shop', 3, { app: 'web' }), 'a/web'),
      k8s(workload('Deployment', 'api', 'shop', 1, { app: 'api' }), 'a/api'),
      k8s({ apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata('c', 'shop'), data: { DB_PASSWORD: 'x' } }, 'a/cm'),
    ],
    [
      k8s({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: metadata('api', 'shop'), spec: { scaleTargetRef: { kind: 'Deployment', name: 'api' }, minReplicas: 2 } }, 'b/hpa'),
      k8s({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: metadata('db', 'shop'), spec: { scaleTargetRef: { kind: 'StatefulSet', name: 'db' } } }, 'b/hpa2'),
      k8s(workload('StatefulSet', 'db', 'shop', 4, { app: 'db', tier: 'data' }), 'b/db'),
      k8s(workload('Deployment', 'bare', 'shop', undefined), 'b/bare'),
      k8s({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: metadata('nospec', 'shop') }, 'b/nospec'),
    ],
    [
      k8s({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: metadata('web', 'shop'), spec: { selector: { matchLabels: { app: 'web' } } } }, 'c/pdb'),
      k8s({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: metadata('db', 'other'), spec: { selector: { matchLabels: { app: 'db' } } } }, 'c/pdb2'),
      k8s({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: metadata('x', 'shop'), spec: { selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } } }, 'c/pdb3'),
      k8s({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: metadata('deny', 'shop'), spec: { podSelector: {} } }, 'c/np'),
      k8s(workload('Deployment', 'late', 'other', 2, { app: 'db' }), 'c/late'),
    ],
  ];
}

/** What `Guardrails.evaluate()` did before batches: every check against every subject, kept whole. */
function everyCheckAgainstEverything(rules: IGuardrailRule[], subjects: GuardrailSubject[]): Array<[string, string]> {
  const context: GuardrailContext = { subjects };
  return subjects.flatMap((s) => rules.filter((r) => r.target === s.target && r.types.includes(s.type))
    .filter((r) => !r.check(s, context)).map((r): [string, string] => [r.id, s.address]));
}

describe('GuardrailEvaluation: the guardrails one batch (chart) at a time', () => {
  const rules = GuardrailPacks.kubernetes();

  test('the built-in rules find, in batches and keeping only the facts they compare, what they find against every object kept whole', () => {
    // GIVEN
    const evaluation = new GuardrailEvaluation(rules, []);

    // WHEN
    for (const chart of charts()) {
      evaluation.add(chart);
    }
    const findings = evaluation.finish().map((f) => [f.ruleId, f.address]);

    // THEN
    const expected = everyCheckAgainstEverything(rules, charts().flat());
    expect(findings).toEqual(expected);
    expect(expected.map(([id]) => id)).toEqual(expect.arrayContaining(['PR-K8S-012', 'PR-K8S-013', 'PR-K8S-014']));
    expect(expected.filter(([id]) => id === 'PR-K8S-012').map(([, address]) => address)).toEqual(['Deployment shop/api']);
  });

  test('the comparing checks see only the kinds they compare, reduced to what they read', () => {
    // GIVEN
    const seen: GuardrailSubject[][] = [];
    const spy = rules.map((r) => (r.id === 'PR-K8S-012' ? Object.assign(Object.create(Object.getPrototypeOf(r)), r, {
      check: (s: GuardrailSubject, ctx: GuardrailContext) => {
        seen.push(ctx.subjects);
        return r.check(s, ctx);
      },
    }) : r));

    // WHEN
    new GuardrailEvaluation(spy, []).add(charts().flat()).finish();

    // THEN
    const context = seen[0];
    expect(new Set(context.map((s) => s.type))).toEqual(new Set(['HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy']));
    expect(context.find((s) => s.constructPath === 'c/np')!.values).toEqual({ metadata: { namespace: 'shop' } });
  });

  test('a rule of the user\'s own sees every subject whole, and every finding keeps its order', () => {
    // GIVEN
    let context: GuardrailSubject[] = [];
    const own: IGuardrailRule = {
      id: 'ACME-001',
      severity: GuardrailSeverity.WARNING,
      target: GuardrailTarget.KUBERNETES,
      types: ['ConfigMap'],
      description: 'ConfigMaps need a twin.',
      fix: 'add one.',
      link: 'https://example.com',
      check: (_, ctx) => {
        context = ctx.subjects;
        return false;
      },
    };
    const evaluation = new GuardrailEvaluation([...rules, own], []);

    // WHEN
    for (const chart of charts()) {
      evaluation.add(chart);
    }
    const findings = evaluation.finish().map((f) => [f.ruleId, f.address]);

    // THEN
    expect(context).toEqual(charts().flat());
    expect(findings).toEqual(everyCheckAgainstEverything([...rules, own], charts().flat()));
  });
});
