import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type * as delivery from './schema-delivery.js';
import type * as sms from './schema-sms.js';

export type * from './schema-delivery.js';
export type * from './schema-sms.js';

/**
 * Row types as TypeScript sees them. Columns are snake_case in the database and camelCase here
 * (Kysely's CamelCasePlugin translates). Timestamps are ISO-8601 UTC strings on both dialects so
 * one set of queries serves SQLite and PostgreSQL; booleans are 0/1 integers for the same reason.
 */
export interface AccountTable {
  id: Generated<number>;
  name: string;
  createdAt: string;
  defaultCountry: string | null;
  timeZone: string;
  nativeKeyHash: string;
  smartfocusLogin: string;
  smartfocusPasswordHash: string;
  smartfocusKeyHash: string;
  mobizonKeyHash: string;
  fmAccessKey: string;
  fmSecretEnc: string;
  /** JSON array of IP addresses or CIDR ranges allowed to call the FranchiseMailer face. */
  fmAllowedIps: string;
  sendexpertUserId: number;
  sendexpertKeyEnc: string;
  /** Messages per second this account may send; 0 = unlimited. */
  sendRateLimit: Generated<number>;
  /** How long temporary failures are retried before the message fails. */
  retryHours: Generated<number>;
  /** JSON array of ISO alpha-2 codes SMS may go to; null: every country. */
  smsAllowedCountries: string | null;
  /** 1: SMS campaigns wait for a moderator's approval. */
  smsModeration: Generated<number>;
}

export interface OfficeTable {
  id: Generated<number>;
  accountId: number;
  name: string;
  property: string;
  street: string;
  area: string;
  town: string;
  county: string;
  postCode: string;
  telephone: string;
  fax: string;
  email: string;
  website: string;
  /** Comma separated post code areas / districts / sectors, normalised upper case (`BN,BN14,BN14 8`). */
  postCodeAllocation: string;
  createdAt: string;
  updatedAt: string;
}

