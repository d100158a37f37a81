import type { AccountScope } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { CampaignStateError } from './errors.js';

/** How long one synchronous add may hold a campaign; a dead adder's lock lapses after it. */
export const ADDING_LEASE_MS = 5 * 60_000;

/**
 * Takes the campaign's adding lock: "While the recipients are being added, the campaign is blocked
 * for any other adding recipients' request". A lease in the campaign row, taken by one conditional
 * update, so two processes on one database cannot both hold it. Only a NEW campaign takes recipients.
 */
export async function takeAddingLock(scope: AccountScope, campaignId: number, leaseMs: number, now = new Date()): Promise<string> {
  const lease = new Date(now.getTime() + leaseMs).toISOString();
  const taken = await scope.db
    .updateTable('smsCampaigns')
    .set({ addingUntil: lease })
    .where('id', '=', campaignId)
    .where('accountId', '=', scope.accountId)
    .where('deleted', '=', 0)
    .where('status', '=', 'NEW')
    .where((eb) => eb.or([eb('addingUntil', 'is', null), eb('addingUntil', '<', now.toISOString())]))
    .executeTakeFirst();
  if (Number(taken.numUpdatedRows) === 1) return lease;
  const campaign = await scope.db
    .selectFrom('smsCampaigns')
    .select(['status'])
    .where('id', '=', campaignId)
    .where('accountId', '=', scope.accountId)
    .where('deleted', '=', 0)
    .executeTakeFirst();
  if (!campaign) throw new NotFoundError('campaign', campaignId);
  if (campaign.status !== 'NEW') throw new CampaignStateError(`campaign ${campaignId} is ${campaign.status}: recipients can only be added to a NEW campaign`);
  throw new CampaignStateError(`campaign ${campaignId} is blocked by another recipients' adding process`);
}

/**
 * Gives the lock back. With the lease takeAddingLock returned, only if it is still ours: an adder
 * that outran its lease must not free a lock another adder has taken since.
 */
export async function releaseAddingLock(scope: AccountScope, campaignId: number, lease?: string): Promise<void> {
  let q = scope.db.updateTable('smsCampaigns').set({ addingUntil: null }).where('id', '=', campaignId).where('accountId', '=', scope.accountId);
  if (lease !== undefined) q = q.where('addingUntil', '=', lease);
  await q.execute();
}

export async function withAddingLock<T>(scope: AccountScope, campaignId: number, fn: () => Promise<T>, leaseMs = ADDING_LEASE_MS): Promise<T> {
  const lease = await takeAddingLock(scope, campaignId, leaseMs);
  try {
    return await fn();
  } finally {
    await releaseAddingLock(scope, campaignId, lease);
  }
}
