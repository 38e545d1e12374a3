import { IConstruct } from 'constructs';
import { propError } from './errors';

/** Retention periods CloudWatch Logs accepts, in days. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * A log retention CloudWatch Logs accepts; checked by the construct whose prop it is.
 * @internal
 */
export function requireRetentionDays(scope: IConstruct, kind: string, prop: string, days: number): number {
  if (!RETENTION_DAYS.includes(days)) {
    throw propError(scope, kind, prop, days, 'is not a retention period CloudWatch Logs accepts', `use one of ${RETENTION_DAYS.join(', ')}`);
  }
  return days;
}

/**
 * Alert subscribers whose endpoint matches their protocol (one of `protocols`, the `AlertProtocol`
 * values); checked by the construct whose prop they are, before anything is made.
 * @internal
 */
export function requireAlertSubscriptions(scope: IConstruct, kind: string, prop: string,
  subscriptions: ReadonlyArray<{ readonly protocol: string; readonly endpoint: string }>, protocols: string[]): void {
  for (const s of subscriptions) {
    if (!protocols.includes(s.protocol)) {
      throw propError(scope, kind, `${prop}.protocol`, s.protocol, `is not one of ${protocols.join(', ')}`, 'use the AlertProtocol enum');
    }
    if (s.protocol === 'email' ? !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(s.endpoint)
      : s.protocol === 'https' ? !/^https:\/\/\S+$/.test(s.endpoint) : !/^arn:aws[a-z-]*:(sqs|lambda):/.test(s.endpoint)) {
      throw propError(scope, kind, `${prop}.endpoint`, s.endpoint, `is not a valid ${s.protocol} endpoint`,
        'give an e-mail address, an https:// URL, or an SQS queue or Lambda function ARN, matching the protocol');
    }
  }
}
