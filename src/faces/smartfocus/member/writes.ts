import type { AccountScope } from '../../../core/context.js';
import { createContact, findContactsByEmail, updateContact, type Contact, type ContactInput } from '../../../core/audience/contacts/contacts.js';
import { findContactsMatching, type ContactCriterion } from '../../../core/audience/contacts/criteria.js';
import { MemberJobError, runMemberJob, type MemberJobOutcome } from '../../../core/audience/member-jobs.js';
import { defaultOfficeId } from '../../../core/audience/offices/offices.js';
import type { SfReply, SfRequest } from '../common/router.js';
import { ok } from '../common/connection.js';
import { resultResponse } from '../common/xml.js';
import { loadMemberTable, mergeInputs } from './columns.js';
import { criteriaInput, dynContentInput, identifyingCriteria, requiredParam, synchroMemberBody, toInput } from './requests.js';

/**
 * insert / insertMember / updateMember / insertOrUpdateMember / update (one field by email).
 * The request is validated now (XML, column names: a refused call, HTTP 500); the data work runs
 * as a member job whose id is returned, and data problems (address taken, no member matches, an
 * invalid value) end the job in Error, as the vendor reports them asynchronously.
 */

/** Members one update call may change; memberUID criteria are meant to identify, not to bulk-edit. */
export const MAX_UPDATED_MEMBERS = 1000;

/** Source of members created through this face (SmartFocus SOURCE column) unless dynContent sets one. */
export const API_SOURCE = 'API';

function jobReply(jobId: number): SfReply {
  return ok(resultResponse('xs:long', jobId));
}

/**
 * Creates a member in the account's default office (SmartFocus has no offices). The vendor's
 * member table holds one member per address, so an address used anywhere in the account (any
 * office, any face) makes the job fail instead of creating a second contact.
 */
async function insertContact(scope: AccountScope, input: ContactInput): Promise<MemberJobOutcome> {
  const email = input.email?.trim() ?? '';
  if (email !== '' && (await findContactsByEmail(scope, email)).length > 0) {
    throw new MemberJobError(`A member with the email address ${email} already exists.`);
  }
  const officeId = await defaultOfficeId(scope);
  const created = await createContact(scope, { source: API_SOURCE, ...input, officeId });
  return { contactId: created.id, email: created.email };
}

async function updateContacts(scope: AccountScope, contacts: readonly Contact[], patch: ContactInput): Promise<MemberJobOutcome> {
  const first = contacts[0];
  if (!first) throw new MemberJobError('No member matches the given criteria.');
  let email = first.email;
  for (const c of contacts) {
    const updated = await updateContact(scope, c.id, patch);
    if (c.id === first.id) email = updated.email;
  }
  return { contactId: first.id, email };
}

async function updateMatching(scope: AccountScope, criteria: readonly ContactCriterion[], patch: ContactInput): Promise<MemberJobOutcome> {
  return updateContacts(scope, await findContactsMatching(scope, criteria, MAX_UPDATED_MEMBERS), patch);
}

/** GET member/insert/{token}/{email} */
export async function insertByEmail(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  const email = requiredParam(req, 'email');
  return jobReply(await runMemberJob(scope, 'insert', email, () => insertContact(scope, { email })));
}

/** POST member/insertMember/{token}: `<email>`, else EMAIL from dynContent or memberUID. */
export async function insertMember(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  const sm = synchroMemberBody(req);
  const table = await loadMemberTable(scope);
  const input = mergeInputs([criteriaInput(table, sm.criteria), dynContentInput(table, sm.dynContent), sm.email === null ? {} : { email: sm.email }]);
  return jobReply(await runMemberJob(scope, 'insertMember', input.email ?? null, () => insertContact(scope, input)));
}

/** POST member/updateMember/{token}: every member matching memberUID gets dynContent. */
export async function updateMember(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  const sm = synchroMemberBody(req);
  const table = await loadMemberTable(scope);
  const criteria = identifyingCriteria(table, sm);
  const patch = dynContentInput(table, sm.dynContent);
  return jobReply(await runMemberJob(scope, 'updateMember', sm.email, () => updateMatching(scope, criteria, patch)));
}

/** POST member/insertOrUpdateMember/{token}: update the matches, or create a member from memberUID + dynContent. */
export async function insertOrUpdateMember(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  const sm = synchroMemberBody(req);
  const table = await loadMemberTable(scope);
  const criteria = identifyingCriteria(table, sm);
  const patch = dynContentInput(table, sm.dynContent);
  const insert = mergeInputs([criteriaInput(table, sm.criteria), patch, sm.email === null ? {} : { email: sm.email }]);
  return jobReply(
    await runMemberJob(scope, 'insertOrUpdateMember', insert.email ?? sm.email, async () => {
      const matches = await findContactsMatching(scope, criteria, MAX_UPDATED_MEMBERS);
      return matches.length > 0 ? updateContacts(scope, matches, patch) : insertContact(scope, insert);
    }),
  );
}

/** GET member/update/{token}/{email}/{field}/{value}: one column of the member(s) with that address. */
export async function updateByEmail(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  const email = requiredParam(req, 'email');
  const field = requiredParam(req, 'field');
  // An empty value clears the field (query form `&value=`); the path form always carries one.
  const value = req.params.value ?? '';
  const patch = toInput(await loadMemberTable(scope), field, value);
  return jobReply(await runMemberJob(scope, 'update', email, () => updateMatching(scope, [{ field: 'email', value: email }], patch)));
}
