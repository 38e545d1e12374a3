export * from './guardrail';
export * from './packs';
