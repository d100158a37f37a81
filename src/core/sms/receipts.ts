import { isPostgres, type Db } from '../../store/database.js';
import { nowIso } from '../clock.js';
import { recordEvents, type NewMessageEvent } from '../messages/events.js';
import { isFinalSmsStatus, isSmsStatus, messageStatusFromParts, type SmsStatus } from './statuses.js';
import { smsReportDetail } from './report-detail.js';

/** A delivery receipt as the SMS channel hands it over. */
export interface SmsReceipt {
  /** Every form the SMSC's id may have been stored in (see smscIdKeys in the SMPP layer). */
  smscIdKeys: readonly string[];
  /** The receipt's ids in canonical form only (no cross-form keys): matched first. */
  exactIds?: readonly string[];
  status: SmsStatus;
  errorCode: string | null;
}

export type ReceiptOutcome = { applied: true; messageId: number; messageStatus: SmsStatus } | { applied: false; reason: 'unknown-id' | 'already-final' };

interface PartRow {
  id: number;
  messageId: number;
  status: string;
  smscId: string;
  smscIdAlt: string | null;
}

const CHUNK = 400;
const hasHexLetter = (id: string): boolean => /[a-f]/i.test(id);
const newest = (parts: readonly PartRow[]): PartRow | undefined => parts.reduce<PartRow | undefined>((best, p) => (best === undefined || p.id > best.id ? p : best), undefined);

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The part a receipt names among the candidates. Two different ids can share a key (decimal `256`
 * and the hex-read value of `100`), so a part the receipt names in its own form wins, and a match
 * across forms (hex submit id, decimal receipt or the reverse) needs a hex letter on one side to be
 * sure the forms differ. Two all-digit ids are compared as written only: a receipt that overtook
 * its submit's recording then waits for it instead of landing on another part. The newest part
 * wins when an SMSC reused an id.
 */
export function matchPart(receipt: SmsReceipt, bySmscId: ReadonlyMap<string, PartRow[]>, byAlt: ReadonlyMap<string, PartRow[]>): PartRow | undefined {
  const exact = receipt.exactIds ?? [];
  const exactHit = newest(exact.flatMap((id) => bySmscId.get(id) ?? []));
  if (exactHit) return exactHit;
  const receiptHasLetter = exact.length === 0 || exact.some(hasHexLetter);
  const cross = receipt.smscIdKeys.flatMap((k) => [...(bySmscId.get(k) ?? []), ...(byAlt.get(k) ?? [])]);
  return newest(cross.filter((p) => receiptHasLetter || hasHexLetter(p.smscId)));
}

function index(parts: readonly PartRow[], key: (p: PartRow) => string | null): Map<string, PartRow[]> {
  const map = new Map<string, PartRow[]>();
  for (const p of parts) {
    const k = key(p);
    if (k !== null) map.set(k, [...(map.get(k) ?? []), p]);
  }
  return map;
}

/**
 * Applies delivery receipts in one transaction, in their order: each moves the part it names to
 * its state, and each message touched gets the status derived from all of its parts (all
 * delivered: DELIVRD; some: PDLIVRD; …), with its event and final time when it became final. Set
 * statements per group, not per receipt: an SMSC returns receipts as fast as Herald submits, and
 * one transaction per receipt would hold the single SQLite writer (and PostgreSQL's pool) from the
 * dispatcher. A repeated receipt changes nothing.
 */
