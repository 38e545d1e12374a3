import { PrometheusRuleGroupNamespace } from '@cdktf/provider-aws/lib/prometheus-rule-group-namespace';
import { IResolvable, IResolveContext, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ServiceLevelObjective, SloWindow } from './service-level-objective';
import {
  ALERT_LABEL_ENVIRONMENT, ALERT_LABEL_SERVICE, ALERT_LABEL_SEVERITY, ALERT_LABEL_TEAM, BUDGET_REMAINING, METRIC_LABEL_SERVICE,
  SEVERITY_PAGE, SEVERITY_TICKET, SLI_ERROR_RATIO,
} from '../private/contract';
import { stringifyYaml } from '../private/engine/yaml';
import { propError } from '../private/errors';
import { checkProps, propTypes, required, T } from '../private/prop-types';
import { requireDnsLabel } from '../private/validate';

const KIND = 'ServiceAlertRules';
const NO_STACK: string[] = [];
/** Availability target when none is given, in percent. */
const DEFAULT_AVAILABILITY = 99.9;
/** Latency percentile when none is given. */
const DEFAULT_LATENCY_PERCENTILE = 99;
/** Memory working set, as a share of the limit, above which a pod is near its limit. */
const MEMORY_NEAR_LIMIT = 0.9;

/**
 * The SRE workbook's multi-window, multi-burn-rate alerts: a burn rate, a long window that
 * measures it and a short window (1/12 of the long one) that stops the alert soon after the burn
 * stops. 14.4x for 1 h spends 2 % of a 30-day budget; 6x for 6 h spends 5 %; 3x for 1 d and 1x
 * for 3 d spend 10 %.
 *
 * @see https://sre.google/workbook/alerting-on-slos/#6-multiwindow-multi-burn-rate-alerts
 */
const BURN_RATES: ReadonlyArray<{ factor: number; long: string; short: string; severity: string }> = [
  { factor: 14.4, long: '1h', short: '5m', severity: SEVERITY_PAGE },
  { factor: 6, long: '6h', short: '30m', severity: SEVERITY_PAGE },
  { factor: 3, long: '1d', short: '2h', severity: SEVERITY_TICKET },
  { factor: 1, long: '3d', short: '6h', severity: SEVERITY_TICKET },
];
/** Every window an alert reads, shortest first. */
const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** One rule of a Prometheus rule file: a recording rule (`record`) or an alerting rule (`alert`). */
export interface PrometheusRule {
  /**
   * Name of the series a recording rule writes.
   * @default - none: an alerting rule
   */
  readonly record?: string;
  /**
   * Name of the alert.
   * @default - none: a recording rule
   */
  readonly alert?: string;
  /** The PromQL expression. */
  readonly expr: string;
  /**
   * How long the expression must hold before the alert fires (`for`).
   * @default - fires at the first evaluation that holds
   */
  readonly forDuration?: string;
  /**
   * Labels added to the series or the alert.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Annotations of the alert (summary, description, runbook_url).
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** A group of a Prometheus rule file, evaluated together at one interval. */
export interface PrometheusRuleGroup {
  /** Name of the group, unique in the file. */
  readonly name: string;
  /**
   * How often the group is evaluated.
   * @default - the evaluator's global interval (1 minute on Amazon Managed Service for Prometheus)
   */
  readonly interval?: string;
  /** The rules, evaluated in order. */
  readonly rules: PrometheusRule[];
}

/**
 * Properties for `ServiceAlertRules`.
 */
export interface ServiceAlertRulesProps {
  /** ID of the Amazon Managed Service for Prometheus workspace that evaluates the rules (`ws-...`). */
  readonly workspaceId: string;
  /** Name of the service: its Deployment, container, HPA and the `service` label of its metrics. */
  readonly serviceName: string;
  /** Namespace it runs in. */
  readonly namespace: string;
  /** The owning team, whose topic the alerts go to (the `team` label). */
  readonly team: string;
  /** The environment (the `environment` label). */
  readonly environmentName: string;
  /**
   * The service-level objective.
   * @default - 99.9 % availability over 30 days
   */
  readonly slo?: ServiceLevelObjective;
  /**
   * Runbook the alerts link to (`runbook_url`); `#<alert>` is appended per alert.
   * @default - none: the alerts carry no runbook link
   */
  readonly runbookUrl?: string;
  /**
   * The service is scaled by a HorizontalPodAutoscaler named after it, so alert when it stays at its maximum.
   * @default true
   */
  readonly autoscaled?: boolean;
}

/** Runtime types of `ServiceAlertRulesProps` (src/private/prop-types.ts). */
const SERVICE_ALERT_RULES_PROPS = propTypes('ServiceAlertRulesProps', {
  workspaceId: required(T.string),
  serviceName: required(T.string),
  namespace: required(T.string),
  team: required(T.string),
  environmentName: required(T.string),
  slo: T.shape('a ServiceLevelObjective', 'an object such as { availability: 99.9 }'),
  runbookUrl: T.string,
  autoscaled: T.boolean,
});

/**
 * The Prometheus rules of one service, in an Amazon Managed Service for Prometheus rule group
 * namespace (`aws_prometheus_rule_group_namespace`, named `<namespace>-<service>`):
 *
 * - recording rules of the error ratio of each SLI (availability, and latency when asked) over
 *   5m to 3d and over the objective's window, and of the error budget left;
 * - four multi-window, multi-burn-rate alerts per SLI (14.4x 1h/5m and 6x 6h/30m page, 3x 1d/2h
 *   and 1x 3d/6h open a ticket);
 * - baseline alerts that need no SLO, after the kubernetes-mixin: crash looping, pods not ready,
 *   pods pending, memory near the limit, HPA at its maximum.
 *
 * Every alert carries `severity`, `team`, `service` and `environment` labels and a `summary`;
 * the platform's alert manager routes it to the team's SNS topic by `team`. The rule file is
 * `ruleFile` (what `promtool check rules` checks), made from `groups`. Both are made when read
 * (Terraform reads the rule file at synthesis), not kept: a program of many services holds their
 * inputs, not their rule files.
 *
 * @see https://github.com/kubernetes-monitoring/kubernetes-mixin
 * @see https://sloth.dev
 */
export class ServiceAlertRules extends Construct {
  /** Availability target in percent. */
  public readonly availability: number;
  /** The objective's window. */
  public readonly window: SloWindow;
  /** The rule group namespace. */
  public readonly ruleGroupNamespace: PrometheusRuleGroupNamespace;
  /** The checked inputs the groups are made from. */
  private readonly spec: RuleSpec;

