import type { Selectable } from 'kysely';
import type { AccountScope } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { refundAmount } from '../../billing/charges.js';
import type { SmsCampaignTable } from '../../../store/schema-sms.js';
import type { Db } from '../../../store/database.js';
import { chooseSender } from '../sender-choice.js';
import { prepareCampaignLinks } from '../links/campaign-links.js';
import { validateCampaignInput, type CampaignInput } from './campaign-input.js';
import { campaignCounters, type CampaignCounters } from './counters.js';
import { CampaignStateError } from './errors.js';

export type CampaignRow = Selectable<SmsCampaignTable>;
/** A campaign with its counters (frozen ones, once DONE, replace the stored JSON). */
export type Campaign = Omit<CampaignRow, 'counters'> & { counters: CampaignCounters };

/** A deferred campaign can be deleted until five minutes before its start (Mobizon Delete). */
export const DELETE_BEFORE_START_MS = 5 * 60_000;
/** Statuses before sending starts; DEFERRED counts only while its start is far enough away. */
const NOT_STARTED = ['NEW', 'MODERATION', 'DECLINED', 'READY_FOR_SEND', 'AUTO_READY_FOR_SEND', 'DEFERRED'];

/**
 * Creates a campaign in status NEW (Mobizon campaign/create). Its text is final from here: with
 * shortenLinks its URLs become the account's short links, so recipients added later are priced on
 * the text they will receive.
 */
export async function createCampaign(scope: AccountScope, input: CampaignInput, options: { source: string; publicUrl: string; now?: Date }): Promise<number> {
  const now = options.now ?? new Date();
  const valid = validateCampaignInput(input, now);
  return scope.db.transaction().execute(async (trx) => {
    const sender = await chooseSender({ db: trx, accountId: scope.accountId }, valid.from);
    const created = await trx
      .insertInto('smsCampaigns')
      .values({
        accountId: scope.accountId,
        name: valid.name,
        type: valid.type,
        text: valid.text,
        sender,
        rateLimit: valid.rateLimit,
        ratePeriod: valid.ratePeriod,
        deferredTo: valid.deferredTo?.toISOString() ?? null,
        validityMinutes: valid.validityMinutes,
        flash: valid.mclass === 0 ? 1 : 0,
        mclass: valid.mclass,
        shortenLinks: valid.shortenLinks ? 1 : 0,
        trackShortLinkRecipients: valid.trackShortLinkRecipients ? 1 : 0,
        status: 'NEW',
        source: options.source,
        createdAt: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (valid.shortenLinks) {
      const prepared = await prepareCampaignLinks(trx, { accountId: scope.accountId, campaignId: created.id, text: valid.text, publicUrl: options.publicUrl, shorten: true });
      if (prepared.text !== valid.text) await trx.updateTable('smsCampaigns').set({ text: prepared.text }).where('id', '=', created.id).execute();
    }
    return created.id;
  });
}

/** The account's campaign row (not deleted), or NotFoundError. */
export async function campaignRow(scope: AccountScope, campaignId: number): Promise<CampaignRow> {
  const row = await scope.db.selectFrom('smsCampaigns').selectAll().where('id', '=', campaignId).where('accountId', '=', scope.accountId).where('deleted', '=', 0).executeTakeFirst();
  if (!row) throw new NotFoundError('campaign', campaignId);
  return row;
}

export async function withCounters(scope: AccountScope, rows: readonly CampaignRow[], now = new Date()): Promise<Campaign[]> {
  const counters = await campaignCounters(scope.db, rows, now);
  return rows.map((row) => ({ ...row, counters: counters.get(row.id)! }));
}

export async function getCampaign(scope: AccountScope, campaignId: number, now = new Date()): Promise<Campaign> {
  const [campaign] = await withCounters(scope, [await campaignRow(scope, campaignId)], now);
  return campaign!;
}

/** Whether a campaign in this state may still be deleted. */
export function canDelete(row: Pick<CampaignRow, 'status' | 'startSendAt' | 'deferredTo'>, now: Date): boolean {
  if (!NOT_STARTED.includes(row.status)) return false;
  if (row.status !== 'DEFERRED') return true;
  const start = Date.parse(row.startSendAt ?? row.deferredTo ?? '');
  return Number.isFinite(start) && start - now.getTime() >= DELETE_BEFORE_START_MS;
}

/**
 * Deletes a campaign that has not started (Mobizon Delete): its messages go, and what sending it
 * had charged comes back to the balance. One conditional update decides, so a dispatcher cannot
 * start it meanwhile.
 */
export async function deleteCampaign(scope: AccountScope, campaignId: number, now = new Date()): Promise<void> {
  await scope.db.transaction().execute(async (trx) => {
    const row = await campaignRow({ db: trx, accountId: scope.accountId }, campaignId);
    if (!canDelete(row, now)) throw new CampaignStateError(`campaign ${campaignId} is ${row.status} and can no longer be deleted`);
    const marked = await trx.updateTable('smsCampaigns').set({ deleted: 1 }).where('id', '=', campaignId).where('status', '=', row.status).where('deleted', '=', 0).executeTakeFirst();
    if (Number(marked.numUpdatedRows) !== 1) throw new CampaignStateError(`campaign ${campaignId} changed while being deleted`);
    if (row.sendRequestedAt !== null && row.status !== 'DECLINED') {
      const charged = await trx.selectFrom('messages').select((eb) => eb.fn.sum<number>('costMicros').as('total')).where('campaignId', '=', campaignId).executeTakeFirst();
      await refundAmount(trx, scope.accountId, Number(charged?.total ?? 0), `SMS campaign ${campaignId} deleted`);
    }
    await deleteCampaignMessages(trx, campaignId);
  });
}

/** A campaign's messages, with the per-recipient short link codes that point at them. */
export async function deleteCampaignMessages(db: Db, campaignId: number): Promise<void> {
  await db.deleteFrom('shortLinkRecipients').where('messageId', 'in', (eb) => eb.selectFrom('messages').select('id').where('campaignId', '=', campaignId)).execute();
  await db.deleteFrom('messages').where('campaignId', '=', campaignId).execute();
}
