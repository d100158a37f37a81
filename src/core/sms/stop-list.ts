import type { Db } from '../../store/database.js';
import { nowIso } from '../clock.js';
import { IssueList, NotFoundError, ValidationError } from '../errors.js';
import { normaliseNumber } from './numbers/normalise.js';

/**
 * Stop-lists: numbers that must not receive SMS. The system list (accountId null, kept by the
 * operator) applies to every account; an account's own list only to it. Numbers are stored in
 * E.164 so destinations.ts finds them whatever way the recipient was written. Recipients on
 * either list get Mobizon code 5.
 */

/** null: the system list. */
export type StopListOwner = number | null;

export interface StopListEntry {
  id: number;
  number: string;
  createdAt: string;
}

export interface StopListPage {
  items: StopListEntry[];
  total: number;
}

const MAX_PER_CALL = 1000;

async function defaultCountryOf(db: Db, owner: StopListOwner): Promise<string | undefined> {
  if (owner === null) return undefined;
  const account = await db.selectFrom('accounts').select('defaultCountry').where('id', '=', owner).executeTakeFirst();
  if (!account) throw new NotFoundError('account', owner);
  return account.defaultCountry ?? undefined;
}

/** E.164 of each raw number, read as the owner's recipients are (an account's default country). */
async function normaliseAll(db: Db, owner: StopListOwner, numbers: readonly string[]): Promise<string[]> {
  if (numbers.length === 0) throw ValidationError.single('numbers', 'required', 'give at least one number');
  if (numbers.length > MAX_PER_CALL) throw ValidationError.single('numbers', 'too_long', `at most ${MAX_PER_CALL} numbers per call`);
  const defaultCountry = await defaultCountryOf(db, owner);
  const issues = new IssueList();
  const out = numbers.map((raw, i) => {
    const n = normaliseNumber(raw, defaultCountry === undefined ? {} : { defaultCountry });
    if (n.ok) return n.e164;
    issues.add(`numbers[${i}]`, 'invalid', `${raw}: ${n.reason}`);
    return '';
  });
  issues.throwIfAny();
  return out;
}

export async function listStopList(db: Db, owner: StopListOwner, options: { limit: number; offset: number; search?: string }): Promise<StopListPage> {
  let base = db.selectFrom('stopList').where((eb) => (owner === null ? eb('accountId', 'is', null) : eb('accountId', '=', owner)));
  const digits = options.search?.replace(/[^\d]/g, '') ?? '';
  if (digits !== '') base = base.where('number', 'like', `%${digits}%`);
  const [items, count] = await Promise.all([
    base.select(['id', 'number', 'createdAt']).orderBy('id', 'desc').limit(options.limit).offset(options.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((r) => ({ id: Number(r.id), number: r.number, createdAt: r.createdAt })), total: Number(count.n) };
}

/**
 * Adds numbers (normalised; one that cannot be read as a mobile number fails the whole call).
 * Numbers already listed stay as they are. Returns the entries of every given number.
 */
export async function addToStopList(db: Db, owner: StopListOwner, numbers: readonly string[]): Promise<StopListEntry[]> {
  const e164 = [...new Set(await normaliseAll(db, owner, numbers))];
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('stopList')
      .select(['id', 'number', 'createdAt'])
      .where((eb) => (owner === null ? eb('accountId', 'is', null) : eb('accountId', '=', owner)))
      .where('number', 'in', e164)
      .execute();
    const have = new Set(existing.map((r) => r.number));
    const missing = e164.filter((n) => !have.has(n));
    const at = nowIso();
    const inserted = missing.length === 0 ? [] : await trx.insertInto('stopList').values(missing.map((number) => ({ accountId: owner, number, createdAt: at }))).returning(['id', 'number', 'createdAt']).execute();
    const byNumber = new Map([...existing, ...inserted].map((r) => [r.number, { id: Number(r.id), number: r.number, createdAt: r.createdAt }]));
    return e164.map((n) => byNumber.get(n)!);
  });
}

/** Removes a number however it is written; NotFoundError when the list does not hold it. */
export async function removeFromStopList(db: Db, owner: StopListOwner, number: string): Promise<void> {
  const defaultCountry = await defaultCountryOf(db, owner);
  const normalised = normaliseNumber(number, defaultCountry === undefined ? {} : { defaultCountry });
  const digits = number.replace(/[^\d]/g, '');
  // Entries written before normalisation was enforced may lack the `+`: match both forms.
  const candidates = [...new Set([...(normalised.ok ? [normalised.e164] : []), ...(digits === '' ? [] : [`+${digits}`, digits])])];
  if (candidates.length === 0) throw new NotFoundError('stop-list number', number);
  const res = await db
    .deleteFrom('stopList')
    .where((eb) => (owner === null ? eb('accountId', 'is', null) : eb('accountId', '=', owner)))
    .where('number', 'in', candidates)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new NotFoundError('stop-list number', number);
}
