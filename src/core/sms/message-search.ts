import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { AccountScope } from '../context.js';
import { IssueList } from '../errors.js';

/**
 * Searching an account's SMS (Mobizon message/list, native GET /sms/messages): by campaign and
 * message fields, paged and sorted. Times are instants (ISO); faces parse their own formats.
 */
export interface SmsMessageCriteria {
  campaignIds?: number[];
  /** Sender id, exact. */
  from?: string;
  /** Digits found anywhere in the recipient number (`38097` finds every number holding them). */
  to?: string;
  /** Text, exact. */
  text?: string;
  status?: string;
  /** Contact group ids the campaign's recipients came from (any of them). */
  groups?: number[];
  campaignStatus?: string;
  campaignCreatedFrom?: string;
  campaignCreatedTo?: string;
  campaignSentFrom?: string;
  campaignSentTo?: string;
  sentFrom?: string;
  sentTo?: string;
  statusUpdatedFrom?: string;
  statusUpdatedTo?: string;
}

export const SMS_SORT_FIELDS = ['id', 'campaignId', 'from', 'to', 'text', 'status', 'startSendTs', 'statusUpdateTs', 'segNum'] as const;
export type SmsSortField = (typeof SMS_SORT_FIELDS)[number];

export interface SmsSearchOptions {
  limit: number;
  offset: number;
  sort?: { field: SmsSortField; direction: 'asc' | 'desc' };
}

export interface SmsMessageFound {
  id: number;
  campaignId: number | null;
  segments: number;
  costMicros: number;
  from: string;
  /** E.164 with `+`. */
  to: string;
  text: string;
  status: string;
  /** Comma-separated contact group ids of its campaign. */
  groups: string;
  country: string | null;
  operator: string | null;
  contactId: number | null;
  sentAt: string | null;
  statusUpdatedAt: string;
}

/** Campaign ids taken per search; Mobizon searches the first 100 of a longer list. */
export const MAX_CAMPAIGN_IDS = 100;

/** Rejects criteria that cannot match anything sensible (a bad time range); faces validate formats. */
function checkCriteria(c: SmsMessageCriteria): void {
  const issues = new IssueList();
  const ranges: [string, string | undefined, string | undefined][] = [
    ['campaignCreateTs', c.campaignCreatedFrom, c.campaignCreatedTo],
    ['campaignSentTs', c.campaignSentFrom, c.campaignSentTo],
    ['startSendTs', c.sentFrom, c.sentTo],
    ['statusUpdateTs', c.statusUpdatedFrom, c.statusUpdatedTo],
  ];
  for (const [field, from, to] of ranges) if (from !== undefined && to !== undefined && from > to) issues.add(field, 'invalid', `${field}From is after ${field}To`);
  issues.throwIfAny();
}

// The last status change: the final status's time, else the SMSC's acceptance, else creation.
const statusUpdated = sql<string>`coalesce(messages.finished_at, messages.sent_at, messages.created_at)`;

const SORT_COLUMNS: Record<SmsSortField, RawBuilder<unknown>> = {
  id: sql`messages.id`,
  campaignId: sql`messages.campaign_id`,
  from: sql`messages.sender`,
  to: sql`messages.recipient`,
  text: sql`message_contents.text`,
  status: sql`messages.status`,
  startSendTs: sql`messages.sent_at`,
  statusUpdateTs: statusUpdated,
  segNum: sql`messages.segments`,
};

