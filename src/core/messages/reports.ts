// Reports about a message that arrive after it was sent: delivery status notifications (RFC 3464)
// from MTAs further down the line, and abuse complaints (ARF, RFC 5965) from mailbox providers.
// Like the recipient's own actions, each report is one transaction over the message row, its event,
// the statistics and the suppression list.
import type { Db } from '../../store/database.js';
import { classifySmtpResult, parseSmtpReply, type SmtpResult } from './smtp-reply.js';
import { StatsDelta } from '../stats/daily-stats.js';
import { errorCounter } from '../stats/counters.js';
import { suppress } from '../suppression/suppressions.js';
import { hasEvent, lockMessage } from './engagement.js';
import { recordEvents } from './events.js';
import { HARD_BOUNCE_STATUSES, type EmailErrorStatus } from './statuses.js';

/** One recipient block of a DSN, as src/delivery/email/bounces/dsn.ts reads it. */
export interface BounceRecipient {
  address: string;
  action: 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded' | null;
  /** Enhanced status code, e.g. `5.1.1`. */
  status: string | null;
  /** Diagnostic-Code text, e.g. `550 5.1.1 <x@y>: User unknown`. */
  diagnostic: string | null;
}

/** What a report did: 'applied' changed or recorded something; 'ignored' says why not. */
export type ReportResult = { result: 'applied'; detail: string } | { result: 'ignored'; reason: string };

/**
 * The SMTP result a DSN recipient block stands for: its Diagnostic-Code when that is an SMTP reply
 * (with the Status code when the reply has no enhanced code of its own), else the Status alone.
 */
export function dsnSmtpResult(recipient: Pick<BounceRecipient, 'status' | 'diagnostic'>): SmtpResult {
  const status = recipient.status;
  const statusClass = status === null ? null : Number(status[0]);
  const diagnostic = recipient.diagnostic?.trim() ?? '';
  const parsed = diagnostic === '' ? null : parseSmtpReply(diagnostic);
  if (parsed !== null) {
    const enhanced = parsed.enhanced ?? (status !== null && String(parsed.code)[0] === status[0] ? status : undefined);
    return enhanced === undefined ? { kind: 'reply', code: parsed.code, text: diagnostic } : { kind: 'reply', code: parsed.code, enhanced, text: diagnostic };
  }
  if (status !== null && statusClass !== null && statusClass >= 2 && statusClass <= 5) {
    // No reply text (a timeout, a local Postfix error): the class of the status code stands for the reply code.
    const text = diagnostic === '' ? status : `${status} ${diagnostic}`;
    return { kind: 'reply', code: statusClass * 100 + (statusClass === 5 ? 50 : 0), enhanced: status, text };
  }
  return { kind: 'local', text: diagnostic === '' ? 'Delivery failed (no status given)' : diagnostic };
}

/** The final status a failed DSN recipient means. */
export function bounceStatus(recipient: Pick<BounceRecipient, 'status' | 'diagnostic'>): { status: EmailErrorStatus; response: string } {
  const outcome = classifySmtpResult(dsnSmtpResult(recipient), true);
  if (outcome.outcome === 'failed') return { status: outcome.status, response: outcome.response };
  // A "failed" action with a success or retry code contradicts itself: count it as a plain delivery error.
  return { status: 'ERROR_DELIVERY', response: outcome.outcome === 'sent' ? outcome.response : outcome.reason };
}

/** The DSN recipient block about this message's recipient (our messages have one recipient each). */
export function recipientFor(recipients: readonly BounceRecipient[], address: string): BounceRecipient | null {
  const key = address.trim().toLowerCase();
  const exact = recipients.find((r) => r.address.trim().toLowerCase() === key);
  if (exact) return exact;
  // Forwarding changes the address the report names; a single block can only be about our recipient.
  if (recipients.length === 1) return recipients[0] ?? null;
  return null;
}

/**
 * Applies a DSN to the message it is about. A failure turns a SENT message into its ERROR_* status
 * (statistics move from SENT to the error; hard bounces are suppressed); 'delivered' and 'delayed'
 * are only recorded as events, the message keeps its status.
 */
