import type { AccountScope } from '../../../core/context.js';
import { findContactsByEmail, findContactsByPhone, type Contact } from '../../../core/audience/contacts/contacts.js';
import { findContactsMatching } from '../../../core/audience/contacts/criteria.js';
import { assertRejoinAllowed, RejoinLimitError, resubscribeContacts, unsubscribeContacts } from '../../../core/audience/contacts/subscription.js';
import { MemberJobError, runMemberJob } from '../../../core/audience/member-jobs.js';
import type { SfReply, SfRequest } from '../common/router.js';
import { ok } from '../common/connection.js';
import { resultResponse } from '../common/xml.js';
import { CELLPHONE_DIGITS, loadMemberTable } from './columns.js';
import { findById } from './reads.js';
import { idParam, MemberCallError, requiredParam, synchroMemberBody, toCriteria } from './requests.js';
import { API_SOURCE, MAX_UPDATED_MEMBERS } from './writes.js';

/**
 * unjoinBy{Email,Cellphone,MemberId}, unjoinMember (memberUID) and rejoinBy{Email,Cellphone,MemberId}.
 * Every member the key matches is unjoined or rejoined; none matching ends the job in Error.
 */
type Finder = (scope: AccountScope, req: SfRequest) => Promise<{ key: string | null; find: () => Promise<Contact[]> }>;

const byEmail: Finder = async (scope, req) => {
  const email = requiredParam(req, 'email');
  return { key: email, find: () => findContactsByEmail(scope, email) };
};
const byCellphone: Finder = async (scope, req) => {
  const cell = requiredParam(req, 'cellphone');
  return { key: null, find: () => findContactsByPhone(scope, cell, CELLPHONE_DIGITS) };
};
const byId: Finder = async (scope, req) => {
  const id = idParam(req, 'id');
  return { key: null, find: () => findById(scope, id) };
};
const byCriteria: Finder = async (scope, req) => {
  const sm = synchroMemberBody(req);
  if (sm.criteria.length === 0) throw new MemberCallError('You must fill in the memberUID parameter', 'memberUID');
  const criteria = toCriteria(await loadMemberTable(scope), sm.criteria);
  return { key: sm.email, find: () => findContactsMatching(scope, criteria, MAX_UPDATED_MEMBERS) };
};

async function run(scope: AccountScope, action: string, key: string | null, find: () => Promise<Contact[]>, change: (ids: number[]) => Promise<void>): Promise<SfReply> {
  const jobId = await runMemberJob(scope, action, key, async () => {
    const found = await find();
    const first = found[0];
    if (!first) throw new MemberJobError('No member matches the given criteria.');
    await change(found.map((c) => c.id));
    return { contactId: first.id, email: first.email };
  });
  return ok(resultResponse('xs:long', jobId));
}

function unjoin(action: string, finder: Finder) {
  return async (scope: AccountScope, req: SfRequest): Promise<SfReply> => {
    const { key, find } = await finder(scope, req);
    return run(scope, action, key, find, (ids) => unsubscribeContacts(scope, ids, { source: API_SOURCE }));
  };
}

/**
 * The daily rejoin limit refuses the call itself (no job), so the client reads the vendor's text
 * in `<description>` at once instead of polling a job for it.
 */
function rejoin(action: string, finder: Finder) {
  return async (scope: AccountScope, req: SfRequest): Promise<SfReply> => {
    const { key, find } = await finder(scope, req);
    try {
      await assertRejoinAllowed(scope);
    } catch (err) {
      if (err instanceof RejoinLimitError) throw new MemberCallError(err.message, action);
      throw err;
    }
    return run(scope, action, key, find, (ids) => resubscribeContacts(scope, ids, { source: API_SOURCE }));
  };
}

export const unjoinByEmail = unjoin('unjoinByEmail', byEmail);
export const unjoinByCellphone = unjoin('unjoinByCellphone', byCellphone);
export const unjoinByMemberId = unjoin('unjoinByMemberId', byId);
export const unjoinMember = unjoin('unjoinMember', byCriteria);
export const rejoinByEmail = rejoin('rejoinByEmail', byEmail);
export const rejoinByCellphone = rejoin('rejoinByCellphone', byCellphone);
export const rejoinByMemberId = rejoin('rejoinByMemberId', byId);
