import type { AccountScope } from '../../context.js';
import type { Db } from '../../../store/database.js';
import { NotFoundError } from '../../errors.js';
import { chargeAmount, refundAmount } from '../../billing/charges.js';
import { SendRefusedError } from '../../messages/refusal.js';
import { campaignRow } from './campaigns.js';
import { CampaignStateError } from './errors.js';
import { signalCampaignsChanged } from './wake.js';

/** Mobizon campaign/send's answer: 1 sent to moderation, 2 sending. */
export type SendOutcome = 1 | 2;

/** Not enough money for a campaign: nothing is sent and the campaign stays NEW. */
export class InsufficientFundsError extends CampaignStateError {
  constructor(readonly costMicros: number, readonly balanceMicros: number) {
    super(`Not enough money on the balance: the campaign costs ${formatMoney(costMicros)}, the balance is ${formatMoney(balanceMicros)}`);
    this.name = 'InsufficientFundsError';
  }
}

const formatMoney = (micros: number): string => (micros / 1e6).toFixed(4);

async function campaignCost(db: Db, campaignId: number): Promise<{ messages: number; costMicros: number }> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => [eb.fn.countAll<number>().as('messages'), eb.fn.sum<number>('costMicros').as('cost')])
    .where('campaignId', '=', campaignId)
    .executeTakeFirst();
  return { messages: Number(row?.messages ?? 0), costMicros: Number(row?.cost ?? 0) };
}

/**
 * Sends a NEW campaign (Mobizon campaign/send): its cost is charged now, all or nothing, then it
 * waits for a moderator when the account's campaigns are moderated, or is ready to go at once.
 * The campaign ticker (lifecycle.ts) schedules it from there.
 */
export async function sendCampaign(scope: AccountScope, campaignId: number, now = new Date()): Promise<SendOutcome> {
  const outcome = await scope.db.transaction().execute(async (trx) => {
    const row = await campaignRow({ db: trx, accountId: scope.accountId }, campaignId);
    if (row.status !== 'NEW') throw new CampaignStateError(`campaign ${campaignId} is ${row.status}: only a NEW campaign can be sent`);
    if (row.addingUntil !== null && row.addingUntil > now.toISOString()) throw new CampaignStateError(`campaign ${campaignId} is blocked by a recipients' adding process`);
    const { messages, costMicros } = await campaignCost(trx, campaignId);
    if (messages === 0) throw new CampaignStateError(`campaign ${campaignId} has no recipients`);
    try {
      await chargeAmount(trx, scope.accountId, costMicros, `SMS campaign ${campaignId} sent (${messages} message${messages === 1 ? '' : 's'})`);
    } catch (err) {
      if (!(err instanceof SendRefusedError)) throw err;
      const billing = await trx.selectFrom('accountBilling').select('balanceMicros').where('accountId', '=', scope.accountId).executeTakeFirst();
      throw new InsufficientFundsError(costMicros, Number(billing?.balanceMicros ?? 0));
    }
    const account = await trx.selectFrom('accounts').select('smsModeration').where('id', '=', scope.accountId).executeTakeFirstOrThrow();
    const moderated = account.smsModeration === 1;
    const changed = await trx
      .updateTable('smsCampaigns')
      .set({ status: moderated ? 'MODERATION' : 'AUTO_READY_FOR_SEND', sendRequestedAt: now.toISOString() })
      .where('id', '=', campaignId)
      .where('status', '=', 'NEW')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new CampaignStateError(`campaign ${campaignId} changed while being sent`);
    return moderated ? 1 : 2;
  });
  signalCampaignsChanged();
  return outcome;
}

async function moderate(db: Db, campaignId: number, next: 'READY_FOR_SEND' | 'DECLINED', comment: string, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('smsCampaigns').select(['id', 'accountId', 'status']).where('id', '=', campaignId).where('deleted', '=', 0).executeTakeFirst();
    if (!row) throw new NotFoundError('campaign', campaignId);
    const changed = await trx
      .updateTable('smsCampaigns')
      .set({ status: next, moderationComment: comment, moderatedAt: now.toISOString() })
      .where('id', '=', campaignId)
      .where('status', '=', 'MODERATION')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) throw new CampaignStateError(`campaign ${campaignId} is ${row.status}, not waiting for moderation`);
    // A declined campaign never goes out: what sending it charged comes back.
    if (next === 'DECLINED') await refundAmount(trx, row.accountId, (await campaignCost(trx, campaignId)).costMicros, `SMS campaign ${campaignId} declined`);
  });
  signalCampaignsChanged();
}

/** A moderator lets a campaign go: MODERATION → READY_FOR_SEND. */
export async function approveCampaign(db: Db, campaignId: number, now = new Date()): Promise<void> {
  await moderate(db, campaignId, 'READY_FOR_SEND', '', now);
}

/** A moderator refuses a campaign, saying why (Mobizon's globalComment): MODERATION → DECLINED. */
export async function declineCampaign(db: Db, campaignId: number, comment: string, now = new Date()): Promise<void> {
  await moderate(db, campaignId, 'DECLINED', comment, now);
}
