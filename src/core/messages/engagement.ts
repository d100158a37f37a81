// What recipients do with a delivered message: opens (the tracking pixel), clicks (tracked links) and
// unsubscribes. Each action is one transaction that moves the message row, its event (and so its
// callbacks) and the daily statistics together.
//
// Counting rules: VIEW counts messages opened at least once, MOVE messages clicked at least once,
// UNSUBSCRIBE messages unsubscribed from. A click on a message with no recorded open also records
// the view, because the recipient saw the mail even if the client blocked the pixel.
import type { Db } from '../../store/database.js';
import { isPostgres } from '../../store/database.js';
import type { MessageRow } from '../../store/schema.js';
import { describeUserAgent, isMailProxy } from '../tracking/user-agent.js';
import { StatsDelta } from '../stats/daily-stats.js';
import { suppress } from '../suppression/suppressions.js';
import { recordEvents, type EventDetail, type MessageEventType } from './events.js';

/** Who opened or clicked: from the HTTP request. */
export interface Visitor {
  ip: string | null;
  userAgent: string | undefined;
}

export type LockedMessage = Pick<
  MessageRow,
  'id' | 'accountId' | 'channel' | 'status' | 'recipient' | 'statDay' | 'views' | 'moves' | 'firstViewAt' | 'reason'
>;

/**
 * Reads a message for an update, locking its row on PostgreSQL so two concurrent events on one
 * message (a double click, a retried report) see each other's effect. SQLite runs one write
 * transaction at a time, so no lock is needed there.
 */
export async function lockMessage(trx: Db, messageId: number): Promise<LockedMessage | undefined> {
  const query = trx
    .selectFrom('messages')
    .select(['id', 'accountId', 'channel', 'status', 'recipient', 'statDay', 'views', 'moves', 'firstViewAt', 'reason'])
    .where('id', '=', messageId);
  return (isPostgres(trx) ? query.forUpdate() : query).executeTakeFirst();
}

/** Whether the message already has an event of this type (first-time rules). */
export async function hasEvent(trx: Db, messageId: number, type: MessageEventType): Promise<boolean> {
  const row = await trx.selectFrom('messageEvents').select('id').where('messageId', '=', messageId).where('type', '=', type).limit(1).executeTakeFirst();
  return row !== undefined;
}

interface VisitDescription {
  detail: EventDetail;
  /** Columns describing the last visitor; empty for a mail provider's proxy, which says nothing about the recipient. */
  columns: { lastIp?: string | null; lastOs?: string | null; lastDevice?: string | null };
}

function describeVisit(visitor: Visitor): VisitDescription {
  const ua = describeUserAgent(visitor.userAgent);
  const proxy = isMailProxy(visitor.userAgent);
  return {
    detail: { ip: visitor.ip, os: ua.os === '' ? null : ua.os, device: ua.device, browser: ua.browser === '' ? null : ua.browser, proxy: proxy ? 1 : 0 },
    columns: proxy ? {} : { lastIp: visitor.ip, lastOs: ua.os === '' ? null : ua.os, lastDevice: ua.device },
  };
}

/** Records an open. False when the message does not exist (deleted with its account). */
export async function recordOpen(db: Db, messageId: number, visitor: Visitor, at = new Date()): Promise<boolean> {
  const when = at.toISOString();
  const visit = describeVisit(visitor);
  return db.transaction().execute(async (trx) => {
    const message = await lockMessage(trx, messageId);
    if (!message) return false;
    await trx
      .updateTable('messages')
      .set({ views: message.views + 1, firstViewAt: message.firstViewAt ?? when, lastViewAt: when, ...visit.columns })
      .where('id', '=', messageId)
      .execute();
    await recordEvents(trx, [{ accountId: message.accountId, messageId, type: 'open', at: when, detail: visit.detail }]);
    if (message.views === 0) {
      const stats = new StatsDelta();
      stats.add(message.accountId, message.channel, message.statDay, 'view');
      await stats.apply(trx);
    }
    return true;
  });
}

/** Records a click on a tracked link (and the view it implies when no open was seen). */
export async function recordClick(db: Db, messageId: number, click: { url: string; linkIndex: number | null }, visitor: Visitor, at = new Date()): Promise<boolean> {
  const when = at.toISOString();
  const visit = describeVisit(visitor);
  return db.transaction().execute(async (trx) => {
    const message = await lockMessage(trx, messageId);
    if (!message) return false;
    const firstView = message.views === 0;
    await trx
      .updateTable('messages')
      .set({
        moves: message.moves + 1,
        lastMoveAt: when,
        ...(firstView ? { views: 1, firstViewAt: when, lastViewAt: when } : {}),
        ...visit.columns,
      })
      .where('id', '=', messageId)
      .execute();
    await recordEvents(trx, [{ accountId: message.accountId, messageId, type: 'click', at: when, detail: { url: click.url, linkIndex: click.linkIndex, ...visit.detail } }]);
    const stats = new StatsDelta();
    if (firstView) stats.add(message.accountId, message.channel, message.statDay, 'view');
    if (message.moves === 0) stats.add(message.accountId, message.channel, message.statDay, 'move');
    await stats.apply(trx);
    return true;
  });
}

export const UNSUBSCRIBE_REASON_MAX = 500;

export interface UnsubscribeRequest {
  /** The reason chosen on the page; null for one-click (RFC 8058) or no choice. */
  reason: string | null;
  method: 'one-click' | 'page';
  visitor: Visitor;
}

/** 'recorded': first unsubscribe from this message; 'already': nothing new; null: no such message. */
export type UnsubscribeResult = 'recorded' | 'already' | null;

/**
 * Unsubscribes the message's recipient: the address goes on the account's suppression list, the
 * message becomes UNSUBSCRIBE (when it was SENT) and the day's UNSUBSCRIBE count grows. Idempotent:
 * repeating it changes nothing, except that a reason given later (one-click first, then the page)
 * is kept when none was.
 */
export async function recordUnsubscribe(db: Db, messageId: number, request: UnsubscribeRequest, at = new Date()): Promise<UnsubscribeResult> {
  const when = at.toISOString();
  const reason = request.reason === null ? null : request.reason.trim().slice(0, UNSUBSCRIBE_REASON_MAX) || null;
  return db.transaction().execute(async (trx) => {
    const message = await lockMessage(trx, messageId);
    if (!message) return null;
    if (await hasEvent(trx, messageId, 'unsubscribe')) {
      if (reason !== null && message.reason === null) await trx.updateTable('messages').set({ reason }).where('id', '=', messageId).execute();
      return 'already';
    }
    await trx
      .updateTable('messages')
      .set({ ...(message.status === 'SENT' ? { status: 'UNSUBSCRIBE' } : {}), reason })
      .where('id', '=', messageId)
      .execute();
    await recordEvents(trx, [
      { accountId: message.accountId, messageId, type: 'unsubscribe', at: when, detail: { reason, method: request.method, ip: request.visitor.ip } },
    ]);
    await suppress(trx, message.accountId, message.recipient, 'unsubscribe', messageId);
    const stats = new StatsDelta();
    stats.add(message.accountId, message.channel, message.statDay, 'unsubscribe');
    await stats.apply(trx);
    return 'recorded';
  });
}
