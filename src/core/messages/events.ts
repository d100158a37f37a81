import type { Db } from '../../store/database.js';
import { isMobizonReport } from '../callbacks/mobizon-webhook.js';

/**
 * What can happen to a message. queued: accepted and stored; sent: the next hop took it;
 * deferred: a temporary failure, retried later; failed: a final delivery failure (also a bounce
 * arriving later); delivered: a delivery report said so; open/click/unsubscribe/complaint: the
 * recipient's actions.
 */
export type MessageEventType = 'queued' | 'sent' | 'deferred' | 'failed' | 'delivered' | 'open' | 'click' | 'unsubscribe' | 'complaint';

/** Callback event names (the SendExpert list, which the native callbacks share). */
export type CallbackEventType = 'sent' | 'delivered' | 'open' | 'move' | 'unsubscribe' | 'spam' | 'error' | 'smtp-warning';

export const CALLBACK_EVENT_TYPES: readonly CallbackEventType[] = ['sent', 'delivered', 'open', 'move', 'unsubscribe', 'spam', 'error', 'smtp-warning'];

const CALLBACK_OF: Partial<Record<MessageEventType, CallbackEventType>> = {
  sent: 'sent',
  delivered: 'delivered',
  failed: 'error',
  open: 'open',
  click: 'move',
  unsubscribe: 'unsubscribe',
  complaint: 'spam',
};

export function callbackTypeOf(type: MessageEventType): CallbackEventType | null {
  return CALLBACK_OF[type] ?? null;
}

export type EventDetail = Record<string, string | number | null>;

export interface NewMessageEvent {
  accountId: number;
  messageId: number;
  type: MessageEventType;
  at: string;
  detail: EventDetail;
}

/** The neutral payload kept in the outbox; each callback flavour formats it when it posts. */
export interface CallbackPayload {
  event: CallbackEventType;
  messageId: number;
  at: string;
  detail: EventDetail;
}

const CHUNK = 500;

/**
 * Stores events and, in the same transaction, queues them for every enabled callback of the
 * account that listens to their type: a callback is never lost between the event and its POST.
 */
export async function recordEvents(db: Db, events: readonly NewMessageEvent[]): Promise<void> {
  if (events.length === 0) return;
  for (let i = 0; i < events.length; i += CHUNK) {
    const chunk = events.slice(i, i + CHUNK);
    await db
      .insertInto('messageEvents')
      .values(chunk.map((e) => ({ accountId: e.accountId, messageId: e.messageId, type: e.type, at: e.at, detail: JSON.stringify(e.detail) })))
      .execute();
  }
  const accountIds = [...new Set(events.map((e) => e.accountId))];
  const hooks = await db
    .selectFrom('webhooks')
    .select(['id', 'accountId', 'events', 'flavour'])
    .where('accountId', 'in', accountIds)
    .where('enabled', '=', 1)
    .execute();
  if (hooks.length === 0) return;
  const subscriptions = hooks.map((h) => ({ id: h.id, accountId: h.accountId, flavour: h.flavour, types: new Set(JSON.parse(h.events) as string[]) }));
  const outbox: { webhookId: number; payload: string; createdAt: string }[] = [];
  for (const e of events) {
    const type = callbackTypeOf(e.type);
    if (type === null) continue;
    for (const hook of subscriptions) {
      if (hook.accountId !== e.accountId || !hook.types.has(type)) continue;
      const payload: CallbackPayload = { event: type, messageId: e.messageId, at: e.at, detail: e.detail };
      // A Mobizon webhook reports SMS statuses only; an email's events have no Mobizon form.
      if (hook.flavour === 'mobizon' && !isMobizonReport(payload)) continue;
      outbox.push({ webhookId: hook.id, payload: JSON.stringify(payload), createdAt: e.at });
    }
  }
  for (let i = 0; i < outbox.length; i += CHUNK) {
    await db.insertInto('webhookEvents').values(outbox.slice(i, i + CHUNK)).execute();
  }
}