  public constructor(scope: Construct, id: string, props: ServiceAlertRulesProps) {
    super(scope, id);
    checkProps(this, KIND, props, SERVICE_ALERT_RULES_PROPS);
    const service = requireDnsLabel(this, KIND, 'serviceName', props.serviceName);
    const namespace = requireDnsLabel(this, KIND, 'namespace', props.namespace);
    const slo = props.slo ?? {};
    this.availability = percent(this, 'slo.availability', slo.availability ?? DEFAULT_AVAILABILITY);
    this.window = slo.window ?? SloWindow.DAYS_30;
    if (!Object.values(SloWindow).includes(this.window)) {
      throw propError(this, KIND, 'slo.window', this.window, `is not one of ${Object.values(SloWindow).join(', ')}`, 'use the SloWindow enum');
    }
    if (props.runbookUrl !== undefined && !/^https?:\/\/\S+$/.test(props.runbookUrl)) {
      throw propError(this, KIND, 'runbookUrl', props.runbookUrl, 'is not an http(s) URL', 'give the address of the runbook, e.g. "https://wiki.example.com/runbooks/checkout"');
    }
    const requests = slo.requestsMetric ?? 'http_requests_total';
    const histogram = slo.durationHistogram ?? 'http_request_duration_seconds';
    for (const [prop, name] of [['slo.requestsMetric', requests], ['slo.durationHistogram', histogram]]) {
      if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) {
        throw propError(this, KIND, prop, name, 'is not a Prometheus metric name', 'use letters, digits, "_" and ":", not starting with a digit');
      }
    }
    const errorMatcher = slo.errorMatcher ?? 'code=~"5.."';
    if (!/^[a-zA-Z_][a-zA-Z0-9_]*\s*(=|!=|=~|!~)\s*"[^"]*"$/.test(errorMatcher)) {
      throw propError(this, KIND, 'slo.errorMatcher', errorMatcher, 'is not one Prometheus label matcher', 'write it as label, operator and quoted value, e.g. code=~"5.."');
    }

