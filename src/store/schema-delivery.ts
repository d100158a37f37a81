import type { Generated } from 'kysely';

/*
 * Row types of the delivery pipeline and what surrounds it (migration 0004 onwards): messages,
 * their content, events and daily rollups, suppression, senders, DKIM keys, templates, callbacks
 * and billing. Conventions as in ../schema.ts.
 */

/** A message: the unit of work of the delivery pipeline (see src/delivery). */
export interface MessageTable {
  id: Generated<number>;
  accountId: number;
  channel: string;
  /** The face it came through: native, sendexpert, smartfocus. */
  source: string;
  /** User-visible status: WAIT, SENDING, SENT, UNSUBSCRIBE, SPAM or an ERROR_* code. */
  status: string;
  /** Next time a dispatcher may take it (schedule, retry, or lease end); NULL when final. */
  dueAt: string | null;
  attempts: Generated<number>;
  claimedBy: string | null;
  giveUpAt: string;
  recipient: string;
  sender: string;
  senderName: Generated<string>;
  subject: Generated<string>;
  /** The day (account time zone) whose statistics count this message. */
  statDay: string;
  trackOpens: Generated<number>;
  trackClicks: Generated<number>;
  unsubscribeFormId: number | null;
  templateId: number | null;
  externalRef: string | null;
  response: string | null;
  createdAt: string;
  scheduledAt: string | null;
  sentAt: string | null;
  finishedAt: string | null;
  firstViewAt: string | null;
  lastViewAt: string | null;
  lastMoveAt: string | null;
  views: Generated<number>;
  moves: Generated<number>;
  lastIp: string | null;
  lastOs: string | null;
  lastDevice: string | null;
  reason: string | null;
  /** SMS (migration 0008): the campaign, parts sent, cost, destination. */
  campaignId: number | null;
  segments: Generated<number>;
  costMicros: Generated<number>;
  country: string | null;
  operator: string | null;
  /** The contact an SMS campaign recipient came from (migration 0009). */
  contactId: number | null;
}

export interface MessageContentTable {
  messageId: number;
  html: string | null;
  text: string | null;
  /** JSON object of extra headers. */
  headers: Generated<string>;
  /** JSON array of { name, contentType, base64 }. */
  attachments: Generated<string>;
}

export interface MessageEventTable {
  id: Generated<number>;
  accountId: number;
  messageId: number;
  type: string;
  at: string;
  /** JSON detail of the event. */
  detail: Generated<string>;
}

export interface DailyStatsTable {
  accountId: number;
  channel: string;
  day: string;
  total: Generated<number>;
  sending: Generated<number>;
  sent: Generated<number>;
  view: Generated<number>;
  move: Generated<number>;
  spam: Generated<number>;
  unsubscribe: Generated<number>;
  errorEmailIsFull: Generated<number>;
  errorEmailNotExist: Generated<number>;
  errorUnavailable: Generated<number>;
  errorIsSpam: Generated<number>;
  errorDomainNotEmail: Generated<number>;
  errorMailRefuse: Generated<number>;
  errorDelivery: Generated<number>;
}

export interface SuppressionTable {
  accountId: number;
  addressKey: string;
  reason: string;
  messageId: number | null;
  createdAt: string;
}

export interface UnsubscribeFormTable {
  id: Generated<number>;
  accountId: number;
  name: string;
  title: string;
  question: Generated<string>;
  /** JSON array of reason choices. */
  reasons: Generated<string>;
  createdAt: string;
}

export interface SenderTable {
  id: Generated<number>;
  accountId: number;
  email: string;
  emailKey: string;
  verifyTokenHash: string | null;
  verifiedAt: string | null;
  createdAt: string;
}

export interface DkimKeyTable {
  id: Generated<number>;
  accountId: number;
  domain: string;
  selector: string;
  privateKeyEnc: string;
  publicKey: string;
  createdAt: string;
}

export interface TemplateTable {
  id: Generated<number>;
  accountId: number;
  /** liquid (native) or emv (SmartFocus notification). */
  kind: string;
  name: string;
  subject: Generated<string>;
  sender: Generated<string>;
  senderName: Generated<string>;
  html: string | null;
  text: string | null;
  trackClicks: Generated<number>;
  random: string | null;
  encrypt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookTable {
  id: Generated<number>;
  accountId: number;
  /** native (Standard Webhooks) or sendexpert (MD5 checksum). */
  flavour: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  secretEnc: string;
  enabled: Generated<number>;
  consecutiveFailures: Generated<number>;
  disabledReason: string | null;
  errorThreshold: number | null;
  /** The last day (account time zone) an smtp-warning was queued; one per day. */
  lastWarningDay: string | null;
  createdAt: string;
}

export interface WebhookEventTable {
  id: Generated<number>;
  webhookId: number;
  payload: string;
  createdAt: string;
  deliveryId: number | null;
}

export interface WebhookDeliveryTable {
  id: Generated<number>;
  webhookId: number;
  /** pending, delivered, failed */
  status: string;
  attempts: Generated<number>;
  dueAt: string | null;
  events: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface AccountBillingTable {
  accountId: number;
  currency: string;
  balanceMicros: Generated<number>;
  packageName: string | null;
  mailsTotal: Generated<number>;
  mailsLeft: Generated<number>;
  periodDays: Generated<number>;
  packageEndsAt: string | null;
  packagePriceMicros: Generated<number>;
  extraMailPriceMicros: Generated<number>;
}

/** One change of an account's money; see migration 0011. */
export interface BillingLedgerTable {
  id: Generated<number>;
  accountId: number;
  at: string;
  actor: string;
  kind: string;
  amountMicros: number;
  balanceAfterMicros: number;
  packageMails: Generated<number>;
  reason: Generated<string>;
}
