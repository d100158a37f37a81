import type { AccountScope } from '../../../core/context.js';
import { MAX_INT32 } from '../../../core/bounds.js';
import { findContactsByEmail, findContactsByPhone, listContacts, type Contact } from '../../../core/audience/contacts/contacts.js';
import { findContactsMatching } from '../../../core/audience/contacts/criteria.js';
import { getMemberJobStatus } from '../../../core/audience/member-jobs.js';
import type { SfReply, SfRequest } from '../common/router.js';
import { ok } from '../common/connection.js';
import { CELLPHONE_DIGITS, loadMemberTable } from './columns.js';
import { membersResponse, memberTableResponse, paginationResponse, processStatusResponse } from './member-xml.js';
import { idParam, MemberCallError, requiredParam, synchroMemberBody, toCriteria } from './requests.js';

/** getListMembersByPage serves 10 members per page (vendor PDF). */
export const MEMBERS_PER_PAGE = 10;
/** getMembers returns at most this many matches: criteria such as SOURCE:API could name everyone. */
export const MAX_CRITERIA_MATCHES = 1000;

async function members(scope: AccountScope, contacts: readonly Contact[]): Promise<SfReply> {
  return ok(membersResponse(await loadMemberTable(scope), contacts));
}

/** Member ids of the account; another account's id is simply not found. */
export async function findById(scope: AccountScope, id: number): Promise<Contact[]> {
  return findContactsMatching(scope, [{ field: 'id', value: String(id) }], 1);
}

/** GET member/getMemberByEmail/{token}/{email}: every member with the address (case-insensitive). */
export async function getByEmail(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  return members(scope, await findContactsByEmail(scope, requiredParam(req, 'email')));
}

/** GET member/getMemberByCellphone/{token}/{cellphone}: any format, compared in E.164. */
export async function getByCellphone(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  return members(scope, await findContactsByPhone(scope, requiredParam(req, 'cellphone'), CELLPHONE_DIGITS));
}

/** GET member/getMemberById/{token}/{id} */
export async function getById(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  return members(scope, await findById(scope, idParam(req, 'id')));
}

/** POST member/getMembers/{token} with a synchroMember memberUID. */
export async function getByCriteria(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  const sm = synchroMemberBody(req);
  const table = await loadMemberTable(scope);
  if (sm.criteria.length === 0) throw new MemberCallError('You must fill in the memberUID parameter', 'memberUID');
  const found = await findContactsMatching(scope, toCriteria(table, sm.criteria), MAX_CRITERIA_MATCHES);
  return ok(membersResponse(table, found));
}

/** GET [member/]getListMembersByPage/{token}/{page}: pages count from 1, members in id order. */
export async function listByPage(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  const page = idParam(req, 'page', MAX_INT32);
  const [table, result] = await Promise.all([
    loadMemberTable(scope),
    listContacts(scope, { limit: MEMBERS_PER_PAGE, offset: (page - 1) * MEMBERS_PER_PAGE }),
  ]);
  return ok(paginationResponse(table, { page, perPage: MEMBERS_PER_PAGE, total: result.total, items: result.items }));
}

/** GET member/descMemberTable/{token} */
export async function describeTable(scope: AccountScope): Promise<SfReply> {
  return ok(memberTableResponse(await loadMemberTable(scope)));
}

/** GET member/getMemberJobStatus/{token}/{synchroId} (query name `synchroId`, as the vendor PDF). */
export async function jobStatus(scope: AccountScope, req: SfRequest): Promise<SfReply> {
  return ok(processStatusResponse(await getMemberJobStatus(scope, idParam(req, 'synchroId'))));
}
