/**
 * The kind of an environment. It sets the defaults that differ between a production platform and
 * a throw-away preview (NAT gateways, node counts, log retention, deletion protection, quotas, backups).
 * Every default it sets can be overridden by a prop of the construct that uses it.
 */
export enum EnvironmentClass {
  /** Customer-facing: redundant, protected from deletion, longest retention. */
  PRODUCTION = 'production',
  /** Pre-production: production-shaped but smaller and cheaper. */
  STAGING = 'staging',
  /** Shared development: cheapest settings that still behave like the real thing. */
  DEVELOPMENT = 'development',
  /** One pull request: small, short-lived and always destroyable. */
  PREVIEW = 'preview',
}
