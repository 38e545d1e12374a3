import { Duration } from 'cdk8s';

/** The period a service-level objective is measured over. */
export enum SloWindow {
  /** 28 days: four whole weeks, so every window holds the same weekdays. */
  DAYS_28 = '28d',
  /** 30 days, the SRE workbook's example and the usual monthly report. */
  DAYS_30 = '30d',
}

/**
 * A latency objective: `percentile` percent of requests finish within `threshold`
 * (p99 under 300 ms is "99 % of requests within 300 ms").
 */
export interface LatencyObjective {
  /**
   * Requests slower than this are bad. It must be a bucket boundary (`le`) of the service's
   * duration histogram, e.g. 300 ms for the bucket `le="0.3"`.
   */
  readonly threshold: Duration;
  /**
   * Percent of requests that must finish within the threshold, over 0 and under 100.
   * @default 99
   */
  readonly percentile?: number;
}

/**
 * A service-level objective of a `ServiceApp`: what share of requests must succeed (and be fast
 * enough) over a window. It becomes Prometheus recording rules and multi-window, multi-burn-rate
 * alerts (the Google SRE workbook's, as Sloth and Pyrra generate them).
 *
 * The service must expose the Prometheus HTTP metrics the objective reads: a request counter
 * with a status-code label (`http_requests_total{code}`) and, for a latency objective, a duration
 * histogram (`http_request_duration_seconds`). Names are props.
 *
 * @see https://sre.google/workbook/alerting-on-slos/
 */
export interface ServiceLevelObjective {
  /**
   * Percent of requests that must not fail over the window, over 0 and under 100 (e.g. 99.9).
   * @default 99.9
   */
  readonly availability?: number;
  /**
   * A latency objective as well.
   * @default - availability only
   */
  readonly latency?: LatencyObjective;
  /**
   * The window the objective is measured over.
   * @default SloWindow.DAYS_30
   */
  readonly window?: SloWindow;
  /**
   * Counter of requests, with a status-code label.
   * @default 'http_requests_total'
   */
  readonly requestsMetric?: string;
  /**
   * Label matcher that marks a request of `requestsMetric` as failed.
   * @default 'code=~"5.."'
   */
  readonly errorMatcher?: string;
  /**
   * Base name of the request-duration histogram, in seconds (`<name>_bucket`, `<name>_count`).
   * @default 'http_request_duration_seconds'
   */
  readonly durationHistogram?: string;
}
