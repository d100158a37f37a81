/**
 * The `user` module. getOwnBalance is what both official clients call first (mobizon-php's example,
 * mobizon-node's getBalance) to check a key works.
 */
import type { Billing } from '../../core/billing/billing.js';
import { getBilling } from '../../core/billing/billing.js';
import { success } from './envelope.js';
import type { MobizonHandler } from './registry.js';
import { decimalString } from './values.js';

export interface OwnBalance {
  /** Four decimals, as a string: `"12.5000"`. */
  balance: string;
  currency: string;
}

/**
 * An account without billing is not metered (nothing is charged or refused): it reports balance
 * "0.0000" and currency "", as the SendExpert face's account info does, rather than inventing a
 * currency a client might display.
 */
export function ownBalance(billing: Billing | null): OwnBalance {
  if (billing === null) return { balance: decimalString(0, 4), currency: '' };
  return { balance: decimalString(billing.balance, 4), currency: billing.currency };
}

/** user/getOwnBalance: no parameters → `{"balance":"12.5000","currency":"KZT"}`. */
export const getOwnBalance: MobizonHandler = async (_ctx, scope) => success(ownBalance(await getBilling(scope)));
