import { sql } from 'kysely';
import type { Db } from '../../../store/database.js';
import { nowIso } from '../../clock.js';

/**
 * The account's common group for a name (case-insensitive), created when missing: same-named
 * groups of different offices share it so campaigns can target "Prospects" across offices.
 */
export async function commonGroupFor(trx: Db, accountId: number, name: string): Promise<number> {
  const existing = await trx
    .selectFrom('commonGroups')
    .select('id')
    .where('accountId', '=', accountId)
    .where(sql`lower(${sql.ref('name')})`, '=', name.toLowerCase())
    .orderBy('id')
    .executeTakeFirst();
  if (existing) return existing.id;
  const created = await trx
    .insertInto('commonGroups')
    .values({ accountId, name, createdAt: nowIso() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return created.id;
}
