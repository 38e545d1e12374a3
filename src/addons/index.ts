export { ExternalSecretsOperator } from './external-secrets-operator';
export type { ExternalSecretsOperatorProps } from './external-secrets-operator';
export { HelmChartApplication } from './helm-chart-application';
export type { HelmChartApplicationProps } from './helm-chart-application';
export { PlatformAddonProject } from './platform-addon-project';
export type { PlatformAddonProjectProps } from './platform-addon-project';
export type { PlatformAddons } from './platform-addons';
