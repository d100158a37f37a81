import { sql } from 'kysely';
import type { Db } from '../../../store/database.js';
import type { DedupKey } from '../types.js';
import type { ExistingContact } from './batch-types.js';
import { arrayLiteral, type StatementCache, type WriteTarget } from './dialect.js';

/*
 * One query per batch finds the stored contacts of every dedup key in the batch, using the
 * (account_id, email_key) / (account_id, mobile) indexes or the primary key.
 * Dialect difference: SQLite receives the keys as one JSON array expanded by json_each();
 * PostgreSQL as one typed array probed key by key (LATERAL … OFFSET 0 keeps the planner from
 * turning it into a join). Not `= ANY(array)` nor a plain join/IN over unnest(): for those
 * PostgreSQL 15 may plan a scan of ALL the account's contacts (bitmap scan on account_id, then a
 * filter or hash join), and does so whenever its statistics lag a table an import is filling
 * (measured, 4,000 keys: 46–100 ms at 200k contacts and growing with the table; probes: ~19 ms, flat).
 */

const KEY_COLUMN: Record<DedupKey, string> = { email: 'email_key', mobile: 'mobile', memberId: 'id' };

function selectList(key: DedupKey): string {
  const keyExpr = key === 'memberId' ? 'cast(id as text)' : KEY_COLUMN[key];
  return `id, office_id, ${keyExpr} as k, (unsubscribed_at is not null or hard_bounced_at is not null) as blocked, last_import_id`;
}

type Row = [number, number, string, number | boolean, number | null];

function toExisting(r: Row): ExistingContact {
  return { id: Number(r[0]), officeId: Number(r[1]), key: r[2], blocked: Boolean(r[3]), lastImportId: r[4] === null ? null : Number(r[4]) };
}

/*
 * Sorted here, not by ORDER BY id: with it SQLite's planner walks the (account_id, id) index over
 * the whole account instead of probing (account_id, email_key) once per key.
 */
function byId(rows: ExistingContact[]): ExistingContact[] {
  return rows.sort((a, b) => a.id - b.id);
}

export async function lookupExisting(
  target: WriteTarget, trx: Db, cache: StatementCache | null, accountId: number, dedupKey: DedupKey, keys: string[],
): Promise<ExistingContact[]> {
  if (keys.length === 0) return [];
  const where = `${KEY_COLUMN[dedupKey]}`;
  if (target.kind === 'sqlite') {
    const stmt = cache!.get(`select ${selectList(dedupKey)} from contacts where account_id = ? and ${where} in (select value from json_each(?))`);
    const param = JSON.stringify(dedupKey === 'memberId' ? keys.map(Number) : keys);
    return byId((stmt.raw(true).all(accountId, param) as Row[]).map(toExisting));
  }
  const arrayType = dedupKey === 'memberId' ? 'bigint[]' : 'text[]';
  const param = dedupKey === 'memberId' ? keys.map(Number) : keys;
  const { rows } = await sql<{ id: number; officeId: number; k: string; blocked: boolean; lastImportId: number | null }>`
    select c.* from unnest(${arrayLiteral(param)}::${sql.raw(arrayType)}) as q(k),
      lateral (select ${sql.raw(selectList(dedupKey))} from contacts where account_id = ${accountId} and ${sql.raw(where)} = q.k offset 0) as c`.execute(trx);
  return byId(rows.map((r) => toExisting([r.id, r.officeId, r.k, r.blocked, r.lastImportId])));
}

export interface EmailOwner {
  id: number;
  officeId: number;
  emailKey: string;
}

/**
 * Who holds these email keys, in any office: an email is unique per office, so a row keyed by
 * mobile or member id must not give a contact an address another contact of its office has.
 */
export async function emailOwners(target: WriteTarget, trx: Db, cache: StatementCache | null, accountId: number, keys: string[]): Promise<EmailOwner[]> {
  if (keys.length === 0) return [];
  if (target.kind === 'sqlite') {
    const stmt = cache!.get('select id, office_id, email_key from contacts where account_id = ? and email_key in (select value from json_each(?))');
    return (stmt.raw(true).all(accountId, JSON.stringify(keys)) as [number, number, string][]).map(([id, officeId, emailKey]) => ({ id, officeId, emailKey }));
  }
  const { rows } = await sql<EmailOwner>`
    select c.* from unnest(${keys}::text[]) as q(k),
      lateral (select id, office_id, email_key from contacts where account_id = ${accountId} and email_key = q.k offset 0) as c`.execute(trx);
  return rows;
}