    const ctx: RuleContext = {
      selector: `namespace="${namespace}",${METRIC_LABEL_SERVICE}="${service}"`,
      service,
      namespace,
      window: this.window,
      labels: {
        [ALERT_LABEL_TEAM]: requireDnsLabel(this, KIND, 'team', props.team),
        [ALERT_LABEL_SERVICE]: service,
        [ALERT_LABEL_ENVIRONMENT]: props.environmentName,
      },
      runbookUrl: props.runbookUrl,
    };
    let latency: RuleSpec['latency'];
    if (slo.latency) {
      const percentile = percent(this, 'slo.latency.percentile', slo.latency.percentile ?? DEFAULT_LATENCY_PERCENTILE);
      const seconds = slo.latency.threshold.toMilliseconds() / 1000;
      if (!(seconds > 0)) {
        throw propError(this, KIND, 'slo.latency.threshold', `${seconds}s`, 'is not a positive duration', 'give a bucket boundary of the duration histogram, e.g. Duration.millis(300)');
      }
      latency = { percentile, le: num(seconds) };
    }
    this.spec = { ctx, requests, histogram, errorMatcher, latency, autoscaled: props.autoscaled ?? true };

    this.ruleGroupNamespace = new PrometheusRuleGroupNamespace(this, 'RuleGroupNamespace', {
      name: `${namespace}-${service}`.slice(0, 64),
      workspaceId: props.workspaceId,
      // Made when Terraform renders the stack (#22: 8 KB of YAML per service, not kept).
      data: Token.asString(new RuleFile(this)),
    });
  }

  /** The rule groups (made on each read). */
  public get groups(): PrometheusRuleGroup[] {
    const { ctx, requests, histogram, errorMatcher, latency, autoscaled } = this.spec;
    const groups: PrometheusRuleGroup[] = [];
    // `or vector(0)`: a service that has served no error yet has no error series, and the ratio
    // would be missing (no budget figure, no dashboard line) instead of 0.
    // The error matcher's label must be on the requests' series at all, or the ratio is a
    // silent 0 (`or vector(0)`): that is what the availability SLI's missing-data ticket checks.
    const errorLabel = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(errorMatcher)![0];
    groups.push(sliGroup(ctx, 'availability', this.availability,
      `(sum(rate(${requests}{${ctx.selector},${errorMatcher}}[$w])) or vector(0)) / sum(rate(${requests}{${ctx.selector}}[$w]))`,
      `${this.availability}% of requests succeed`,
      `absent(${requests}{${ctx.selector},${errorLabel}=~".+"}) and on() sum(rate(${requests}{${ctx.selector}}[1h])) > 0`));
    if (latency) {
      // A bucket `le` the histogram does not have leaves the ratio without a result.
      groups.push(sliGroup(ctx, 'latency', latency.percentile,
        `1 - (sum(rate(${histogram}_bucket{${ctx.selector},le="${latency.le}"}[$w])) / sum(rate(${histogram}_count{${ctx.selector}}[$w])))`,
        `${latency.percentile}% of requests finish within ${latency.le}s`,
        `absent(${SLI_ERROR_RATIO}1h{${ctx.selector},slo="latency"}) and on() sum(rate(${histogram}_count{${ctx.selector}}[1h])) > 0`));
    }
    groups.push(baselineGroup(ctx, autoscaled));
    return groups;
  }

  /** The Prometheus rule file (YAML) the workspace evaluates (made on each read). */
  public get ruleFile(): string {
    return renderRuleFile(this.groups);
  }
}

/**
 * The rule file as a value cdktf resolves at synthesis. Not `Lazy.stringValue()`: cdktf records a
 * stack trace in each lazy value (kilobytes per service under source-map support); this one has none.
 */
class RuleFile implements IResolvable {
  public readonly creationStack: string[] = NO_STACK;

  public constructor(private readonly rules: ServiceAlertRules) {}

  public resolve(context: IResolveContext): string {
    // cdktf resolves every value twice: while preparing the stacks (for the references between
    // them, which a rule file has none of) and for the output. Made once, for the output.
    return context.preparing ? '' : this.rules.ruleFile;
  }

  public toString(): string {
    return Token.asString(this);
  }
}

