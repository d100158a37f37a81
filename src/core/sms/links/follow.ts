/**
 * What happens when someone opens `/s/<code>`: the code names an account link or one recipient's
 * copy of it (trackShortLinkRecipients). Every hit counts a click (on the link and on the
 * recipient's row) and is logged in shortLinkHits for the statistics; only an active, unexpired
 * link also redirects, and counts a redirect. All of it in one transaction, so the counters and
 * the log never disagree.
 */
import type { Db } from '../../../store/database.js';
import { isCodeShaped, isRecipientCode } from './codes.js';
import { safeHttpUrl } from './full-link.js';
import { linkState } from './validity.js';

export type FollowResult = { state: 'active'; url: string } | { state: 'inactive' } | { state: 'expired' };

interface Target {
  linkId: number;
  recipientRowId: number | null;
  messageId: number | null;
  status: number;
  expirationDate: string | null;
  fullLink: string;
  timeZone: string;
}

async function targetOf(db: Db, code: string): Promise<Target | undefined> {
  const link = db
    .selectFrom('shortLinks')
    .innerJoin('accounts', 'accounts.id', 'shortLinks.accountId')
    .select(['shortLinks.id as linkId', 'shortLinks.status', 'shortLinks.expirationDate', 'shortLinks.fullLink', 'accounts.timeZone']);
  if (!isRecipientCode(code)) {
    const row = await link.where('shortLinks.code', '=', code).executeTakeFirst();
    return row ? { ...row, recipientRowId: null, messageId: null } : undefined;
  }
  const row = await link
    .innerJoin('shortLinkRecipients', 'shortLinkRecipients.linkId', 'shortLinks.id')
    .select(['shortLinkRecipients.id as recipientRowId', 'shortLinkRecipients.messageId'])
    .where('shortLinkRecipients.code', '=', code)
    .executeTakeFirst();
  return row;
}

/**
 * Records a hit of `code` and says where to go; null for a code nobody has (nothing recorded).
 * `record: false` (HEAD requests, link scanners) answers the same without counting.
 */
export async function followShortLink(db: Db, code: string, options: { now?: Date; record?: boolean } = {}): Promise<FollowResult | null> {
  if (!isCodeShaped(code)) return null;
  const target = await targetOf(db, code);
  if (!target) return null;
  const now = options.now ?? new Date();
  let state = linkState(target, now, target.timeZone);
  // Stored links are checked on the way in; an unsafe one (older data, direct edits) never redirects.
  if (state === 'active' && safeHttpUrl(target.fullLink) === null) state = 'inactive';
  if (options.record !== false) {
    const redirected = state === 'active' ? 1 : 0;
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('shortLinks')
        .set((eb) => ({ clickCnt: eb('clickCnt', '+', 1), redirectCnt: eb('redirectCnt', '+', redirected) }))
        .where('id', '=', target.linkId)
        .execute();
      if (target.recipientRowId !== null) {
        await trx
          .updateTable('shortLinkRecipients')
          .set((eb) => ({ clickCnt: eb('clickCnt', '+', 1) }))
          .where('id', '=', target.recipientRowId)
          .execute();
      }
      await trx.insertInto('shortLinkHits').values({ linkId: target.linkId, messageId: target.messageId, redirected, at: now.toISOString() }).execute();
    });
  }
  return state === 'active' ? { state, url: target.fullLink } : state === 'expired' ? { state } : { state: 'inactive' };
}