export async function searchSmsMessages(scope: AccountScope, criteria: SmsMessageCriteria, options: SmsSearchOptions): Promise<{ items: SmsMessageFound[]; total: number }> {
  checkCriteria(criteria);
  const query = matching(accountSms(scope), criteria);
  const sortColumn = SORT_COLUMNS[options.sort?.field ?? 'id'];
  const direction = options.sort?.direction ?? 'desc';

  const [rows, count] = await Promise.all([
    query
      .select([
        'messages.id',
        'messages.campaignId',
        'messages.segments',
        'messages.costMicros',
        'messages.sender',
        'messages.recipient',
        'messages.status',
        'messages.country',
        'messages.operator',
        'messages.contactId',
        'messages.sentAt',
        'messageContents.text',
        'smsCampaigns.groups',
      ])
      .select(statusUpdated.as('statusUpdatedAt'))
      // Ties (same campaign, same status…) in id order, so pages never overlap.
      .orderBy(sortColumn, direction)
      .orderBy('messages.id', direction)
      .limit(options.limit)
      .offset(options.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), items: rows.map(toFound) };
}

/** The account's SMS with their campaigns and texts, before any criterion. */
function accountSms(scope: AccountScope) {
  return scope.db
    .selectFrom('messages')
    .leftJoin('smsCampaigns', 'smsCampaigns.id', 'messages.campaignId')
    .leftJoin('messageContents', 'messageContents.messageId', 'messages.id')
    .where('messages.accountId', '=', scope.accountId)
    .where('messages.channel', '=', 'sms');
}

type SmsQuery = ReturnType<typeof accountSms>;

/** Narrows the query by each criterion given, in a fixed order (so the SQL is the same for the same criteria). */
function matching(base: SmsQuery, c: SmsMessageCriteria): SmsQuery {
  let query = base;
  if (c.campaignIds !== undefined) query = query.where('messages.campaignId', 'in', c.campaignIds.length === 0 ? [-1] : c.campaignIds.slice(0, MAX_CAMPAIGN_IDS));
  if (c.from !== undefined) query = query.where('messages.sender', '=', c.from);
  if (c.to !== undefined) {
    const digits = c.to.replace(/\D/g, '');
    // Digits only, so nothing in the pattern is a LIKE wildcard.
    if (digits !== '') query = query.where(sql<SqlBool>`messages.recipient like ${`%${digits}%`}`);
  }
  if (c.text !== undefined) query = query.where('messageContents.text', '=', c.text);
  if (c.status !== undefined) query = query.where('messages.status', '=', c.status);
  if (c.groups !== undefined && c.groups.length > 0) {
    const groups = c.groups;
    query = query.where((eb) => eb.or(groups.map((g): Expression<SqlBool> => sql<SqlBool>`(',' || sms_campaigns.groups || ',') like ${`%,${g},%`}`)));
  }
  if (c.campaignStatus !== undefined) query = query.where('smsCampaigns.status', '=', c.campaignStatus);
  if (c.campaignCreatedFrom !== undefined) query = query.where('smsCampaigns.createdAt', '>=', c.campaignCreatedFrom);
  if (c.campaignCreatedTo !== undefined) query = query.where('smsCampaigns.createdAt', '<=', c.campaignCreatedTo);
  if (c.campaignSentFrom !== undefined) query = query.where('smsCampaigns.startSendAt', '>=', c.campaignSentFrom);
  if (c.campaignSentTo !== undefined) query = query.where('smsCampaigns.startSendAt', '<=', c.campaignSentTo);
  if (c.sentFrom !== undefined) query = query.where('messages.sentAt', '>=', c.sentFrom);
  if (c.sentTo !== undefined) query = query.where('messages.sentAt', '<=', c.sentTo);
  if (c.statusUpdatedFrom !== undefined) query = query.where(sql<SqlBool>`${statusUpdated} >= ${c.statusUpdatedFrom}`);
  if (c.statusUpdatedTo !== undefined) query = query.where(sql<SqlBool>`${statusUpdated} <= ${c.statusUpdatedTo}`);
  return query;
}

interface FoundRow {
  id: number;
  campaignId: number | null;
  segments: number;
  costMicros: number;
  sender: string;
  recipient: string;
  status: string;
  country: string | null;
  operator: string | null;
  contactId: number | null;
  sentAt: string | null;
  text: string | null;
  groups: string | null;
  statusUpdatedAt: string;
}

function toFound(r: FoundRow): SmsMessageFound {
  return {
    id: Number(r.id),
    campaignId: r.campaignId === null ? null : Number(r.campaignId),
    segments: Number(r.segments),
    costMicros: Number(r.costMicros),
    from: r.sender,
    to: r.recipient,
    text: r.text ?? '',
    status: r.status,
    groups: r.groups ?? '',
    country: r.country,
    operator: r.operator,
    contactId: r.contactId === null ? null : Number(r.contactId),
    sentAt: r.sentAt,
    statusUpdatedAt: r.statusUpdatedAt,
  };
}