/** What the rule groups are made from, checked. */
interface RuleSpec {
  readonly ctx: RuleContext;
  readonly requests: string;
  readonly histogram: string;
  readonly errorMatcher: string;
  readonly latency?: { readonly percentile: number; readonly le: string };
  readonly autoscaled: boolean;
}

interface RuleContext {
  readonly selector: string;
  readonly service: string;
  readonly namespace: string;
  readonly window: string;
  readonly labels: { [key: string]: string };
  readonly runbookUrl?: string;
}

/**
 * Recording rules of one SLI, its four burn-rate alerts, and a ticket when the SLI cannot be
 * computed from what the service exposes while it has traffic (`missingExpr`). `$w` in
 * `ratioExpr` is the window.
 */
function sliGroup(ctx: RuleContext, sli: string, target: number, ratioExpr: string, objective: string, missingExpr: string): PrometheusRuleGroup {
  const sliLabels = { namespace: ctx.namespace, [METRIC_LABEL_SERVICE]: ctx.service, slo: sli };
  const sel = `{${ctx.selector},slo="${sli}"}`;
  const budget = num((100 - target) / 100);
  const rules: PrometheusRule[] = SLI_WINDOWS.map((w) => ({
    record: `${SLI_ERROR_RATIO}${w}`,
    expr: ratioExpr.replace(/\$w/g, w),
    labels: sliLabels,
  }));
  rules.push({
    record: `${SLI_ERROR_RATIO}${ctx.window}`,
    expr: `avg_over_time(${SLI_ERROR_RATIO}5m${sel}[${ctx.window}])`,
    labels: sliLabels,
  });
  rules.push({
    record: BUDGET_REMAINING,
    expr: `1 - ${SLI_ERROR_RATIO}${ctx.window}${sel} / ${budget}`,
    labels: sliLabels,
  });
  const alert = `${sli === 'availability' ? 'Availability' : 'Latency'}BudgetBurn`;
  for (const b of BURN_RATES) {
    const threshold = num(b.factor * (100 - target) / 100);
    rules.push({
      alert,
      expr: `${SLI_ERROR_RATIO}${b.long}${sel} > ${threshold} and ${SLI_ERROR_RATIO}${b.short}${sel} > ${threshold}`,
      labels: { ...ctx.labels, [ALERT_LABEL_SEVERITY]: b.severity, slo: sli, long_window: b.long, short_window: b.short },
      annotations: annotations(ctx, alert,
        `${ctx.service} (${ctx.namespace}) burns its ${sli} error budget ${b.factor}x too fast over ${b.long} and ${b.short}`,
        `Objective: ${objective} over ${ctx.window}. At this rate the whole budget is gone in ${budgetDays(ctx.window, b.factor)}.`),
    });
  }
  // A label or latency bucket (`le`) the service does not expose makes the SLI meaningless or
  // absent, and its burn alerts can never fire: say so.
  const missing = `${sli === 'availability' ? 'Availability' : 'Latency'}SliMissing`;
  rules.push({
    alert: missing,
    expr: missingExpr,
    forDuration: '30m',
    labels: { ...ctx.labels, [ALERT_LABEL_SEVERITY]: SEVERITY_TICKET, slo: sli },
    annotations: annotations(ctx, missing,
      `${ctx.service} (${ctx.namespace}) has traffic but no ${sli} SLI`,
      'The SLI cannot be computed from what the service exposes (the error matcher\'s label, or the latency bucket of the threshold): its burn alerts cannot fire.'),
  });
  return { name: `${ctx.service}-slo-${sli}`, rules };
}

