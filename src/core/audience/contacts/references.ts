import { sql } from 'kysely';
import type { AccountScope } from '../../context.js';
import type { IssueList } from '../../errors.js';
import type { Db } from '../../../store/database.js';
import { findOfficeForPostCode } from '../offices/offices.js';

/*
 * Checks of the ids a contact input refers to (office, groups, custom fields). They add issues
 * rather than throw so one response lists every problem of the input.
 */

export function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/** The office for officeId 0: the one allocated the post code, or null after adding an issue. */
export async function allocateOffice(scope: AccountScope, postCode: string, issues: IssueList): Promise<number | null> {
  const code = postCode.trim();
  if (code === '') {
    issues.add('officeId', 'required', 'A post code is required to allocate an office automatically');
    return null;
  }
  const officeId = await findOfficeForPostCode(scope, code);
  if (officeId === null) issues.add('officeId', 'invalid', `No office is allocated to post code ${code}`);
  return officeId;
}

export interface OfficeCheck {
  defaultCountry: string | null;
  officeExists: boolean;
  /** Another contact of the office already has the email key. */
  emailTaken: boolean;
}

/**
 * One round trip for what every write needs: the account's default country (phone region), the
 * office's existence in the account and email uniqueness in the office. `exceptContactId` is the
 * contact being updated, which may keep its own address.
 */
export async function checkOffice(db: Db, accountId: number, officeId: number, emailKey: string | null, exceptContactId: number | null): Promise<OfficeCheck> {
  const row = await db
    .selectFrom('accounts as a')
    .select((eb) => [
      'a.defaultCountry',
      eb.selectFrom('offices as o').select('o.id').where('o.id', '=', officeId).whereRef('o.accountId', '=', 'a.id').as('officeId'),
      eb
        .exists(
          eb
            .selectFrom('contacts as c')
            .select(sql.lit(1).as('one'))
            .whereRef('c.accountId', '=', 'a.id')
            .where('c.officeId', '=', officeId)
            .where('c.emailKey', '=', emailKey ?? '')
            .where('c.id', '<>', exceptContactId ?? 0),
        )
        .as('emailTaken'),
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  return {
    defaultCountry: row?.defaultCountry ?? null,
    officeExists: row?.officeId !== null && row?.officeId !== undefined,
    emailTaken: emailKey !== null && Boolean(Number(row?.emailTaken ?? 0)),
  };
}

export interface ResolvedGroups {
  groupIds: number[];
  commonIds: number[];
}

/**
 * The membership an input asks for, checked against the office: explicit `groups` win; otherwise
 * `commonGroups` pick the office's group of each common id. Null when the input names neither
 * (update keeps the membership).
 */
export async function resolveGroups(
  db: Db,
  accountId: number,
  officeId: number,
  groups: number[] | undefined,
  commonGroups: number[] | undefined,
  issues: IssueList,
): Promise<ResolvedGroups | null> {
  if (groups === undefined && commonGroups === undefined) return null;
  if (groups !== undefined && groups.length > 0) {
    const wanted = [...new Set(groups)];
    const bad = wanted.filter((id) => !isId(id));
    for (const id of bad) issues.add('groups', 'invalid', `Invalid group id ${String(id)}`);
    const ids = wanted.filter(isId);
    const rows = ids.length === 0 ? [] : await db
      .selectFrom('contactGroups')
      .select(['id', 'commonId'])
      .where('accountId', '=', accountId)
      .where('officeId', '=', officeId)
      .where('id', 'in', ids)
      .execute();
    const found = new Map(rows.map((r) => [r.id, r.commonId]));
    for (const id of ids) if (!found.has(id)) issues.add('groups', 'invalid', `Group ${id} is not a group of office ${officeId}`);
    return { groupIds: ids.filter((id) => found.has(id)), commonIds: [...new Set(found.values())] };
  }
  const common = [...new Set(commonGroups ?? [])];
  if (common.length === 0) return { groupIds: [], commonIds: [] };
  for (const id of common.filter((c) => !isId(c))) issues.add('commonGroups', 'invalid', `Invalid common group id ${String(id)}`);
  const ids = common.filter(isId);
  const rows = ids.length === 0 ? [] : await db
    .selectFrom('contactGroups')
    .select(['id', 'commonId'])
    .where('accountId', '=', accountId)
    .where('officeId', '=', officeId)
    .where('commonId', 'in', ids)
    .orderBy('id')
    .execute();
  const present = new Set(rows.map((r) => r.commonId));
  for (const id of ids) if (!present.has(id)) issues.add('commonGroups', 'invalid', `Office ${officeId} has no group with common id ${id}`);
  return { groupIds: rows.map((r) => r.id), commonIds: ids.filter((id) => present.has(id)) };
}

export interface CustomValueChanges {
  /** Field id → new value. */
  set: Map<number, string>;
  /** Field ids whose value is removed (empty string given). */
  remove: number[];
}

/** Checks custom field ids against the account's fields. */
export async function resolveCustomFields(db: Db, accountId: number, values: Record<string, string> | undefined, issues: IssueList): Promise<CustomValueChanges> {
  const changes: CustomValueChanges = { set: new Map(), remove: [] };
  if (values === undefined) return changes;
  const entries: [number, string][] = [];
  for (const [key, value] of Object.entries(values)) {
    const id = /^\d+$/.test(key) ? Number(key) : NaN;
    if (!isId(id)) issues.add('customFields', 'unknown', `Unknown custom field ${key}`);
    else if (typeof value !== 'string') issues.add('customFields', 'invalid', `Custom field ${key} must be text`);
    else entries.push([id, value]);
  }
  if (entries.length === 0) return changes;
  const rows = await db
    .selectFrom('customFields')
    .select('id')
    .where('accountId', '=', accountId)
    .where('id', 'in', entries.map(([id]) => id))
    .execute();
  const known = new Set(rows.map((r) => r.id));
  for (const [id, value] of entries) {
    if (!known.has(id)) issues.add('customFields', 'unknown', `Unknown custom field ${id}`);
    else if (value === '') changes.remove.push(id);
    else changes.set.set(id, value);
  }
  return changes;
}
