import { IConstruct } from 'constructs';
import { EnvironmentClass } from '../core/environment-class';
import { constructError } from '../private/errors';

/** How a finding affects synthesis. */
export enum GuardrailSeverity {
  /** Fails synthesis: nothing is written. */
  ERROR = 'error',
  /** Printed; synthesis goes on. */
  WARNING = 'warning',
}

/** Which output a rule reads. */
export enum GuardrailTarget {
  /** Terraform JSON resources. */
  TERRAFORM = 'terraform',
  /** Kubernetes objects. */
  KUBERNETES = 'kubernetes',
}

/**
 * One synthesized thing a rule looks at: a Terraform resource or a Kubernetes object, as it will
 * be written (after every escape hatch and override).
 */
export interface GuardrailSubject {
  /** Which output. */
  readonly target: GuardrailTarget;
  /** Terraform resource type (`aws_db_instance`) or Kubernetes kind (`Deployment`). */
  readonly type: string;
  /** Terraform address (`aws_db_instance.orders_Instance_1A2B`) or `<Kind> <namespace>/<name>`. */
  readonly address: string;
  /** Construct path of what made it. */
  readonly constructPath: string;
  /** The environment class of its stack (undefined outside a PlatformStack: rules then apply production's bar). */
  readonly environmentClass?: EnvironmentClass;
  /** The resource's arguments or the object's JSON. */
  readonly values: any;
}

/** Everything of one output and one stack (Terraform) or the whole app (Kubernetes), for rules that compare. */
export interface GuardrailContext {
  /** All subjects of the same target and scope. */
  readonly subjects: GuardrailSubject[];
}

/**
 * A guardrail rule. The built-in ones come from `GuardrailPacks`; your own implement this interface
 * and are added with `PlatformApp.addGuardrailRule()`.
 */
export interface IGuardrailRule {
  /** Stable identifier, e.g. `PR-K8S-004`; suppressions name it. */
  readonly id: string;
  /** Error (fails synthesis) or warning. */
  readonly severity: GuardrailSeverity;
  /** Which output it reads. */
  readonly target: GuardrailTarget;
  /** Resource types or kinds it applies to. */
  readonly types: string[];
  /** What it requires, in one sentence. */
  readonly description: string;
  /** How to fix a violation. */
  readonly fix: string;
  /** The standard it implements (a URL). */
  readonly link: string;
  /** True when the subject complies. */
  check(subject: GuardrailSubject, context: GuardrailContext): boolean;
}

/** One rule's verdict on one subject that did not comply. */
export interface GuardrailFinding {
  /** Rule ID. */
  readonly ruleId: string;
  /** Severity. */
  readonly severity: GuardrailSeverity;
  /** Terraform address or Kubernetes object. */
  readonly address: string;
  /** Construct path. */
  readonly constructPath: string;
  /** What is wrong and how to fix it. */
  readonly message: string;
  /** The standard. */
  readonly link: string;
  /** Suppressed by `Guardrails.suppress()`. */
  readonly suppressed: boolean;
  /**
   * The suppression's reason.
   * @default - not suppressed
   */
  readonly reason?: string;
}

/** A recorded suppression. */
export interface GuardrailSuppression {
  /** Rule ID. */
  readonly ruleId: string;
  /** Construct path it covers (and everything below). */
  readonly constructPath: string;
  /** Why the rule does not apply. */
  readonly reason: string;
}

/** The suppressions of each construct tree, by its root. */
const SUPPRESSIONS = new WeakMap<IConstruct, GuardrailSuppression[]>();
/** Shortest accepted reason: a reason must say something. */
const MIN_REASON = 10;

/**
 * Suppressions of guardrail rules: each names the rule, the construct (it and everything below
 * it) and a reason, and is listed in the synth output and the report.
 */
export class Guardrails {
  /**
   * Suppresses a rule for a construct and everything below it.
   *
   * @param scope the construct (a Terraform resource, a ServiceApp, a chart, ...)
   * @param ruleId the rule, e.g. `PR-K8S-004`
   * @param reason why the rule does not apply here (at least 10 characters)
   */
  public static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    if (!/^[A-Z0-9]+(-[A-Z0-9]+)+$/.test(ruleId)) {
      throw constructError(scope, 'Guardrails.suppress', `rule ID '${ruleId}' is not a rule ID`, 'name a rule such as "PR-K8S-004" (see the README rule table)');
    }
    if (!reason || reason.trim().length < MIN_REASON) {
      throw constructError(scope, 'Guardrails.suppress', `the suppression of '${ruleId}' has no reason ('${reason ?? ''}')`,
        `say why the rule does not apply, in at least ${MIN_REASON} characters`);
    }
    Guardrails.suppressionsOf(scope.node.root).push({ ruleId, constructPath: scope.node.path, reason: reason.trim() });
  }

  /** The suppressions recorded in a construct tree. */
  public static suppressionsOf(root: IConstruct): GuardrailSuppression[] {
    let suppressions = SUPPRESSIONS.get(root.node.root);
    if (!suppressions) {
      suppressions = [];
      SUPPRESSIONS.set(root.node.root, suppressions);
    }
    return suppressions;
  }

  /**
   * Runs rules over subjects and applies suppressions.
   *
   * @param rules the rules
   * @param subjects what to check (one target and scope per call)
   * @param suppressions suppressions to apply
   */
  public static evaluate(rules: IGuardrailRule[], subjects: GuardrailSubject[], suppressions: GuardrailSuppression[]): GuardrailFinding[] {
    const findings: GuardrailFinding[] = [];
    const context: GuardrailContext = { subjects };
    const rulesFor = new Map<string, IGuardrailRule[]>();
    for (const subject of subjects) {
      const key = `${subject.target}|${subject.type}`;
      let applicable = rulesFor.get(key);
      if (!applicable) {
        applicable = rules.filter((rule) => rule.target === subject.target && rule.types.includes(subject.type));
        rulesFor.set(key, applicable);
      }
      for (const rule of applicable) {
        if (!rule.check(subject, context)) {
          findings.push(Guardrails._finding(rule, subject, suppressions));
        }
      }
    }
    return findings;
  }

  /**
   * The finding of a rule that a subject did not comply with, suppressed when a suppression of
   * the rule covers the subject's construct path.
   * @internal
   */
  public static _finding(rule: IGuardrailRule, subject: GuardrailSubject, suppressions: GuardrailSuppression[]): GuardrailFinding {
    const suppression = suppressions.find((s) => s.ruleId === rule.id
      && (subject.constructPath === s.constructPath || subject.constructPath.startsWith(`${s.constructPath}/`)));
    return {
      ruleId: rule.id,
      severity: rule.severity,
      address: subject.address,
      constructPath: subject.constructPath,
      message: `${rule.description} Fix: ${rule.fix}`,
      link: rule.link,
      suppressed: suppression !== undefined,
      reason: suppression?.reason,
    };
  }
}
