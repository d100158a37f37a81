import type { AccountScope } from '../context.js';
import type { MessageRow } from '../../store/schema.js';
import { NotFoundError } from '../errors.js';
import type { EventDetail, MessageEventType } from './events.js';

/** A message as the account sees it: status, timings, what the recipient did. */
export interface MessageView {
  id: number;
  channel: string;
  source: string;
  status: string;
  to: string;
  from: string;
  fromName: string;
  subject: string;
  attempts: number;
  /** The remote server's last reply (kept for every final status). */
  response: string | null;
  createdAt: string;
  scheduledAt: string | null;
  sentAt: string | null;
  finishedAt: string | null;
  /** Next attempt, while the message is pending. */
  nextAttemptAt: string | null;
  firstViewAt: string | null;
  lastViewAt: string | null;
  lastMoveAt: string | null;
  views: number;
  moves: number;
  lastIp: string | null;
  lastOs: string | null;
  lastDevice: string | null;
  unsubscribeReason: string | null;
}

export interface MessageEventView {
  id: number;
  type: MessageEventType;
  at: string;
  detail: EventDetail;
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    channel: row.channel,
    source: row.source,
    status: row.status,
    to: row.recipient,
    from: row.sender,
    fromName: row.senderName,
    subject: row.subject,
    attempts: row.attempts,
    response: row.response,
    createdAt: row.createdAt,
    scheduledAt: row.scheduledAt,
    sentAt: row.sentAt,
    finishedAt: row.finishedAt,
    nextAttemptAt: row.dueAt,
    firstViewAt: row.firstViewAt,
    lastViewAt: row.lastViewAt,
    lastMoveAt: row.lastMoveAt,
    views: row.views,
    moves: row.moves,
    lastIp: row.lastIp,
    lastOs: row.lastOs,
    lastDevice: row.lastDevice,
    unsubscribeReason: row.reason,
  };
}

export async function getMessage(scope: AccountScope, id: number): Promise<MessageView> {
  const row = await scope.db.selectFrom('messages').selectAll().where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Message', id);
  return toMessageView(row);
}

export async function getMessages(scope: AccountScope, ids: readonly number[]): Promise<MessageView[]> {
  if (ids.length === 0) return [];
  const rows = await scope.db.selectFrom('messages').selectAll().where('accountId', '=', scope.accountId).where('id', 'in', [...ids]).orderBy('id').execute();
  return rows.map(toMessageView);
}

export interface MessageListQuery {
  status?: string;
  channel?: string;
  limit: number;
  offset: number;
}

export async function listMessages(scope: AccountScope, query: MessageListQuery): Promise<{ items: MessageView[]; total: number }> {
  let base = scope.db.selectFrom('messages').where('accountId', '=', scope.accountId);
  if (query.status) base = base.where('status', '=', query.status);
  if (query.channel) base = base.where('channel', '=', query.channel);
  const rows = await base.selectAll().orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute();
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return { items: rows.map(toMessageView), total: Number(count.n) };
}

export async function listMessageEvents(scope: AccountScope, messageId: number): Promise<MessageEventView[]> {
  await getMessage(scope, messageId);
  const rows = await scope.db
    .selectFrom('messageEvents')
    .select(['id', 'type', 'at', 'detail'])
    .where('accountId', '=', scope.accountId)
    .where('messageId', '=', messageId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, type: r.type as MessageEventType, at: r.at, detail: JSON.parse(r.detail) as EventDetail }));
}
