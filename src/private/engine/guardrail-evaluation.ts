import {
  GuardrailContext, GuardrailFinding, GuardrailSubject, GuardrailSuppression, Guardrails, IGuardrailRule,
} from '../../guardrails/guardrail';

/*
 * The guardrails' evaluation, one batch of subjects at a time: PlatformApp.synth() hands it each
 * chart's objects as the chart is rendered, so that it need not keep every chart's rendering until
 * the last one is done. Its findings are those of `Guardrails.evaluate()` over all subjects at once.
 */

/**
 * What a rule's check reads of the context and of its subject, declared by the built-in rules
 * (packs.ts) as `_contextUse`: `null` when the check reads no context. A rule that does not declare
 * it (a user's rule) may read anything, and then every subject is kept whole until the end.
 *
 * @internal
 */
export interface RuleContextUse {
  /** The kinds (subject types) the check looks up in the context, each with the part of such a subject's values it reads. */
  readonly contextFacts: { [kind: string]: (values: any) => any };
  /** The part of the checked subject's values it reads. */
  readonly subjectFacts: (values: any) => any;
}

/** A check that waits for the whole context: the subject with the facts its rule reads. */
interface Deferred {
  readonly rule: IGuardrailRule;
  readonly subject: GuardrailSubject;
}

/**
 * Runs rules over subjects given in batches, with the findings of `Guardrails.evaluate()` over all
 * of them together, in the same order (subject by subject, then rule by rule). Checks that read no
 * context run as their subject arrives and the subject is not kept; checks that compare run at
 * `finish()`, against the context the built-in rules need (the subjects of the kinds they compare,
 * reduced to the facts they read), each with its subject reduced the same way. When a rule does not
 * say what it reads (a user's rule), every subject is kept and every check runs at `finish()`,
 * against the full context, as `Guardrails.evaluate()` does.
 *
 * @internal
 */
export class GuardrailEvaluation {
  /** Every subject, kept whole: a rule reads what it likes. */
  private readonly all: GuardrailSubject[] | undefined;
  /** Kinds the comparing rules look up, each with the part kept (undefined: kept whole). */
  private readonly contextKinds = new Map<string, ((values: any) => any) | undefined>();
  private readonly context: GuardrailSubject[] = [];
  /** Findings and waiting checks, in the order of `Guardrails.evaluate()`. */
  private readonly results: Array<GuardrailFinding | Deferred> = [];
  private readonly rulesFor = new Map<string, IGuardrailRule[]>();

  public constructor(private readonly rules: IGuardrailRule[], private readonly suppressions: GuardrailSuppression[]) {
    const uses = rules.map(contextUseOf);
    this.all = uses.some((u) => u === undefined) ? [] : undefined;
    for (const use of uses) {
      for (const [kind, facts] of Object.entries(use?.contextFacts ?? {})) {
        // A kind two rules compare is kept whole: each reads its own part.
        this.contextKinds.set(kind, this.contextKinds.has(kind) ? undefined : facts);
      }
    }
  }

  /** Checks a batch of subjects (the next ones in order). */
  public add(subjects: GuardrailSubject[]): this {
    if (this.all) {
      this.all.push(...subjects);
      return this;
    }
    const none: GuardrailContext = { subjects: [] };
    for (const subject of subjects) {
      if (this.contextKinds.has(subject.type)) {
        const facts = this.contextKinds.get(subject.type);
        this.context.push(facts ? { ...subject, values: facts(subject.values) } : subject);
      }
      for (const rule of this.applicable(subject)) {
        const use = contextUseOf(rule);
        if (use) {
          this.results.push({ rule, subject: { ...subject, values: use.subjectFacts(subject.values) } });
        } else if (!rule.check(subject, none)) {
          this.results.push(this.finding(rule, subject));
        }
      }
    }
    return this;
  }

  /** Runs the checks that compare, and returns every finding. */
  public finish(): GuardrailFinding[] {
    if (this.all) {
      return Guardrails.evaluate(this.rules, this.all, this.suppressions);
    }
    const context: GuardrailContext = { subjects: this.context };
    return this.results.flatMap((r) => {
      if (!('rule' in r)) {
        return [r];
      }
      return r.rule.check(r.subject, context) ? [] : [this.finding(r.rule, r.subject)];
    });
  }

  private applicable(subject: GuardrailSubject): IGuardrailRule[] {
    const key = `${subject.target}|${subject.type}`;
    let applicable = this.rulesFor.get(key);
    if (!applicable) {
      applicable = this.rules.filter((rule) => rule.target === subject.target && rule.types.includes(subject.type));
      this.rulesFor.set(key, applicable);
    }
    return applicable;
  }

  private finding(rule: IGuardrailRule, subject: GuardrailSubject): GuardrailFinding {
    return Guardrails._finding(rule, subject, this.suppressions);
  }

}

/** A rule's declared use of the context: null for none, undefined when it does not say. */
function contextUseOf(rule: IGuardrailRule): RuleContextUse | null | undefined {
  return (rule as { _contextUse?: RuleContextUse | null })._contextUse;
}
