import type { AccountScope } from '../context.js';
import type { Db } from '../../store/database.js';
import type { NewMessageRow } from '../../store/schema.js';
import { emailKey } from '../audience/email-address.js';
import { IssueList } from '../errors.js';
import { chargeMails } from '../billing/charges.js';
import { verifiedSenderKeys } from '../senders/senders.js';
import { suppressedAmong } from '../suppression/suppressions.js';
import { StatsDelta } from '../stats/daily-stats.js';
import { dayInTimeZone } from '../stats/stat-day.js';
import { recordEvents, type NewMessageEvent } from './events.js';
import { attachmentsSize, checkEmail, MAX_ATTACHMENT_BYTES, type EmailToSend } from './email-input.js';
import { SendRefusedError } from './refusal.js';
import { signalMessagesQueued } from './wake.js';

export type MessageSource = 'native' | 'sendexpert' | 'smartfocus' | 'system';

export interface AcceptOptions {
  source: MessageSource;
  /** System mail (sender verification) comes from Herald itself, not from an account's sender. */
  skipSenderCheck?: boolean;
  maxAttachmentBytes?: number;
}

const CHUNK = 200;

async function accountSettings(db: Db, accountId: number): Promise<{ timeZone: string; retryHours: number }> {
  return db.selectFrom('accounts').select(['timeZone', 'retryHours']).where('id', '=', accountId).executeTakeFirstOrThrow();
}

async function checkUnsubscribeForms(db: Db, accountId: number, inputs: readonly EmailToSend[]): Promise<void> {
  const ids = [...new Set(inputs.map((m) => m.unsubscribeFormId).filter((id): id is number => typeof id === 'number'))];
  if (ids.length === 0) return;
  const rows = await db.selectFrom('unsubscribeForms').select('id').where('accountId', '=', accountId).where('id', 'in', ids).execute();
  const known = new Set(rows.map((r) => r.id));
  const index = inputs.findIndex((m) => typeof m.unsubscribeFormId === 'number' && !known.has(m.unsubscribeFormId));
  if (index >= 0) throw new SendRefusedError('unsubscribe_form_not_found', `Unsubscribe form ${inputs[index]?.unsubscribeFormId} does not exist`, index);
}

/**
 * Accepts emails: validates every one, checks senders, suppression, forms and money, then stores
 * them (row, content, queued event, statistics, charge) in one transaction. When this returns the
 * messages are durable; a batch is accepted whole or not at all.
 */
export async function acceptEmails(scope: AccountScope, inputs: readonly EmailToSend[], options: AcceptOptions): Promise<number[]> {
  checkInputs(inputs, options);
  const now = new Date();
  const ids: number[] = [];
  await scope.db.transaction().execute(async (trx) => {
    await refuseUnsendable(trx, scope.accountId, inputs, options);
    // Herald's own mail (sender verification) is not the account's sending: never charged.
    if (options.source !== 'system') await chargeMails(trx, scope.accountId, inputs.length, now);

    const settings = await accountSettings(trx, scope.accountId);
    const batch: BatchFacts = {
      accountId: scope.accountId,
      source: options.source,
      now,
      nowText: now.toISOString(),
      statDay: dayInTimeZone(now, settings.timeZone),
      retryHours: settings.retryHours,
      giveUpAt: new Date(now.getTime() + settings.retryHours * 3600_000).toISOString(),
    };
    for (let start = 0; start < inputs.length; start += CHUNK) ids.push(...(await storeChunk(trx, batch, inputs.slice(start, start + CHUNK))));
    const stats = new StatsDelta();
    stats.add(scope.accountId, 'email', batch.statDay, 'total', inputs.length);
    stats.add(scope.accountId, 'email', batch.statDay, 'sending', inputs.length);
    await stats.apply(trx);
  });
  signalMessagesQueued();
  return ids;
}

