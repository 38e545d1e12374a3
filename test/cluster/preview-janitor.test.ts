import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { PreviewJanitor } from '../../src';
import { JANITOR_SCRIPT } from '../../src/private/janitor-script';
import { schemaErrors } from '../k8s-schema';
import { find } from '../util';

describe('PreviewJanitor, alone in a plain Chart', () => {
  const objects = () => Testing.synth((() => {
    const chart = Testing.chart();
    new PreviewJanitor(chart, 'janitor');
    return chart;
  })());

  test('RBAC: only list and delete of namespaces, bound to its ServiceAccount alone', () => {
    const out = objects();
    const roles = out.filter((o) => o.kind === 'ClusterRole' || o.kind === 'Role');
    expect(roles).toHaveLength(1);
    expect(roles[0].rules).toEqual([{ apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'delete'] }]);
    const bindings = out.filter((o) => o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding');
    expect(bindings).toEqual([expect.objectContaining({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'preview-janitor' },
      subjects: [{ kind: 'ServiceAccount', name: 'preview-janitor', namespace: 'preview-system' }],
    })]);
    expect(schemaErrors(out)).toEqual([]);
  });

  test('a priority class, a policy of its own (DNS and HTTPS out, nothing in) and a namespace default deny', () => {
    const out = objects();
    const pod = find(out, 'CronJob').spec.jobTemplate.spec.template;
    expect(pod.spec.priorityClassName).toBe('platform-critical');
    const own = find(out, 'NetworkPolicy', 'preview-janitor').spec;
    expect(own.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'preview-janitor' } });
    expect(pod.metadata.labels['app.kubernetes.io/instance']).toBe('preview-janitor');
    expect(own.ingress).toBeUndefined();
    expect(own.egress[1]).toEqual({ ports: [{ protocol: 'TCP', port: 443 }] });
    const deny = find(out, 'NetworkPolicy', 'default-deny').spec;
    expect(deny).toMatchObject({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(deny.egress).toHaveLength(1); // DNS only
  });

  test('admission policy: its deletions must target namespaces labelled as previews with an expiry', () => {
    const out = objects();
    const policy = find(out, 'ValidatingAdmissionPolicy');
    expect(policy.spec.matchConstraints.resourceRules).toEqual([{ apiGroups: [''], apiVersions: ['v1'], operations: ['DELETE'], resources: ['namespaces'] }]);
    expect(policy.spec.matchConditions[0].expression).toBe("request.userInfo.username == 'system:serviceaccount:preview-system:preview-janitor'");
    expect(policy.spec.validations[0].expression).toContain("oldObject.metadata.labels['paved-road.dev/preview'] == 'true'");
    expect(policy.spec.validations[0].expression).toContain("'paved-road.dev/expires-at' in oldObject.metadata.labels");
    expect(find(out, 'ValidatingAdmissionPolicyBinding').spec).toEqual({ policyName: 'preview-janitor', validationActions: ['Deny'] });
    expect(policy.spec.failurePolicy).toBe('Fail');
  });

  test('the script deletes exactly the expired previews (run against a fake kubectl)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'janitor-'));
    const log = path.join(dir, 'calls');
    fs.writeFileSync(path.join(dir, 'kubectl'), [
      '#!/bin/sh',
      `printf '%s\\n' "$*" >> ${log}`,
      'if [ "$1" = get ]; then',
      "  printf 'preview-shop-pr-1 1000\\npreview-shop-pr-2 3000\\npreview-shop-pr-3 \\npreview-shop-pr-4 12ab\\npreview-shop-pr-5 2000\\n'",
      'fi',
    ].join('\n'), { mode: 0o755 });
    const out = execFileSync('/bin/sh', ['-c', JANITOR_SCRIPT], { env: { PATH: `${dir}:/usr/bin:/bin`, NOW: '2000' }, encoding: 'utf-8' });
    const calls = fs.readFileSync(log, 'utf-8').trim().split('\n');
    expect(calls[0]).toBe('get namespaces -l paved-road.dev/preview=true -o jsonpath={range .items[*]}{.metadata.name}{" "}{.metadata.labels.paved-road\\.dev/expires-at}{"\\n"}{end}');
    expect(calls.slice(1)).toEqual(['delete namespace preview-shop-pr-1 --wait=false', 'delete namespace preview-shop-pr-5 --wait=false']);
    expect(out).toContain('keep preview-shop-pr-3: no valid expiry label');
    expect(out).toContain('keep preview-shop-pr-2: expires at 3000');
  });

  test('a restricted CronJob in its own namespace, hourly by default; namespace, schedule and image are props', () => {
    const out = objects();
    expect(find(out, 'Namespace', 'preview-system').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    const cron = find(out, 'CronJob', 'preview-janitor').spec;
    expect(cron.schedule).toBe('17 * * * *');
    expect(cron.concurrencyPolicy).toBe('Forbid');
    expect(cron.jobTemplate.spec.template.spec.containers[0].command).toEqual(['/bin/sh', '-c', JANITOR_SCRIPT]);
    const chart = Testing.chart();
    const janitor = new PreviewJanitor(chart, 'j', { namespace: 'janitor', schedule: '0 * * * *', image: 'alpine/k8s:1.33.4' });
    const own = Testing.synth(chart);
    expect(janitor.username).toBe('system:serviceaccount:janitor:preview-janitor');
    expect(find(own, 'CronJob').spec.schedule).toBe('0 * * * *');
    expect(find(own, 'CronJob').spec.jobTemplate.spec.template.spec.containers[0].image).toBe('alpine/k8s:1.33.4');
  });

  test('the namespace, schedule and image are checked', () => {
    const chart = Testing.chart();
    expect(() => new PreviewJanitor(chart, 'c', { namespace: 'Preview_System' })).toThrow(/PreviewJanitor 'test\/c': 'namespace' \('Preview_System'\) is not a DNS-1123 label/);
    expect(() => new PreviewJanitor(chart, 'a', { schedule: 'hourly' })).toThrow(/PreviewJanitor 'test\/a': 'schedule' \('hourly'\) is not a five-field cron expression/);
    expect(() => new PreviewJanitor(chart, 'b', { image: 'alpine/k8s' })).toThrow(/'image' \('alpine\/k8s'\) has no tag or digest/);
  });
});
