import type { Generated } from 'kysely';

/* Row types of SMS (migration 0008). Conventions as in ./schema.ts. */

export interface SmsCampaignTable {
  id: Generated<number>;
  accountId: number;
  name: Generated<string>;
  /** 1 single, 2 mass, 3 template. */
  type: number;
  text: string;
  sender: Generated<string>;
  rateLimit: Generated<number>;
  ratePeriod: Generated<number>;
  deferredTo: string | null;
  validityMinutes: Generated<number>;
  flash: Generated<number>;
  shortenLinks: Generated<number>;
  trackShortLinkRecipients: Generated<number>;
  status: string;
  moderationComment: Generated<string>;
  source: string;
  deleted: Generated<number>;
  createdAt: string;
  startSendAt: string | null;
  endSendAt: string | null;
  /** 0..3; 0 = flash (migration 0009, as the rest below). */
  mclass: Generated<number>;
  recipientsRejected: Generated<number>;
  /** Lease of the recipients being added: another adder meets Mobizon code 10 until then. */
  addingUntil: string | null;
  /** JSON of the counters frozen when the campaign reached DONE. */
  counters: string | null;
  /** Comma-separated contact group ids recipients came from. */
  groups: Generated<string>;
  sendRequestedAt: string | null;
  moderatedAt: string | null;
  doneAt: string | null;
}

export interface SmsPartTable {
  id: Generated<number>;
  messageId: number;
  partNo: number;
  route: string;
  smscId: string;
  smscIdAlt: string | null;
  status: string;
  errorCode: string | null;
  submittedAt: string;
  updatedAt: string;
}

export interface SmsPriceTable {
  id: Generated<number>;
  country: string;
  operator: Generated<string>;
  priceMicros: number;
}

/** Migration 0012: units of toCurrency per unit of fromCurrency, a decimal as text. */
export interface ExchangeRateTable {
  id: Generated<number>;
  fromCurrency: string;
  toCurrency: string;
  rate: string;
  updatedAt: string;
}

export interface StopListTable {
  id: Generated<number>;
  accountId: number | null;
  number: string;
  createdAt: string;
}

export interface SenderIdTable {
  id: Generated<number>;
  accountId: number;
  name: string;
  isDefault: Generated<number>;
  createdAt: string;
}

/** A long job run in the background (Mobizon taskqueue): status 0 new, 1 running, 2 done, 3 failed. */
export interface BackgroundTaskTable {
  id: Generated<number>;
  accountId: number;
  kind: string;
  campaignId: number | null;
  status: Generated<number>;
  /** 0..100 */
  progress: Generated<number>;
  /** JSON: what the task works on. */
  payload: Generated<string>;
  /** JSON: what it produced (counts, per-recipient codes). */
  result: string | null;
  error: string | null;
  claimedBy: string | null;
  heartbeatAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface ShortLinkTable {
  id: Generated<number>;
  accountId: number;
  campaignId: number | null;
  code: string;
  fullLink: string;
  /** 1 active, 0 inactive. */
  status: Generated<number>;
  /** YYYY-MM-DD (last day the link redirects) or null. */
  expirationDate: string | null;
  comment: Generated<string>;
  clickCnt: Generated<number>;
  redirectCnt: Generated<number>;
  createdAt: string;
  updatedAt: string;
}

export interface ShortLinkRecipientTable {
  id: Generated<number>;
  linkId: number;
  messageId: number;
  code: string;
  clickCnt: Generated<number>;
}

export interface ShortLinkHitTable {
  id: Generated<number>;
  linkId: number;
  messageId: number | null;
  redirected: number;
  at: string;
}
