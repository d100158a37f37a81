import type { AccountScope } from '../../context.js';
import type { Db } from '../../../store/database.js';
import type { UserRow } from '../../../store/schema.js';
import { nowIso } from '../../clock.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import { hashPassword } from '../../secrets/hashing.js';
import { isUniqueViolation } from '../../../store/constraint-errors.js';
import { checkUserInput, type CheckedUserInput } from './user-input.js';

export interface User {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  telephone: string;
  jobTitle: string;
  active: boolean;
  /** Office ids the user may access and send from. */
  offices: number[];
  lastLogin: string | null;
  lastPasswordChange: string | null;
}

export interface UserInput {
  username?: string;
  /** Plain text; stored hashed. */
  password?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  telephone?: string;
  jobTitle?: string;
  active?: boolean;
  offices?: number[];
}

const USERNAME_TAKEN = 'Username already exists';

function toUser(row: UserRow, offices: number[]): User {
  return {
    id: row.id,
    username: row.username,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    telephone: row.telephone,
    jobTitle: row.jobTitle,
    active: row.active === 1,
    offices,
    lastLogin: row.lastLogin,
    lastPasswordChange: row.lastPasswordChange,
  };
}

async function officesByUser(scope: AccountScope, userIds: number[] | 'all'): Promise<Map<number, number[]>> {
  let query = scope.db.selectFrom('userOffices').select(['userId', 'officeId']).where('accountId', '=', scope.accountId);
  if (userIds !== 'all') {
    if (userIds.length === 0) return new Map();
    query = query.where('userId', 'in', userIds);
  }
  const byUser = new Map<number, number[]>();
  for (const r of await query.orderBy('officeId').execute()) {
    const list = byUser.get(r.userId) ?? [];
    list.push(r.officeId);
    byUser.set(r.userId, list);
  }
  return byUser;
}

async function usernameTaken(scope: AccountScope, username: string, exceptId: number | null): Promise<boolean> {
  let query = scope.db.selectFrom('users').select('id').where('accountId', '=', scope.accountId).where('username', '=', username);
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

async function replaceOffices(db: Db, accountId: number, userId: number, offices: number[]): Promise<void> {
  await db.deleteFrom('userOffices').where('accountId', '=', accountId).where('userId', '=', userId).execute();
  if (offices.length > 0) await db.insertInto('userOffices').values(offices.map((officeId) => ({ accountId, userId, officeId }))).execute();
}

/** Column values for the checked fields that were given; hashing happens outside any transaction. */
async function columnsOf(input: CheckedUserInput, now: string) {
  const { password, active, offices: _offices, ...text } = input;
  const defined = Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined)) as Partial<Record<keyof typeof text, string>>;
  return {
    ...defined,
    ...(active === undefined ? {} : { active: active ? 1 : 0 }),
    ...(password === undefined ? {} : { passwordHash: await hashPassword(password), lastPasswordChange: now }),
  };
}

export async function listUsers(scope: AccountScope): Promise<User[]> {
  const rows = await scope.db.selectFrom('users').selectAll().where('accountId', '=', scope.accountId).orderBy('id').execute();
  const offices = await officesByUser(scope, 'all');
  return rows.map((row) => toUser(row, offices.get(row.id) ?? []));
}

/** @throws NotFoundError */
export async function getUser(scope: AccountScope, id: number): Promise<User> {
  const row = await scope.db.selectFrom('users').selectAll().where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('User', id);
  const offices = await officesByUser(scope, [id]);
  return toUser(row, offices.get(id) ?? []);
}

/** Required: username (unique in the account), password, firstName, lastName, email, offices. active defaults to false. */
export async function createUser(scope: AccountScope, input: UserInput): Promise<User> {
  const checked = await checkUserInput(scope, input, 'create');
  const username = checked.username!;
  if (await usernameTaken(scope, username, null)) throw new ConflictError(USERNAME_TAKEN, 'username');
  const now = nowIso();
  const columns = await columnsOf(checked, now);
  try {
    const id = await scope.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('users')
        .values({
          accountId: scope.accountId,
          username,
          passwordHash: columns.passwordHash!,
          firstName: checked.firstName!,
          lastName: checked.lastName!,
          email: checked.email!,
          telephone: checked.telephone ?? '',
          jobTitle: checked.jobTitle ?? '',
          active: columns.active ?? 0,
          lastPasswordChange: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceOffices(trx, scope.accountId, row.id, checked.offices ?? []);
      return row.id;
    });
    return await getUser(scope, id);
  } catch (err) {
    // Two creations with one username at once: the unique index decides.
    if (isUniqueViolation(err)) throw new ConflictError(USERNAME_TAKEN, 'username');
    throw err;
  }
}

/** Absent fields keep their values; a password sets lastPasswordChange. @throws NotFoundError, ValidationError, ConflictError */
export async function updateUser(scope: AccountScope, id: number, patch: UserInput): Promise<User> {
  await getUser(scope, id);
  const checked = await checkUserInput(scope, patch, 'update');
  if (checked.username !== undefined && (await usernameTaken(scope, checked.username, id))) throw new ConflictError(USERNAME_TAKEN, 'username');
  const now = nowIso();
  const columns = await columnsOf(checked, now);
  try {
    await scope.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('users')
        .set({ ...columns, updatedAt: now })
        .where('accountId', '=', scope.accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new NotFoundError('User', id);
      if (checked.offices !== undefined) await replaceOffices(trx, scope.accountId, id, checked.offices);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(USERNAME_TAKEN, 'username');
    throw err;
  }
  return getUser(scope, id);
}

/** Deletes the user with its office links, SSO tokens and sessions. @throws NotFoundError */
export async function deleteUser(scope: AccountScope, id: number): Promise<void> {
  const { accountId } = scope;
  await scope.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('accountId', '=', accountId).where('id', '=', id).executeTakeFirst();
    if (!user) throw new NotFoundError('User', id);
    await trx.deleteFrom('userOffices').where('accountId', '=', accountId).where('userId', '=', id).execute();
    await trx.deleteFrom('ssoTokens').where('accountId', '=', accountId).where('userId', '=', id).execute();
    await trx.deleteFrom('userSessions').where('accountId', '=', accountId).where('userId', '=', id).execute();
    await trx.deleteFrom('users').where('accountId', '=', accountId).where('id', '=', id).execute();
  });
}