export interface UserTable {
  id: Generated<number>;
  accountId: number;
  username: string;
  passwordHash: string;
  firstName: string;
  lastName: string;
  email: string;
  telephone: string;
  jobTitle: string;
  active: number;
  lastLogin: string | null;
  lastPasswordChange: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserOfficeTable {
  accountId: number;
  userId: number;
  officeId: number;
}

export interface CustomFieldTable {
  id: Generated<number>;
  accountId: number;
  name: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}

export type ContactStatus = 'Permitted' | 'Dormant' | 'Excluded';

export interface ContactTable {
  id: Generated<number>;
  accountId: number;
  officeId: number;
  title: string;
  firstName: string;
  middleName: string;
  lastName: string;
  addressee: string;
  /** YYYY-MM-DD or null. */
  dateOfBirth: string | null;
  gender: string | null;
  telephone: string;
  /** E.164; also the SMS number (SmartFocus EMVCELLPHONE). */
  mobile: string;
  fax: string;
  email: string | null;
  /** Lower-cased email: uniqueness and lookups. */
  emailKey: string | null;
  website: string;
  company: string;
  jobTitle: string;
  property: string;
  street: string;
  area: string;
  town: string;
  county: string;
  postCode: string;
  /** ISO-3166 alpha-2 or empty. */
  country: string;
  status: ContactStatus;
  /** Where the contact came from (SmartFocus SOURCE, import name, face). */
  source: string;
  /** SmartFocus DATEJOIN. */
  joinedAt: string;
  /** SmartFocus DATEUNJOIN; non-null while unsubscribed. */
  unsubscribedAt: string | null;
  unsubscribeSource: string | null;
  resubscribedAt: string | null;
  resubscribeSource: string | null;
  /** SmartFocus SMS_DATE_UNJOIN. */
  smsUnsubscribedAt: string | null;
  /** Set when the address hard-bounced (SmartFocus EMVHBQ); such contacts count as invalid. */
  hardBouncedAt: string | null;
  hardBounceReason: string | null;
  createdAt: string;
  updatedAt: string;
  /** The import job that last wrote the contact (in-file duplicate detection); null if none. */
  lastImportId: number | null;
}

export interface ContactCustomValueTable {
  accountId: number;
  contactId: number;
  fieldId: number;
  value: string;
}

/** A group name shared across offices: FranchiseMailer's `common_id`. */
export interface CommonGroupTable {
  id: Generated<number>;
  accountId: number;
  name: string;
  createdAt: string;
}

export interface ContactGroupTable {
  id: Generated<number>;
  accountId: number;
  officeId: number;
  commonId: number;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export interface ContactGroupMemberTable {
  accountId: number;
  groupId: number;
  contactId: number;
}

export interface SsoTokenTable {
  id: Generated<number>;
  accountId: number;
  userId: number;
  tokenHash: string;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
}

export interface UserSessionTable {
  id: Generated<number>;
  accountId: number;
  userId: number;
  tokenHash: string;
  createdAt: string;
  endedAt: string | null;
  /** Null only for rows written before migration 0014 (none remain after it). */
  lastUsedAt: string | null;
}

/** A session token of a token-based face (SmartFocus connect/open). */
export interface ApiTokenTable {
  id: Generated<number>;
  accountId: number;
  kind: string;
  tokenHash: string;
  createdAt: string;
  expiresAt: string;
  closedAt: string | null;
  calls: Generated<number>;
}

/** A SmartFocus Member API job (insert, update, unjoin, rejoin…), reported by getMemberJobStatus. */
export interface MemberJobTable {
  id: Generated<number>;
  accountId: number;
  action: string;
  contactId: number | null;
  email: string | null;
  /** Insert | Processing | Processed | Error */
  status: string;
  error: string | null;
  createdAt: string;
}

export interface ImportJobTable {
  id: Generated<number>;
  accountId: number;
  source: string;
  mode: string;
  status: string;
  fileName: string;
  size: number;
  /** ImportOptions as JSON. */
  options: string;
  /** JSON: sniffed ReadOptions, resolved mapping and header names, fixed at the first start. */
  readPlan: string | null;
  read: Generated<number>;
  inserted: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  rejected: Generated<number>;
  bytesDone: Generated<number>;
  /** Row number (header counted) of the last record whose batch committed. */
  checkpointRecord: Generated<number>;
  /** Sizes of the bad and log files at the last commit: resume truncates back to them. */
  badFileBytes: Generated<number>;
  logFileBytes: Generated<number>;
  error: string | null;
  claimedBy: string | null;
  heartbeatAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Database {
  accounts: AccountTable;
  offices: OfficeTable;
  users: UserTable;
  userOffices: UserOfficeTable;
  customFields: CustomFieldTable;
  contacts: ContactTable;
  contactCustomValues: ContactCustomValueTable;
  commonGroups: CommonGroupTable;
  contactGroups: ContactGroupTable;
  contactGroupMembers: ContactGroupMemberTable;
  ssoTokens: SsoTokenTable;
  userSessions: UserSessionTable;
  apiTokens: ApiTokenTable;
  memberJobs: MemberJobTable;
  importJobs: ImportJobTable;
  messages: delivery.MessageTable;
  messageContents: delivery.MessageContentTable;
  messageEvents: delivery.MessageEventTable;
  dailyStats: delivery.DailyStatsTable;
  suppressions: delivery.SuppressionTable;
  unsubscribeForms: delivery.UnsubscribeFormTable;
  senders: delivery.SenderTable;
  dkimKeys: delivery.DkimKeyTable;
  templates: delivery.TemplateTable;
  webhooks: delivery.WebhookTable;
  webhookEvents: delivery.WebhookEventTable;
  webhookDeliveries: delivery.WebhookDeliveryTable;
  accountBilling: delivery.AccountBillingTable;
  billingLedger: delivery.BillingLedgerTable;
  smsCampaigns: sms.SmsCampaignTable;
  smsParts: sms.SmsPartTable;
  smsPrices: sms.SmsPriceTable;
  exchangeRates: sms.ExchangeRateTable;
  stopList: sms.StopListTable;
  senderIds: sms.SenderIdTable;
  backgroundTasks: sms.BackgroundTaskTable;
  shortLinks: sms.ShortLinkTable;
  shortLinkRecipients: sms.ShortLinkRecipientTable;
  shortLinkHits: sms.ShortLinkHitTable;
}

export type AccountRow = Selectable<AccountTable>;
export type OfficeRow = Selectable<OfficeTable>;
export type UserRow = Selectable<UserTable>;
export type CustomFieldRow = Selectable<CustomFieldTable>;
export type ContactRow = Selectable<ContactTable>;
export type NewContactRow = Insertable<ContactTable>;
export type ContactUpdate = Updateable<ContactTable>;
export type ContactGroupRow = Selectable<ContactGroupTable>;
export type ImportJobRow = Selectable<ImportJobTable>;
export type MessageRow = Selectable<delivery.MessageTable>;
export type NewMessageRow = Insertable<delivery.MessageTable>;
export type TemplateRow = Selectable<delivery.TemplateTable>;
export type WebhookRow = Selectable<delivery.WebhookTable>;