/** Alerts that need no SLO, after the kubernetes-mixin's apps alerts. */
function baselineGroup(ctx: RuleContext, autoscaled: boolean): PrometheusRuleGroup {
  // Pods of the Deployment: <deployment>-<replica set hash>-<pod hash>.
  const pods = `namespace="${ctx.namespace}",pod=~"${ctx.service}-[a-z0-9]+-[a-z0-9]+"`;
  const baseline = (alert: string, expr: string, forDuration: string, summary: string, description: string): PrometheusRule => ({
    alert,
    expr,
    forDuration,
    labels: { ...ctx.labels, [ALERT_LABEL_SEVERITY]: SEVERITY_TICKET },
    annotations: annotations(ctx, alert, summary, description),
  });
  const rules = [
    baseline('PodCrashLooping',
      `max by (namespace, pod, container) (max_over_time(kube_pod_container_status_waiting_reason{${pods},reason="CrashLoopBackOff"}[5m])) >= 1`,
      '15m', `A pod of ${ctx.service} (${ctx.namespace}) is crash looping`,
      'Pod {{ $labels.pod }} container {{ $labels.container }} has been in CrashLoopBackOff for 15 minutes.'),
    baseline('PodsNotReady',
      `sum by (namespace, pod) (kube_pod_status_ready{${pods},condition="false"}) > 0`,
      '15m', `A pod of ${ctx.service} (${ctx.namespace}) is not ready`,
      'Pod {{ $labels.pod }} has not been ready for 15 minutes: it gets no traffic.'),
    baseline('PodsPending',
      `sum by (namespace, pod) (kube_pod_status_phase{${pods},phase="Pending"}) > 0`,
      '15m', `A pod of ${ctx.service} (${ctx.namespace}) cannot be scheduled`,
      'Pod {{ $labels.pod }} has been Pending for 15 minutes: no node fits it, or the team quota is spent.'),
    baseline('MemoryNearLimit',
      `max by (namespace, pod) (container_memory_working_set_bytes{${pods},container="${ctx.service}"})`
        + ` / max by (namespace, pod) (kube_pod_container_resource_limits{${pods},container="${ctx.service}",resource="memory"}) > ${MEMORY_NEAR_LIMIT}`,
      '15m', `A pod of ${ctx.service} (${ctx.namespace}) uses over ${MEMORY_NEAR_LIMIT * 100}% of its memory limit`,
      'Pod {{ $labels.pod }} uses {{ $value | humanizePercentage }} of its memory limit: it is about to be OOM-killed.'),
  ];
  if (autoscaled) {
    const hpa = `namespace="${ctx.namespace}",horizontalpodautoscaler="${ctx.service}"`;
    rules.push(baseline('AutoscalerAtMaximum',
      `kube_horizontalpodautoscaler_status_current_replicas{${hpa}} >= kube_horizontalpodautoscaler_spec_max_replicas{${hpa}}`,
      '15m', `${ctx.service} (${ctx.namespace}) has run at its autoscaling maximum for 15 minutes`,
      'The HorizontalPodAutoscaler cannot add pods: raise autoscaling.maxReplicas or find what drives the load.'));
  }
  return { name: `${ctx.service}-baseline`, rules };
}

function annotations(ctx: RuleContext, alert: string, summary: string, description: string): { [key: string]: string } {
  return {
    summary,
    description,
    ...(ctx.runbookUrl ? { runbook_url: `${ctx.runbookUrl}#${alert.toLowerCase()}` } : {}),
  };
}

/** Days until a budget burning at `factor` is spent, e.g. "2.1 days". */
function budgetDays(window: string, factor: number): string {
  const hours = Number(window.replace('d', '')) * 24 / factor;
  return hours < 48 ? `${num(Math.round(hours * 10) / 10)} hours` : `${num(Math.round(hours / 24 * 10) / 10)} days`;
}

/** The rule file in Prometheus's format (`for` is a reserved word in jsii's languages, hence `forDuration`), without YAML anchors. */
function renderRuleFile(groups: PrometheusRuleGroup[]): string {
  return stringifyYaml([{
    groups: groups.map((g) => ({
      name: g.name,
      ...(g.interval ? { interval: g.interval } : {}),
      rules: g.rules.map((r) => ({
        ...(r.record ? { record: r.record } : { alert: r.alert }),
        expr: r.expr,
        ...(r.forDuration ? { for: r.forDuration } : {}),
        // Copies: a labels object shared by several rules would be written as a YAML anchor and aliases.
        ...(r.labels ? { labels: { ...r.labels } } : {}),
        ...(r.annotations ? { annotations: { ...r.annotations } } : {}),
      })),
    })),
  }]);
}

function percent(scope: Construct, prop: string, value: number): number {
  if (!(value > 0 && value < 100)) {
    throw propError(scope, KIND, prop, value, 'must be a percentage over 0 and under 100', 'give the target in percent, e.g. 99.9');
  }
  return value;
}

/** A number without floating-point noise (0.1 * 14.4 is 1.4400000000000002). */
function num(value: number): string {
  return String(Number(value.toPrecision(10)));
}
