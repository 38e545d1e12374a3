import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { Testing, TerraformStack } from 'cdktf';
import * as yaml from 'yaml';
import { assertLibCurrent } from '../../scripts/compile-lib';
import { PrometheusRule, ServiceAlertRules, ServiceAlertRulesProps, SloWindow } from '../../src';
import { filesUnder, resources } from '../util';

const ROOT = path.resolve(__dirname, '..', '..');
const BASE: ServiceAlertRulesProps = {
  workspaceId: 'ws-0123456789abcdef',
  serviceName: 'checkout',
  namespace: 'shop',
  team: 'shop',
  environmentName: 'prod',
  runbookUrl: 'https://runbooks.acme.example.com/checkout',
};

function rules(props: Partial<ServiceAlertRulesProps> = {}): ServiceAlertRules {
  const stack = new TerraformStack(Testing.app(), 'test');
  return new ServiceAlertRules(stack, 'Rules', { ...BASE, ...props });
}
const alerts = (r: ServiceAlertRules): PrometheusRule[] => r.groups.flatMap((g) => g.rules).filter((x) => x.alert);
const burnAlerts = (r: ServiceAlertRules): PrometheusRule[] => alerts(r).filter((a) => a.alert!.endsWith('BudgetBurn'));
const DURATION: Record<string, number> = { m: 60, h: 3600, d: 86400 };
const seconds = (w: string): number => Number(w.slice(0, -1)) * DURATION[w.slice(-1)];

/** Runs promtool and returns its output, or fails the test with it. */
function promtool(args: string[], cwd: string): string {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf-8' });
  if (run.error) {
    throw new Error(`promtool is not installed (Debian package 'prometheus'; .ci/run installs it): ${run.error.message}`);
  }
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/FAILED|error/i);
  expect(run.status).toBe(0);
  return run.stdout;
}

/** Runs `promtool test rules` on a rule file and one unit test of it (a minute's interval), expecting success. */
function promtoolTest(ruleFile: string, test: { [key: string]: unknown }): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-promtool-'));
  fs.writeFileSync(path.join(dir, 'rules.yaml'), ruleFile);
  fs.writeFileSync(path.join(dir, 'test.yaml'), yaml.stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [{ interval: '1m', ...test }] }));
  expect(promtool(['test', 'rules', 'test.yaml'], dir)).toMatch(/SUCCESS/);
}

