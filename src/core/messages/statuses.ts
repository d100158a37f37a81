/**
 * The user-visible statuses of an email, named as the SendExpert face reports them (getStatusMail)
 * and counted by the daily statistics. The pipeline's own bookkeeping (due time, claims) is apart.
 */
export const EMAIL_ERROR_STATUSES = [
  'ERROR_EMAIL_NOT_EXIST',
  'ERROR_EMAIL_IS_FULL',
  'ERROR_UNAVAILABLE',
  'ERROR_IS_SPAM',
  'ERROR_DOMAIN_NOT_EMAIL',
  'ERROR_MAIL_REFUSE',
  'ERROR_DELIVERY',
] as const;
export type EmailErrorStatus = (typeof EMAIL_ERROR_STATUSES)[number];

/** WAIT: accepted, not tried yet; SENDING: being tried or waiting for a retry. */
export type PendingStatus = 'WAIT' | 'SENDING';
/** What became of a delivered message later (the recipient's own actions). */
export type AfterDeliveryStatus = 'UNSUBSCRIBE' | 'SPAM';
export type EmailStatus = PendingStatus | 'SENT' | AfterDeliveryStatus | EmailErrorStatus;

export function isEmailErrorStatus(status: string): status is EmailErrorStatus {
  return (EMAIL_ERROR_STATUSES as readonly string[]).includes(status);
}

export function isPendingStatus(status: string): status is PendingStatus {
  return status === 'WAIT' || status === 'SENDING';
}

/** Failures that say the address cannot receive mail at all: later sends to it are refused. */
export const HARD_BOUNCE_STATUSES: ReadonlySet<EmailErrorStatus> = new Set(['ERROR_EMAIL_NOT_EXIST', 'ERROR_DOMAIN_NOT_EMAIL']);

/**
 * The pipeline's statuses in each channel's own words: waiting for a first try, being tried, and
 * handed over (email: the next hop took it, final; SMS: the SMSC accepted it, receipts to come).
 */
export interface ChannelStatuses {
  waiting: string;
  trying: string;
  handedOver: string;
  /** Whether handing over is the end of the message's delivery (no receipts follow). */
  handedOverIsFinal: boolean;
}

const CHANNEL_STATUSES: Record<string, ChannelStatuses> = {
  email: { waiting: 'WAIT', trying: 'SENDING', handedOver: 'SENT', handedOverIsFinal: true },
  sms: { waiting: 'NEW', trying: 'ENQUEUD', handedOver: 'ACCEPTD', handedOverIsFinal: false },
};

export function channelStatuses(channel: string): ChannelStatuses {
  const statuses = CHANNEL_STATUSES[channel];
  if (!statuses) throw new Error(`unknown channel ${channel}`);
  return statuses;
}