export async function applySmsReceipts(db: Db, receipts: readonly SmsReceipt[]): Promise<ReceiptOutcome[]> {
  if (receipts.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const keys = [...new Set(receipts.flatMap((r) => [...r.smscIdKeys, ...(r.exactIds ?? [])]))];
    const candidates: PartRow[] = [];
    for (const chunk of chunks(keys)) {
      // No ORDER BY/LIMIT: with them PostgreSQL may walk the primary key backwards instead of the two indexes.
      candidates.push(
        ...(await trx
          .selectFrom('smsParts')
          .select(['id', 'messageId', 'status', 'smscId', 'smscIdAlt'])
          .where((eb) => eb.or([eb('smscId', 'in', chunk), eb('smscIdAlt', 'in', chunk)]))
          .execute()),
      );
    }
    const unique = [...new Map(candidates.map((p) => [p.id, p])).values()];
    const bySmscId = index(unique, (p) => p.smscId);
    const byAlt = index(unique, (p) => p.smscIdAlt);

    const outcomes: (ReceiptOutcome | { messageId: number })[] = [];
    const partUpdates = new Map<number, { status: SmsStatus; errorCode: string | null }>();
    const errorOf = new Map<number, string | null>();
    for (const receipt of receipts) {
      const part = matchPart(receipt, bySmscId, byAlt);
      if (!part) {
        outcomes.push({ applied: false, reason: 'unknown-id' });
        continue;
      }
      if (isSmsStatus(part.status) && isFinalSmsStatus(part.status)) {
        outcomes.push({ applied: false, reason: 'already-final' });
        continue;
      }
      part.status = receipt.status;
      partUpdates.set(part.id, { status: receipt.status, errorCode: receipt.errorCode });
      errorOf.set(part.messageId, receipt.errorCode);
      outcomes.push({ messageId: part.messageId });
    }
    if (partUpdates.size === 0) return outcomes as ReceiptOutcome[];

    const at = nowIso();
    const groups = new Map<string, number[]>();
    for (const [id, u] of partUpdates) {
      const key = JSON.stringify([u.status, u.errorCode]);
      groups.set(key, [...(groups.get(key) ?? []), id]);
    }
    for (const [key, ids] of groups) {
      const [status, errorCode] = JSON.parse(key) as [SmsStatus, string | null];
      for (const chunk of chunks(ids)) await trx.updateTable('smsParts').set({ status, errorCode, updatedAt: at }).where('id', 'in', chunk).execute();
    }

    const messageIds = [...new Set([...errorOf.keys()])].sort((a, b) => a - b);
    const statuses = await deriveMessageStatuses(trx, messageIds, errorOf, at);
    return outcomes.map((o) => ('applied' in o ? o : { applied: true as const, messageId: o.messageId, messageStatus: statuses.get(o.messageId) ?? 'UNKNOWN' }));
  });
}

/** Sets each message's status from its parts', writing events for those that became final. */
async function deriveMessageStatuses(trx: Db, messageIds: readonly number[], errorOf: ReadonlyMap<number, string | null>, at: string): Promise<Map<number, SmsStatus>> {
  const out = new Map<number, SmsStatus>();
  const events: NewMessageEvent[] = [];
  const changes = new Map<string, number[]>();
  for (const ids of chunks(messageIds)) {
    // Receipts of one message's parts may be applied by two processes at once: the message lock
    // makes the second derive its status from the first's committed parts (PostgreSQL; SQLite has
    // one writer). Ids in order, so two such transactions cannot deadlock on the messages.
    if (isPostgres(trx)) await trx.selectFrom('messages').select('id').where('id', 'in', ids).orderBy('id').forUpdate().execute();
    const parts = await trx.selectFrom('smsParts').select(['messageId', 'status']).where('messageId', 'in', ids).execute();
    const messages = await trx.selectFrom('messages').select(['id', 'accountId', 'segments', 'status', 'campaignId', 'recipient']).where('id', 'in', ids).execute();
    const partsOf = new Map<number, SmsStatus[]>();
    for (const p of parts) partsOf.set(p.messageId, [...(partsOf.get(p.messageId) ?? []), isSmsStatus(p.status) ? p.status : 'UNKNOWN']);
    for (const message of messages) {
      const own = partsOf.get(message.id) ?? [];
      // Parts not yet submitted (a message whose later parts are still to go) keep it pending.
      while (own.length < message.segments) own.push('ENQUEUD');
      const status = messageStatusFromParts(own);
      out.set(message.id, status);
      if (status === message.status) continue;
      const final = isFinalSmsStatus(status);
      const key = `${status}|${final ? 1 : 0}`;
      changes.set(key, [...(changes.get(key) ?? []), message.id]);
      if (final) {
        const delivered = status === 'DELIVRD' || status === 'PDLIVRD';
        events.push({ accountId: message.accountId, messageId: message.id, type: delivered ? 'delivered' : 'failed', at, detail: { status, errorCode: errorOf.get(message.id) ?? null, ...smsReportDetail(message) } });
      }
    }
  }
  for (const [key, ids] of changes) {
    const [status, final] = key.split('|') as [SmsStatus, string];
    for (const chunk of chunks(ids)) await trx.updateTable('messages').set({ status, ...(final === '1' ? { finishedAt: at } : {}) }).where('id', 'in', chunk).execute();
  }
  if (events.length > 0) await recordEvents(trx, events);
  return out;
}

/** One receipt in its own transaction (tests and callers with a single receipt). */
export async function applySmsReceipt(db: Db, receipt: SmsReceipt): Promise<ReceiptOutcome> {
  const [outcome] = await applySmsReceipts(db, [receipt]);
  return outcome!;
}
