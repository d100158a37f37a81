import type { AccountScope } from '../../context.js';
import { contactInputs } from './sources/groups.js';

/** A contact as an SMS recipient: its mobile number ('' when it has none) and its placeholder values. */
export interface ContactRecipient {
  mobile: string;
  values: Record<string, string>;
  /** Unsubscribed (from everything or from SMS). */
  optedOut: boolean;
}

/**
 * The account's contacts among `ids` (others are absent: Mobizon code 32), with the same
 * placeholder values as contacts added from groups (sources/groups.ts contactValues).
 */
export async function contactRecipients(scope: AccountScope, ids: readonly number[]): Promise<Map<number, ContactRecipient>> {
  const out = new Map<number, ContactRecipient>();
  const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
  for (let i = 0; i < unique.length; i += 500) {
    for (const input of await contactInputs(scope, unique.slice(i, i + 500))) {
      if (input.contactId !== undefined) out.set(input.contactId, { mobile: input.number ?? '', values: input.values ?? {}, optedOut: input.optedOut === true });
    }
  }
  return out;
}
