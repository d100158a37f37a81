import type { AccountScope } from '../../context.js';
import { nowIso } from '../../clock.js';
import { DomainError } from '../../errors.js';
import { countMemberJobs } from '../member-jobs.js';

/**
 * Unsubscribing (SmartFocus "unjoin") and resubscribing ("rejoin") contacts. The contact keeps
 * when and through what it left or came back: DATEUNJOIN is non-null exactly while unsubscribed.
 */
export interface SubscriptionChange {
  /** Free text naming the channel, e.g. 'API'. */
  source: string;
  /** ISO timestamp; now by default. */
  at?: string;
}

/** Vendor rule: an account may rejoin at most this many times per (UTC) day. */
export const REJOIN_DAILY_LIMIT = 50;
export const REJOIN_LIMIT_MESSAGE = 'You have reached the maximum number of rejoins per day.';

/**
 * The member-job actions that are rejoins: the rejoin count is read from the job log because it is
 * the only record of every rejoin (a contact rejoined twice in a day counts twice).
 */
export const REJOIN_ACTIONS = ['rejoinByEmail', 'rejoinByCellphone', 'rejoinByMemberId'] as const;

export class RejoinLimitError extends DomainError {
  readonly kind = 'forbidden' as const;
  constructor() {
    super(REJOIN_LIMIT_MESSAGE);
    this.name = 'RejoinLimitError';
  }
}

function startOfUtcDay(at: string): string {
  return `${at.slice(0, 10)}T00:00:00.000Z`;
}

/** @throws RejoinLimitError when the account already made `limit` successful rejoins today. */
export async function assertRejoinAllowed(scope: AccountScope, options: { at?: string; limit?: number } = {}): Promise<void> {
  const at = options.at ?? nowIso();
  const done = await countMemberJobs(scope, REJOIN_ACTIONS, 'Processed', startOfUtcDay(at));
  if (done >= (options.limit ?? REJOIN_DAILY_LIMIT)) throw new RejoinLimitError();
}

/**
 * Marks the contacts unsubscribed. One already unsubscribed keeps its original date and source:
 * repeating an unjoin must not move DATEUNJOIN.
 */
export async function unsubscribeContacts(scope: AccountScope, contactIds: readonly number[], change: SubscriptionChange): Promise<void> {
  if (contactIds.length === 0) return;
  const at = change.at ?? nowIso();
  await scope.db
    .updateTable('contacts')
    .set({ unsubscribedAt: at, unsubscribeSource: change.source, updatedAt: at })
    .where('accountId', '=', scope.accountId)
    .where('id', 'in', [...contactIds])
    .where('unsubscribedAt', 'is', null)
    .execute();
}

/** Resubscribes the contacts that are unsubscribed; subscribed ones are left as they are. */
export async function resubscribeContacts(scope: AccountScope, contactIds: readonly number[], change: SubscriptionChange): Promise<void> {
  if (contactIds.length === 0) return;
  const at = change.at ?? nowIso();
  await scope.db
    .updateTable('contacts')
    .set({ unsubscribedAt: null, unsubscribeSource: null, resubscribedAt: at, resubscribeSource: change.source, updatedAt: at })
    .where('accountId', '=', scope.accountId)
    .where('id', 'in', [...contactIds])
    .where('unsubscribedAt', 'is not', null)
    .execute();
}
