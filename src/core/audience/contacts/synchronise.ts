// Writing the recipient of a transactional send into the contact base, as SmartFocus's
// `synchrotype` asks (NOTHING, INSERT, UPDATE, INSERT_UPDATE): the recipient is looked up by one
// key (normally the email address) and created and/or updated with the values the send carried.
import type { AccountScope } from '../../context.js';
import { MemberJobError, runMemberJob, type MemberJobOutcome } from '../member-jobs.js';
import { defaultOfficeId } from '../offices/offices.js';
import { createContact, findContactsByEmail, updateContact, type ContactInput } from './contacts.js';
import { findContactsMatching, type ContactCriterion } from './criteria.js';

export type SyncMode = 'NOTHING' | 'INSERT' | 'UPDATE' | 'INSERT_UPDATE';
export const SYNC_MODES: readonly SyncMode[] = ['NOTHING', 'INSERT', 'UPDATE', 'INSERT_UPDATE'];

/** The vendor compares the mode exactly: `insert` is not INSERT. */
export function isSyncMode(value: string): value is SyncMode {
  return (SYNC_MODES as readonly string[]).includes(value);
}

/** What a mode does with the contacts found by the key (pure, so it is table-tested). */
export function syncAction(mode: SyncMode, found: boolean): 'insert' | 'update' | 'none' {
  if (mode === 'NOTHING') return 'none';
  if (found) return mode === 'INSERT' ? 'none' : 'update';
  return mode === 'UPDATE' ? 'none' : 'insert';
}

/** Contacts one sync may update: a key is meant to identify one member, not to bulk-edit. */
const MAX_MATCHES = 100;

export interface SyncRequest {
  mode: SyncMode;
  /** Identifies the contact (the uidkey column = its value). */
  key: ContactCriterion;
  /** Values to write; on insert they complete the new contact (its email included). */
  values: ContactInput;
  /** The contact's source when one is created. */
  source: string;
}

async function perform(scope: AccountScope, request: SyncRequest): Promise<MemberJobOutcome> {
  const matches = await findContactsMatching(scope, [request.key], MAX_MATCHES);
  const action = syncAction(request.mode, matches.length > 0);
  const first = matches[0];
  if (action === 'update') {
    for (const c of matches) await updateContact(scope, c.id, request.values);
    return { contactId: first?.id ?? null, email: first?.email ?? null };
  }
  if (action === 'none') {
    if (!first) throw new MemberJobError('No member matches the uidkey; nothing was updated.');
    return { contactId: first.id, email: first.email };
  }
  // One member per address in the account, as the vendor's member table has it (also when the key
  // is another column).
  const email = request.values.email?.trim() ?? '';
  if (email !== '' && (await findContactsByEmail(scope, email)).length > 0) throw new MemberJobError(`A member with the email address ${email} already exists.`);
  const created = await createContact(scope, { source: request.source, ...request.values, officeId: await defaultOfficeId(scope) });
  return { contactId: created.id, email: created.email };
}

/**
 * Runs the sync as a member job (so getMemberJobStatus-style reporting shows its outcome) and
 * returns the job id, or null for NOTHING. Data problems (an invalid date, an address taken) end
 * the job in Error rather than failing the send that carried them.
 */
export async function synchroniseContact(scope: AccountScope, request: SyncRequest, email: string | null): Promise<number | null> {
  if (request.mode === 'NOTHING') return null;
  return runMemberJob(scope, `notification:${request.mode}`, email, () => perform(scope, request));
}
