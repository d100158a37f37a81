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
