export { GuardrailSeverity, GuardrailTarget, Guardrails } from './guardrail';
export type { GuardrailContext, GuardrailFinding, GuardrailSubject, GuardrailSuppression, IGuardrailRule } from './guardrail';
export { GuardrailPacks } from './packs';