/** The checks that need no database: every field, then the attachments' total size. */
function checkInputs(inputs: readonly EmailToSend[], options: AcceptOptions): void {
  const issues = new IssueList();
  const prefix = (i: number): string => (inputs.length > 1 ? `messages[${i}].` : '');
  inputs.forEach((m, i) => checkEmail(m, prefix(i), issues));
  issues.throwIfAny();
  const maxBytes = options.maxAttachmentBytes ?? MAX_ATTACHMENT_BYTES;
  const tooLarge = inputs.findIndex((m) => attachmentsSize(m) > maxBytes);
  if (tooLarge >= 0) throw new SendRefusedError('attachments_too_large', `Attachments exceed ${maxBytes} bytes`, tooLarge);
}

/** Refuses the batch for the first message from an unverified sender, to a suppressed address, or naming an unknown form. */
async function refuseUnsendable(trx: Db, accountId: number, inputs: readonly EmailToSend[], options: AcceptOptions): Promise<void> {
  if (!options.skipSenderCheck) {
    const verified = await verifiedSenderKeys(trx, accountId, inputs.map((m) => m.from.trim()));
    const index = inputs.findIndex((m) => !verified.has(emailKey(m.from)));
    if (index >= 0) throw new SendRefusedError('sender_not_verified', `Sender ${inputs[index]?.from} is not a verified sender of this account`, index);
  }
  const suppressed = await suppressedAmong(trx, accountId, inputs.map((m) => m.to.trim()));
  const refusedIndex = inputs.findIndex((m) => suppressed.has(emailKey(m.to)));
  if (refusedIndex >= 0) throw new SendRefusedError('recipient_suppressed', `${inputs[refusedIndex]?.to} unsubscribed or cannot receive mail from this account`, refusedIndex);
  await checkUnsubscribeForms(trx, accountId, inputs);
}

/** What every message of one accepted batch shares. */
interface BatchFacts {
  accountId: number;
  source: MessageSource;
  now: Date;
  nowText: string;
  statDay: string;
  retryHours: number;
  giveUpAt: string;
}

function messageRow(batch: BatchFacts, m: EmailToSend): NewMessageRow {
  const sendAt = m.sendAt && m.sendAt > batch.now ? m.sendAt.toISOString() : null;
  return {
    accountId: batch.accountId,
    channel: 'email',
    source: batch.source,
    status: 'WAIT',
    dueAt: sendAt ?? batch.nowText,
    // A scheduled message gets its full retry window from its send time.
    giveUpAt: sendAt ? new Date(Date.parse(sendAt) + batch.retryHours * 3600_000).toISOString() : batch.giveUpAt,
    recipient: m.to.trim(),
    sender: m.from.trim(),
    senderName: m.fromName ?? '',
    subject: m.subject,
    statDay: batch.statDay,
    trackOpens: m.trackOpens === false ? 0 : 1,
    trackClicks: m.trackClicks === false ? 0 : 1,
    unsubscribeFormId: m.unsubscribeFormId ?? null,
    templateId: m.templateId ?? null,
    externalRef: m.externalRef ?? null,
    createdAt: batch.nowText,
    scheduledAt: sendAt,
  };
}

/** Stores one chunk's rows, contents and queued events; returns their ids in input order. */
async function storeChunk(trx: Db, batch: BatchFacts, chunk: readonly EmailToSend[]): Promise<number[]> {
  const rows = chunk.map((m) => messageRow(batch, m));
  const inserted = await trx.insertInto('messages').values(rows).returning('id').execute();
  // Ids come from one sequence in VALUES order (and ascend), while RETURNING's order is not
  // promised: sorting restores row order.
  const chunkIds = inserted.map((r) => r.id).sort((a, b) => a - b);
  await trx
    .insertInto('messageContents')
    .values(
      chunk.map((m, i) => ({
        messageId: chunkIds[i] as number,
        html: m.html ?? null,
        text: m.text ?? null,
        headers: JSON.stringify(m.headers ?? {}),
        attachments: JSON.stringify(m.attachments ?? []),
      })),
    )
    .execute();
  const events: NewMessageEvent[] = chunkIds.map((id, i) => ({
    accountId: batch.accountId,
    messageId: id,
    type: 'queued',
    at: batch.nowText,
    detail: { to: chunk[i]?.to.trim() ?? '', scheduledAt: rows[i]?.scheduledAt ?? null },
  }));
  await recordEvents(trx, events);
  return chunkIds;
}
