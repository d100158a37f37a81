import { sql } from 'kysely';
import type { AccountScope } from '../../context.js';
import type { Db } from '../../../store/database.js';
import { nowIso } from '../../clock.js';
import { ConflictError, IssueList, NotFoundError } from '../../errors.js';
import { commonGroupFor } from './common-groups.js';
import { groupsWithCounts, toGroup } from './counts.js';
import { validateGroupName } from './name.js';

export interface GroupCounts {
  total: number;
  permitted: number;
  dormant: number;
  excluded: number;
  /** Contacts whose email address hard-bounced. */
  invalid: number;
}

export interface ContactGroup {
  id: number;
  /** Shared by same-named groups across offices. */
  commonId: number;
  name: string;
  officeId: number;
  counts: GroupCounts;
}

export interface CreateGroupsInput {
  name: string;
  /** Office ids, or 'all' for every office of the account. */
  offices: number[] | 'all';
}

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

export async function listGroups(scope: AccountScope, filter: { officeId?: number }): Promise<ContactGroup[]> {
  let q = groupsWithCounts(scope.db, scope.accountId);
  if (filter.officeId !== undefined) q = q.where('g.officeId', '=', filter.officeId);
  return (await q.execute()).map(toGroup);
}

export async function getGroup(scope: AccountScope, id: number): Promise<ContactGroup> {
  const row = isId(id) ? await groupsWithCounts(scope.db, scope.accountId).where('g.id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new NotFoundError('Contact group', id);
  return toGroup(row);
}

/** Office ids of the input that exist in the account, or null after adding issues. */
async function targetOffices(scope: AccountScope, offices: number[] | 'all', issues: IssueList): Promise<number[] | null> {
  const q = scope.db.selectFrom('offices').select('id').where('accountId', '=', scope.accountId).orderBy('id');
  if (offices === 'all') {
    const all = (await q.execute()).map((r) => r.id);
    if (all.length === 0) issues.add('offices', 'invalid', 'The account has no offices');
    return all.length === 0 ? null : all;
  }
  const wanted = [...new Set(offices)];
  if (wanted.length === 0) {
    issues.add('offices', 'required', 'Offices Required');
    return null;
  }
  for (const id of wanted.filter((o) => !isId(o))) issues.add('offices', 'invalid', `Invalid office id ${String(id)}`);
  const ids = wanted.filter(isId);
  const found = new Set(ids.length === 0 ? [] : (await q.where('id', 'in', ids).execute()).map((r) => r.id));
  for (const id of ids) if (!found.has(id)) issues.add('offices', 'invalid', `Office ${id} not found`);
  return ids.length === wanted.length && found.size === ids.length ? ids : null;
}

/** Refuses a name some group of the offices already has (case-insensitive), except `exceptId`. */
async function assertNameFree(db: Db, accountId: number, officeIds: number[], name: string, exceptId: number): Promise<void> {
  const clash = await db
    .selectFrom('contactGroups')
    .select('officeId')
    .where('accountId', '=', accountId)
    .where('officeId', 'in', officeIds)
    .where(sql`lower(${sql.ref('name')})`, '=', name.toLowerCase())
    .where('id', '<>', exceptId)
    .orderBy('officeId')
    .executeTakeFirst();
  if (clash) throw new ConflictError(`A group named "${name}" already exists in office ${clash.officeId}`, 'name');
}

export async function createGroups(scope: AccountScope, input: CreateGroupsInput): Promise<ContactGroup[]> {
  const { db, accountId } = scope;
  const issues = new IssueList();
  const name = validateGroupName(input.name, issues);
  const officeIds = await targetOffices(scope, input.offices, issues);
  issues.throwIfAny();
  if (name === null || officeIds === null) return [];
  await assertNameFree(db, accountId, officeIds, name, 0);
  return db.transaction().execute(async (trx) => {
    const commonId = await commonGroupFor(trx, accountId, name);
    const now = nowIso();
    const rows = await trx
      .insertInto('contactGroups')
      .values(officeIds.map((officeId) => ({ accountId, officeId, commonId, name, createdAt: now, updatedAt: now })))
      .returning(['id', 'commonId', 'name', 'officeId'])
      .execute();
    return rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({ ...r, counts: { total: 0, permitted: 0, dormant: 0, excluded: 0, invalid: 0 } }));
  });
}

/** Renaming moves the group to the common group of its new name (created when missing). */
export async function updateGroup(scope: AccountScope, id: number, patch: { name?: string }): Promise<ContactGroup> {
  const { db, accountId } = scope;
  const group = await getGroup(scope, id);
  if (patch.name === undefined) return group;
  const issues = new IssueList();
  const name = validateGroupName(patch.name, issues);
  issues.throwIfAny();
  if (name === null || name === group.name) return group;
  await assertNameFree(db, accountId, [group.officeId], name, id);
  await db.transaction().execute(async (trx) => {
    const commonId = await commonGroupFor(trx, accountId, name);
    await trx.updateTable('contactGroups').set({ name, commonId, updatedAt: nowIso() }).where('accountId', '=', accountId).where('id', '=', id).execute();
  });
  return getGroup(scope, id);
}

export async function deleteGroup(scope: AccountScope, id: number): Promise<void> {
  const { db, accountId } = scope;
  if (!isId(id)) throw new NotFoundError('Contact group', id);
  await db.transaction().execute(async (trx) => {
    // The foreign key would cascade too; deleting explicitly keeps the filter on the account.
    await trx.deleteFrom('contactGroupMembers').where('accountId', '=', accountId).where('groupId', '=', id).execute();
    const result = await trx.deleteFrom('contactGroups').where('accountId', '=', accountId).where('id', '=', id).executeTakeFirst();
    // Throwing inside the transaction rolls the membership delete back.
    if (result.numDeletedRows === 0n) throw new NotFoundError('Contact group', id);
  });
}
