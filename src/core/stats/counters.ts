import type { EmailErrorStatus } from '../messages/statuses.js';

/** The daily counters, as the daily_stats columns are named in TypeScript. */
export type StatCounter =
  | 'total'
  | 'sending'
  | 'sent'
  | 'view'
  | 'move'
  | 'spam'
  | 'unsubscribe'
  | 'errorEmailIsFull'
  | 'errorEmailNotExist'
  | 'errorUnavailable'
  | 'errorIsSpam'
  | 'errorDomainNotEmail'
  | 'errorMailRefuse'
  | 'errorDelivery';

export const STAT_COUNTERS: readonly StatCounter[] = [
  'total',
  'sending',
  'sent',
  'view',
  'move',
  'spam',
  'unsubscribe',
  'errorEmailIsFull',
  'errorEmailNotExist',
  'errorUnavailable',
  'errorIsSpam',
  'errorDomainNotEmail',
  'errorMailRefuse',
  'errorDelivery',
];

const ERROR_COUNTERS: Record<EmailErrorStatus, StatCounter> = {
  ERROR_EMAIL_NOT_EXIST: 'errorEmailNotExist',
  ERROR_EMAIL_IS_FULL: 'errorEmailIsFull',
  ERROR_UNAVAILABLE: 'errorUnavailable',
  ERROR_IS_SPAM: 'errorIsSpam',
  ERROR_DOMAIN_NOT_EMAIL: 'errorDomainNotEmail',
  ERROR_MAIL_REFUSE: 'errorMailRefuse',
  ERROR_DELIVERY: 'errorDelivery',
};

export function errorCounter(status: EmailErrorStatus): StatCounter {
  return ERROR_COUNTERS[status];
}

/** The name a counter has on the wire of the stats APIs (TOTAL, ERROR_EMAIL_IS_FULL…). */
export function counterWireName(counter: StatCounter): string {
  return counter.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}
