import { isPostgres, type Db } from '../../store/database.js';
import { nowIso } from '../clock.js';
import { recordEvents } from '../messages/events.js';
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

/**
 * Moves the part a receipt names to its state and derives the message's status from all of its
 * parts (all delivered: DELIVRD; some: PDLIVRD; …). The message's event and final time are written
 * when its last part becomes final. One transaction; a repeated receipt changes nothing.
 */
const hasHexLetter = (id: string): boolean => /[a-f]/i.test(id);

export async function applySmsReceipt(db: Db, receipt: SmsReceipt): Promise<ReceiptOutcome> {
  return db.transaction().execute(async (trx) => {
    // Two different ids can share a key (decimal `256` and the hex-read value of `100`), so a part
    // the receipt names in its own form wins, and a match across forms (hex submit id, decimal
    // receipt or the reverse) needs a hex letter on one side to be sure the forms differ. Two
    // all-digit ids are compared as written only; a receipt that overtook its submit's recording
    // then waits for it instead of landing on another part.
    const exact = [...(receipt.exactIds ?? [])];
    const keys = [...receipt.smscIdKeys];
    const byExact = exact.length === 0 ? undefined : await trx.selectFrom('smsParts').select(['id', 'messageId', 'status']).where('smscId', 'in', exact).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const receiptHasLetter = exact.length === 0 || exact.some(hasHexLetter);
    const part =
      byExact ??
      (
        await trx
          .selectFrom('smsParts')
          .select(['id', 'messageId', 'status', 'smscId'])
          .where((eb) => eb.or([eb('smscId', 'in', keys), eb('smscIdAlt', 'in', keys)]))
          .orderBy('id', 'desc')
          .limit(10)
          .execute()
      ).find((p) => receiptHasLetter || hasHexLetter(p.smscId));
    if (!part) return { applied: false, reason: 'unknown-id' };
    if (isSmsStatus(part.status) && isFinalSmsStatus(part.status)) return { applied: false, reason: 'already-final' };
    // Receipts of one message's parts arrive together: lock the message so each derives its status
    // from the others' committed part states (PostgreSQL; SQLite runs one writer at a time anyway).
    if (isPostgres(trx)) await trx.selectFrom('messages').select('id').where('id', '=', part.messageId).forUpdate().execute();
    const at = nowIso();
    await trx.updateTable('smsParts').set({ status: receipt.status, errorCode: receipt.errorCode, updatedAt: at }).where('id', '=', part.id).execute();
    const parts = await trx.selectFrom('smsParts').select('status').where('messageId', '=', part.messageId).execute();
    const message = await trx.selectFrom('messages').select(['accountId', 'segments', 'status', 'campaignId', 'recipient']).where('id', '=', part.messageId).executeTakeFirstOrThrow();
    const statuses = parts.map((p) => (isSmsStatus(p.status) ? p.status : 'UNKNOWN'));
    // Parts not yet submitted (a message whose later parts are still to go) keep it pending.
    while (statuses.length < message.segments) statuses.push('ENQUEUD');
    const messageStatus = messageStatusFromParts(statuses);
    if (messageStatus !== message.status) {
      const final = isFinalSmsStatus(messageStatus);
      await trx.updateTable('messages').set({ status: messageStatus, ...(final ? { finishedAt: at } : {}) }).where('id', '=', part.messageId).execute();
      if (final) {
        const delivered = messageStatus === 'DELIVRD' || messageStatus === 'PDLIVRD';
        await recordEvents(trx, [{ accountId: message.accountId, messageId: part.messageId, type: delivered ? 'delivered' : 'failed', at, detail: { status: messageStatus, errorCode: receipt.errorCode, ...smsReportDetail(message) } }]);
      }
    }
    return { applied: true, messageId: part.messageId, messageStatus };
  });
}
