import { IConstruct } from 'constructs';
import { propError } from './errors';
import { requireLogRetentionDays } from './validate';

/**
 * A log retention CloudWatch Logs accepts; checked by the construct whose prop it is.
 * @internal
 */
export function requireRetentionDays(scope: IConstruct, kind: string, prop: string, days: number): number {
  return requireLogRetentionDays(scope, kind, prop, days);
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
