import { sql } from 'kysely';
import type { AccountScope } from '../../context.js';
import { formatWallClock, parseWallClock } from '../../../wire/wall-clock.js';
import { normaliseNumber } from '../numbers/normalise.js';
import { withCounters, type Campaign } from './campaigns.js';
import { boundedWindow, defaultWindow, type Bound, type Window } from './search-window.js';

/** Statuses a campaign has before it is sent: Mobizon's search-only NOT_YET_SENT. */
export const NOT_YET_SENT = ['NEW', 'MODERATION', 'READY_FOR_SEND', 'AUTO_READY_FOR_SEND', 'DEFERRED'];
export const CAMPAIGN_SORT_FIELDS = ['id', 'name', 'from', 'text', 'status', 'type', 'recipient', 'createTs', 'startSendTs', 'endSendTs', 'counters.totalMsgNum', 'counters.totalCost'] as const;
export type CampaignSortField = (typeof CAMPAIGN_SORT_FIELDS)[number];
export const MAX_IDS = 10;

export interface CampaignQuery {
  ids?: number[];
  recipient?: string;
  from?: string;
  text?: string;
  status?: string;
  type?: number;
  group?: string;
  created?: { from?: Bound; to?: Bound };
  sent?: { from?: Bound; to?: Bound };
  page: number;
  pageSize: number;
  sort?: { field: CampaignSortField; direction: 'asc' | 'desc' };
}

/**
 * Mobizon campaign/list: the account's campaigns matching every criterion given, within the time
 * window rules of search-window.ts (an id search ignores them), paged and sorted.
 */
export async function searchCampaigns(scope: AccountScope, query: CampaignQuery, now = new Date()): Promise<{ items: Campaign[]; total: number }> {
  const account = await scope.db.selectFrom('accounts').select(['timeZone', 'defaultCountry']).where('id', '=', scope.accountId).executeTakeFirstOrThrow();
  const wallClock = (text: string) => parseWallClock(text, account.timeZone);
  let created: Window | null = null;
  let sent: Window | null = null;
  if (!query.ids || query.ids.length === 0) {
    created = boundedWindow(query.created?.from, query.created?.to, wallClock);
    sent = boundedWindow(query.sent?.from, query.sent?.to, wallClock);
    if (created === null && sent === null) created = defaultWindow(now, (at) => formatWallClock(at.toISOString(), account.timeZone).slice(0, 10), wallClock);
  }
  if (created === 'empty' || sent === 'empty') return { items: [], total: 0 };

  let q = scope.db.selectFrom('smsCampaigns').where('accountId', '=', scope.accountId).where('deleted', '=', 0);
  if (query.ids && query.ids.length > 0) q = q.where('id', 'in', query.ids.slice(0, MAX_IDS));
  if (created) q = q.where('createdAt', '>=', created.from.toISOString()).where('createdAt', '<=', created.to.toISOString());
  if (sent) q = q.where('startSendAt', '>=', sent.from.toISOString()).where('startSendAt', '<=', sent.to.toISOString());
  if (query.from) q = q.where('sender', '=', query.from);
  if (query.text) {
    const pattern = `%${query.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`lower(${sql.ref('text')}) like ${pattern} escape '\\'`);
  }
  if (query.type !== undefined) q = q.where('type', '=', query.type);
  if (query.status) q = query.status === 'NOT_YET_SENT' ? q.where('status', 'in', NOT_YET_SENT) : q.where('status', '=', query.status);
  if (query.group) q = q.where((eb) => eb.or([eb('groups', '=', query.group!), eb('groups', 'like', `${query.group},%`), eb('groups', 'like', `%,${query.group}`), eb('groups', 'like', `%,${query.group},%`)]));
  if (query.recipient) {
    const n = normaliseNumber(query.recipient, account.defaultCountry ? { defaultCountry: account.defaultCountry } : {});
    const e164 = n.ok ? n.e164 : `+${query.recipient.replace(/\D/g, '')}`;
    q = q.where(({ exists, selectFrom }) => exists(selectFrom('messages').select('messages.id').whereRef('messages.campaignId', '=', 'smsCampaigns.id').where('messages.recipient', '=', e164)));
  }

  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const direction = query.sort?.direction ?? 'desc';
  let ordered = q.selectAll('smsCampaigns');
  switch (query.sort?.field ?? 'id') {
    case 'counters.totalMsgNum':
      ordered = ordered.orderBy((eb) => eb.selectFrom('messages').select((m) => m.fn.countAll().as('n')).whereRef('messages.campaignId', '=', 'smsCampaigns.id'), direction);
      break;
    case 'counters.totalCost':
      ordered = ordered.orderBy((eb) => eb.selectFrom('messages').select((m) => m.fn.coalesce(m.fn.sum('costMicros'), m.lit(0)).as('c')).whereRef('messages.campaignId', '=', 'smsCampaigns.id'), direction);
      break;
    case 'recipient':
      ordered = ordered.orderBy((eb) => eb.selectFrom('messages').select((m) => m.fn.min('recipient').as('r')).whereRef('messages.campaignId', '=', 'smsCampaigns.id'), direction);
      break;
    default:
      ordered = ordered.orderBy(COLUMN_OF[query.sort?.field ?? 'id'] ?? 'id', direction);
  }
  const rows = await ordered.orderBy('id', direction).limit(query.pageSize).offset(query.page * query.pageSize).execute();
  return { items: await withCounters(scope, rows, now), total };
}

const COLUMN_OF: Partial<Record<CampaignSortField, 'id' | 'name' | 'sender' | 'text' | 'status' | 'type' | 'createdAt' | 'startSendAt' | 'endSendAt'>> = {
  id: 'id',
  name: 'name',
  from: 'sender',
  text: 'text',
  status: 'status',
  type: 'type',
  createTs: 'createdAt',
  startSendTs: 'startSendAt',
  endSendTs: 'endSendAt',
};