export async function applyBounceReport(db: Db, messageId: number, recipients: readonly BounceRecipient[], at = new Date()): Promise<ReportResult> {
  const when = at.toISOString();
  return db.transaction().execute(async (trx): Promise<ReportResult> => {
    const message = await lockMessage(trx, messageId);
    if (!message) return { result: 'ignored', reason: 'no such message' };
    const recipient = recipientFor(recipients, message.recipient);
    if (recipient === null) return { result: 'ignored', reason: 'the report does not name the message recipient' };
    const response = recipient.diagnostic ?? recipient.status ?? '';
    switch (recipient.action) {
      case 'delivered':
      case 'relayed':
      case 'expanded':
        await recordEvents(trx, [{ accountId: message.accountId, messageId, type: 'delivered', at: when, detail: { response, action: recipient.action, source: 'dsn' } }]);
        return { result: 'applied', detail: 'delivered' };
      case 'delayed':
        await recordEvents(trx, [{ accountId: message.accountId, messageId, type: 'deferred', at: when, detail: { response, status: recipient.status, source: 'dsn' } }]);
        return { result: 'applied', detail: 'deferred' };
      case 'failed':
        break;
      default:
        return { result: 'ignored', reason: 'the report has no action' };
    }
    // Only a message that was handed on can bounce later; an ERROR_* message has its status already,
    // and UNSUBSCRIBE / SPAM show the recipient did get it.
    if (message.status !== 'SENT') return { result: 'ignored', reason: `message is ${message.status}` };
    const { status, response: reply } = bounceStatus(recipient);
    await trx.updateTable('messages').set({ status, response: reply }).where('id', '=', messageId).execute();
    await recordEvents(trx, [{ accountId: message.accountId, messageId, type: 'failed', at: when, detail: { status, response: reply, source: 'dsn' } }]);
    const stats = new StatsDelta();
    stats.add(message.accountId, message.channel, message.statDay, 'sent', -1);
    stats.add(message.accountId, message.channel, message.statDay, errorCounter(status));
    await stats.apply(trx);
    if (HARD_BOUNCE_STATUSES.has(status)) await suppress(trx, message.accountId, message.recipient, 'hard_bounce', messageId);
    return { result: 'applied', detail: status };
  });
}

/** Feedback types that are complaints; `not-spam` and `auth-failure` reports are not. */
const COMPLAINT_TYPES = new Set(['abuse', 'fraud', 'virus', 'other']);

/**
 * Applies an abuse complaint: the address is suppressed, a SENT message becomes SPAM and the day's
 * SPAM count grows. Idempotent: a second report about the same message changes nothing.
 */
export async function applyComplaint(db: Db, messageId: number, complaint: { feedbackType: string }, at = new Date()): Promise<ReportResult> {
  const when = at.toISOString();
  const feedbackType = complaint.feedbackType.trim().toLowerCase();
  if (!COMPLAINT_TYPES.has(feedbackType)) return { result: 'ignored', reason: `feedback type ${feedbackType} is not a complaint` };
  return db.transaction().execute(async (trx): Promise<ReportResult> => {
    const message = await lockMessage(trx, messageId);
    if (!message) return { result: 'ignored', reason: 'no such message' };
    if (await hasEvent(trx, messageId, 'complaint')) return { result: 'ignored', reason: 'complaint already recorded' };
    if (message.status === 'SENT') await trx.updateTable('messages').set({ status: 'SPAM' }).where('id', '=', messageId).execute();
    await recordEvents(trx, [{ accountId: message.accountId, messageId, type: 'complaint', at: when, detail: { feedbackType } }]);
    await suppress(trx, message.accountId, message.recipient, 'complaint', messageId);
    const stats = new StatsDelta();
    stats.add(message.accountId, message.channel, message.statDay, 'spam');
    await stats.apply(trx);
    return { result: 'applied', detail: 'SPAM' };
  });
}
