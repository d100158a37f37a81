import type { AccountScope } from '../context.js';
import { nowIso } from '../clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';

/**
 * An account's registered SMS sender ids (the SMPP source address). A single send or campaign
 * names one of them; any other name falls back to the account default (single-send.ts). At most
 * one is the default: the first one registered, until another is made default.
 */

export interface SenderId {
  id: number;
  name: string;
  isDefault: boolean;
  createdAt: string;
}

/**
 * Carriers take an alphanumeric source of up to 11 characters (GSM 03.40, TON 5) or a number of
 * up to 15 digits (E.164 without `+`). Alphanumeric ids must hold a letter, or a carrier would
 * read them as a number.
 */
export function senderIdProblem(name: string): string | null {
  if (/^\d+$/.test(name)) return name.length <= 15 ? null : 'a numeric sender id has at most 15 digits';
  if (!/^[A-Za-z0-9][A-Za-z0-9 .\-_&]*$/.test(name) || name.endsWith(' ')) return 'a sender id is letters, digits, spaces, ".", "-", "_" or "&", starting with a letter or digit';
  if (!/[A-Za-z]/.test(name)) return 'an alphanumeric sender id needs at least one letter';
  if (name.length > 11) return 'an alphanumeric sender id has at most 11 characters';
  return null;
}

function toSenderId(row: { id: number; name: string; isDefault: number; createdAt: string }): SenderId {
  return { id: Number(row.id), name: row.name, isDefault: row.isDefault === 1, createdAt: row.createdAt };
}

export async function listSenderIds(scope: AccountScope): Promise<SenderId[]> {
  const rows = await scope.db.selectFrom('senderIds').select(['id', 'name', 'isDefault', 'createdAt']).where('accountId', '=', scope.accountId).orderBy('id').execute();
  return rows.map(toSenderId);
}

async function getSenderId(scope: AccountScope, id: number): Promise<SenderId> {
  const row = await scope.db.selectFrom('senderIds').select(['id', 'name', 'isDefault', 'createdAt']).where('accountId', '=', scope.accountId).where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('sender id', id);
  return toSenderId(row);
}

export async function addSenderId(scope: AccountScope, input: { name: string; isDefault?: boolean }): Promise<SenderId> {
  const name = input.name.trim();
  const problem = senderIdProblem(name);
  if (problem) throw ValidationError.single('name', 'invalid', `${JSON.stringify(input.name)}: ${problem}`);
  const id = await scope.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('senderIds').select(['name', 'isDefault']).where('accountId', '=', scope.accountId).execute();
    if (existing.some((r) => r.name === name)) throw new ConflictError(`sender id "${name}" is already registered`, 'name');
    const isDefault = input.isDefault === true || !existing.some((r) => r.isDefault === 1);
    if (isDefault) await trx.updateTable('senderIds').set({ isDefault: 0 }).where('accountId', '=', scope.accountId).execute();
    const row = await trx.insertInto('senderIds').values({ accountId: scope.accountId, name, isDefault: isDefault ? 1 : 0, createdAt: nowIso() }).returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  });
  return getSenderId(scope, id);
}

/** Makes this sender id the account default (the previous default stops being one). */
export async function makeDefaultSenderId(scope: AccountScope, id: number): Promise<SenderId> {
  await scope.db.transaction().execute(async (trx) => {
    await getSenderId({ db: trx, accountId: scope.accountId }, id);
    await trx.updateTable('senderIds').set({ isDefault: 0 }).where('accountId', '=', scope.accountId).where('id', '<>', id).execute();
    await trx.updateTable('senderIds').set({ isDefault: 1 }).where('accountId', '=', scope.accountId).where('id', '=', id).execute();
  });
  return getSenderId(scope, id);
}

/** Deleting the default makes the oldest remaining sender id the default, so sends keep a source. */
export async function deleteSenderId(scope: AccountScope, id: number): Promise<void> {
  await scope.db.transaction().execute(async (trx) => {
    const inner = { db: trx, accountId: scope.accountId };
    const found = await getSenderId(inner, id);
    await trx.deleteFrom('senderIds').where('accountId', '=', scope.accountId).where('id', '=', id).execute();
    if (!found.isDefault) return;
    const next = await trx.selectFrom('senderIds').select('id').where('accountId', '=', scope.accountId).orderBy('id').limit(1).executeTakeFirst();
    if (next) await trx.updateTable('senderIds').set({ isDefault: 1 }).where('id', '=', next.id).execute();
  });
}
