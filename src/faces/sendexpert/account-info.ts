/**
 * getAccountInfo: the account's money and prepaid package in the shapes of the document's example
 * `{"balance":104.46062,"valute":"KZT","packet":{"name":…,"mails_total":"10000","mails_left":"0",
 * "period":"30","date_end":1507982575,"price":"2934.000000","price_additional":"0.366000"}}`: the
 * balance a number, counts and prices strings (prices with six decimals, as a DECIMAL column prints),
 * the end date a Unix int.
 */
import type { Billing } from '../../core/billing/billing.js';
import { unixSeconds } from './params.js';

export interface Packet {
  name: string;
  mails_total: string;
  mails_left: string;
  period: string;
  /** Null: the package does not expire. */
  date_end: number | null;
  price: string;
  price_additional: string;
}

export interface AccountInfo {
  balance: number;
  valute: string;
  packet: Packet | null;
}

/**
 * An account without billing is not metered (nothing is charged, nothing refused): it reports a zero
 * balance, no currency and no packet, rather than inventing a package a client might count down.
 */
export function accountInfo(billing: Billing | null): AccountInfo {
  if (billing === null) return { balance: 0, valute: '', packet: null };
  const p = billing.package;
  return {
    balance: billing.balance,
    valute: billing.currency,
    packet:
      p === null
        ? null
        : {
            name: p.name,
            mails_total: String(p.mailsTotal),
            mails_left: String(p.mailsLeft),
            period: String(p.periodDays),
            date_end: p.endsAt === null ? null : unixSeconds(p.endsAt),
            price: p.price.toFixed(6),
            price_additional: p.pricePerExtraMail.toFixed(6),
          },
  };
}