describe('ServiceAlertRules', () => {
  test('an AMP rule group namespace per service holds the rule file', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const r = new ServiceAlertRules(stack, 'Rules', BASE);
    const [ns] = resources(JSON.parse(Testing.synth(stack)), 'aws_prometheus_rule_group_namespace');
    expect(ns).toMatchObject({ name: 'shop-checkout', workspace_id: 'ws-0123456789abcdef', data: r.ruleFile });
    expect(yaml.parse(r.ruleFile).groups.map((g: any) => g.name)).toEqual(['checkout-slo-availability', 'checkout-baseline']);
  });

  test('the rule file writes every rule in full: no YAML anchors or aliases, the same rules as `groups`', () => {
    const r = rules();
    // The recording rules of an SLI share one labels object, which a YAML writer turns into `&a1` ... `*a1`.
    expect(r.ruleFile).not.toMatch(/[&*]a\d/);
    const doc = yaml.parse(r.ruleFile, { merge: false });
    expect(doc.groups.flatMap((g: any) => g.rules).map((x: any) => x.labels))
      .toEqual(r.groups.flatMap((g) => g.rules).map((x) => x.labels));
  });

  test('recording rules: the error ratio over every window an alert reads, over the SLO window, and the budget left', () => {
    const r = rules({ slo: { availability: 99.5, window: SloWindow.DAYS_28 } });
    const records = r.groups[0].rules.filter((x) => x.record);
    expect(records.map((x) => x.record)).toEqual([
      ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '28d'].map((w) => `slo:sli_error:ratio_rate${w}`),
      'slo:period_error_budget_remaining:ratio',
    ]);
    expect(records[0].expr).toBe('(sum(rate(http_requests_total{namespace="shop",service="checkout",code=~"5.."}[5m])) or vector(0)) / sum(rate(http_requests_total{namespace="shop",service="checkout"}[5m]))');
    expect(records[7].expr).toBe('avg_over_time(slo:sli_error:ratio_rate5m{namespace="shop",service="checkout",slo="availability"}[28d])');
    expect(records[8].expr).toBe('1 - slo:sli_error:ratio_rate28d{namespace="shop",service="checkout",slo="availability"} / 0.005');
    expect(records[0].labels).toEqual({ namespace: 'shop', service: 'checkout', slo: 'availability' });
  });

  test('each burn-rate alert pairs a long and a short window (1/12 of it) at the SRE workbook\'s rates', () => {
    const r = rules({ slo: { availability: 99.9, latency: { threshold: Duration.millis(300) } } });
    const burns = burnAlerts(r);
    expect(burns).toHaveLength(8);
    const seen: string[] = [];
    for (const a of burns) {
      const windows = [...a.expr.matchAll(/slo:sli_error:ratio_rate(\w+)\{[^}]*slo="(\w+)"\}\s*>\s*([\d.]+)/g)];
      expect(windows).toHaveLength(2);
      const [[, long, sliLong, thresholdLong], [, short, sliShort, thresholdShort]] = windows;
      expect(a.expr).toMatch(/ > [\d.]+ and /); // both windows must burn
      expect([long, short]).toEqual([a.labels!.long_window, a.labels!.short_window]);
      expect(seconds(long)).toBe(12 * seconds(short));
      expect([sliLong, sliShort]).toEqual([a.labels!.slo, a.labels!.slo]);
      expect(thresholdLong).toBe(thresholdShort);
      const budget = a.labels!.slo === 'availability' ? 0.001 : 0.01;
      seen.push(`${a.labels!.slo} ${long}/${short} ${Number((Number(thresholdLong) / budget).toFixed(6))}x ${a.labels!.severity}`);
    }
    expect(seen).toEqual([
      'availability 1h/5m 14.4x page', 'availability 6h/30m 6x page', 'availability 1d/2h 3x ticket', 'availability 3d/6h 1x ticket',
      'latency 1h/5m 14.4x page', 'latency 6h/30m 6x page', 'latency 1d/2h 3x ticket', 'latency 3d/6h 1x ticket',
    ]);
  });

  test('the latency SLI counts requests slower than the threshold\'s bucket as errors', () => {
    const r = rules({ slo: { latency: { threshold: Duration.millis(250), percentile: 95 }, durationHistogram: 'rpc_duration_seconds' } });
    const latency = r.groups.find((g) => g.name === 'checkout-slo-latency')!;
    expect(latency.rules[0].expr).toBe('1 - (sum(rate(rpc_duration_seconds_bucket{namespace="shop",service="checkout",le="0.25"}[5m])) / sum(rate(rpc_duration_seconds_count{namespace="shop",service="checkout"}[5m])))');
    expect(latency.rules.find((x) => x.alert)!.expr).toContain('> 0.72 and'); // 14.4 x 5 %
  });

  test('every alert is labelled with severity, team, service and environment, and has a summary and a runbook link', () => {
    const all = alerts(rules());
    expect(all.map((a) => a.alert)).toEqual([
      'AvailabilityBudgetBurn', 'AvailabilityBudgetBurn', 'AvailabilityBudgetBurn', 'AvailabilityBudgetBurn', 'AvailabilitySliMissing',
      'PodCrashLooping', 'PodsNotReady', 'PodsPending', 'MemoryNearLimit', 'AutoscalerAtMaximum',
    ]);
    for (const a of all) {
      expect(a.labels).toMatchObject({ team: 'shop', service: 'checkout', environment: 'prod' });
      expect(['page', 'ticket']).toContain(a.labels!.severity);
      expect(a.annotations!.summary).toMatch(/checkout \(shop\)/);
      expect(a.annotations!.runbook_url).toBe(`https://runbooks.acme.example.com/checkout#${a.alert!.toLowerCase()}`);
    }
    expect(alerts(rules({ autoscaled: false, runbookUrl: undefined })).map((a) => a.alert)).not.toContain('AutoscalerAtMaximum');
    expect(alerts(rules({ runbookUrl: undefined }))[0].annotations!.runbook_url).toBeUndefined();
  });

  test('bad input fails with the prop, the value and the fix', () => {
    expect(() => rules({ slo: { availability: 100 } })).toThrow(/ServiceAlertRules 'test\/Rules': 'slo.availability' \(100\) must be a percentage over 0 and under 100; give the target in percent/);
    expect(() => rules({ slo: { latency: { threshold: Duration.millis(300), percentile: 0 } } })).toThrow(/'slo.latency.percentile' \(0\) must be a percentage/);
    expect(() => rules({ slo: { window: '7d' as SloWindow } })).toThrow(/'slo.window' \('7d'\) is not one of 28d, 30d; use the SloWindow enum/);
    expect(() => rules({ runbookUrl: 'wiki/checkout' })).toThrow(/'runbookUrl' \('wiki\/checkout'\) is not an http\(s\) URL/);
    expect(() => rules({ slo: { requestsMetric: 'http-requests' } })).toThrow(/'slo.requestsMetric' \('http-requests'\) is not a Prometheus metric name/);
    expect(() => rules({ slo: { durationHistogram: '1x' } })).toThrow(/'slo.durationHistogram' \('1x'\) is not a Prometheus metric name/);
    expect(() => rules({ slo: { errorMatcher: 'code>499' } })).toThrow(/'slo.errorMatcher' \('code>499'\) is not one Prometheus label matcher/);
    expect(() => rules({ slo: { latency: { threshold: Duration.millis(0) } } })).toThrow(/'slo.latency.threshold' \('0s'\) is not a positive duration/);
    expect(() => rules({ team: 'Shop' })).toThrow(/'team' \('Shop'\) is not a DNS-1123 label/);
  });

  test('promtool check rules passes on the rules of every service of the service example', () => {
    // (the example runs in its own process on the compiled library, as the CLIs run it)
    assertLibCurrent();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'obs-example-'));
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'main.ts'], {
      cwd: path.join(ROOT, 'examples', 'service'),
      env: { ...process.env, CDKTF_OUTDIR: path.join(out, 'cdktf.out'), CDK8S_OUTDIR: path.join(out, 'dist') },
      encoding: 'utf-8',
    });
    expect(run.status).toBe(0);
    // One file per stack and rule group namespace: the example has a production and a development stack.
    const namespaces = filesUnder(path.join(out, 'cdktf.out', 'stacks')).filter((f) => f.endsWith('cdk.tf.json'))
      .flatMap((f) => resources(JSON.parse(fs.readFileSync(f, 'utf-8')), 'aws_prometheus_rule_group_namespace')
        .map((n: any) => ({ ...n, file: `${path.basename(path.dirname(f))}-${n.name}.rules.yaml` })));
    expect(namespaces.map((n) => n.file).sort()).toEqual([
      'shop-dev-shop-checkout.rules.yaml', 'shop-dev-shop-orders.rules.yaml', 'shop-prod-shop-checkout.rules.yaml', 'shop-prod-shop-orders.rules.yaml',
    ]);
    for (const n of namespaces) {
      fs.writeFileSync(path.join(out, n.file), n.data);
    }
    const output = promtool(['check', 'rules', ...namespaces.map((n) => n.file).sort()], out);
    // Per SLI 9 recording rules, 4 burn-rate alerts and the missing-SLI ticket, and 5 baseline
    // alerts: production's checkout has a latency SLO too; development's services keep the default
    // availability SLO.
    expect(output).toMatch(/Checking shop-dev-shop-checkout.rules.yaml\s+SUCCESS: 19 rules found\s+Checking shop-dev-shop-orders.rules.yaml\s+SUCCESS: 19 rules found\s+Checking shop-prod-shop-checkout.rules.yaml\s+SUCCESS: 33 rules found\s+Checking shop-prod-shop-orders.rules.yaml\s+SUCCESS: 19 rules found/);
  });

  test('promtool test rules: a fast burn pages within minutes and the short window ends it soon after the burn stops', () => {
    const r = rules({ slo: { availability: 99.9 } });
    const burn = (long: string): any => {
      const rule = burnAlerts(r).find((a) => a.labels!.long_window === long)!;
      // The alert keeps the recording rules' namespace label.
      return { exp_labels: { ...rule.labels, namespace: 'shop' }, exp_annotations: rule.annotations };
    };
    // 10 % of requests fail for 30 minutes (100x the 0.1 % budget), then none.
    const ok = '0+600x30 18600+600x60';
    const failed = '0+60x30 1800+0x60';
    promtoolTest(r.ruleFile, {
      input_series: [
        { series: 'http_requests_total{namespace="shop",service="checkout",code="200"}', values: ok },
        { series: 'http_requests_total{namespace="shop",service="checkout",code="500"}', values: failed },
      ],
      alert_rule_test: [
        // Every pair burns at 100x after 10 minutes.
        { eval_time: '10m', alertname: 'AvailabilityBudgetBurn', exp_alerts: ['1h', '6h', '1d', '3d'].map(burn) },
        // 10 minutes after the errors stopped the 5m window is clean: the fast burn has stopped
        // paging; the 30m window still sees them, so the 6h/30m pair (and the tickets) go on.
        { eval_time: '40m', alertname: 'AvailabilityBudgetBurn', exp_alerts: ['6h', '1d', '3d'].map(burn) },
      ],
    });
  });

  test('promtool test rules: a service with no error yet has a 0 error ratio and a full budget; one whose SLI matches nothing gets a ticket', () => {
    // GIVEN the rules of a service with an availability and a latency SLO (threshold 300 ms)
    const r = rules({ slo: { availability: 99.9, latency: { threshold: Duration.millis(300) } } });
    const sel = 'namespace="shop",service="checkout"';
    const missing = r.groups.flatMap((g) => g.rules).find((x) => x.alert === 'LatencySliMissing')!;
    promtoolTest(r.ruleFile, {
      // WHEN it serves 10 requests a second, none failing, and its histogram has no 0.3 s bucket
      input_series: [
        { series: `http_requests_total{${sel},code="200"}`, values: '0+600x120' },
        { series: `http_request_duration_seconds_bucket{${sel},le="0.25"}`, values: '0+600x120' },
        { series: `http_request_duration_seconds_count{${sel}}`, values: '0+600x120' },
      ],
      promql_expr_test: [
        // THEN the availability error ratio is 0 (not missing) and the budget is whole
        { expr: `slo:sli_error:ratio_rate1h{${sel},slo="availability"}`, eval_time: '90m', exp_samples: [{ labels: `slo:sli_error:ratio_rate1h{${sel},slo="availability"}`, value: 0 }] },
        { expr: `slo:period_error_budget_remaining:ratio{${sel},slo="availability"}`, eval_time: '90m', exp_samples: [{ labels: `slo:period_error_budget_remaining:ratio{${sel},slo="availability"}`, value: 1 }] },
      ],
      alert_rule_test: [
        // AND the latency SLI, which matches no bucket, is reported after 30 minutes, availability's is not
        // (absent() keeps the selector's equality labels: the alert names the namespace too)
        { eval_time: '90m', alertname: 'LatencySliMissing', exp_alerts: [{ exp_labels: { ...missing.labels, namespace: 'shop' }, exp_annotations: missing.annotations }] },
        { eval_time: '90m', alertname: 'AvailabilitySliMissing', exp_alerts: [] },
      ],
    });
  });

  test('promtool test rules: requests without the error matcher\'s label (status, not code) get a ticket instead of a silent full budget', () => {
    const r = rules({ slo: { availability: 99.9 } });
    const sel = 'namespace="shop",service="checkout"';
    const missing = r.groups.flatMap((g) => g.rules).find((x) => x.alert === 'AvailabilitySliMissing')!;
    promtoolTest(r.ruleFile, {
      input_series: [{ series: `http_requests_total{${sel},status="500"}`, values: '0+600x120' }],
      alert_rule_test: [
        { eval_time: '20m', alertname: 'AvailabilitySliMissing', exp_alerts: [] }, // not before 30 minutes
        { eval_time: '90m', alertname: 'AvailabilitySliMissing', exp_alerts: [{ exp_labels: { ...missing.labels, namespace: 'shop' }, exp_annotations: missing.annotations }] },
      ],
    });
  });
});
