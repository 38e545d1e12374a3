export { PrometheusWorkspace } from './prometheus-workspace';
export type { PrometheusWorkspaceProps } from './prometheus-workspace';
export { ServiceAlertRules } from './service-alert-rules';
export type { PrometheusRule, PrometheusRuleGroup, ServiceAlertRulesProps } from './service-alert-rules';
export { ServiceDashboard } from './service-dashboard';
export type { ServiceDashboardProps } from './service-dashboard';
export { SloWindow } from './service-level-objective';
export type { LatencyObjective, ServiceLevelObjective } from './service-level-objective';
