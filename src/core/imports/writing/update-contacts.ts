import { sql } from 'kysely';
import type { Db } from '../../../store/database.js';
import type { ContactChange } from './batch-types.js';
import { arrayLiteral, column, whileExecuting, type StatementCache, type WriteTarget } from './dialect.js';
import { updateShape, updateValue, type ValueField } from './columns.js';

/*
 * Updates the batch's existing contacts with the mapped fields. A keep-if-empty column is written
 * as COALESCE(new, stored) and bound to NULL when its cell is empty, so one statement serves every
 * row of the same shape. SQLite: one prepared UPDATE per contact inside the transaction.
 * PostgreSQL: one UPDATE … FROM unnest(id array, one array per column) per shape and batch; the
 * redundant `c.id = any(ids)` lets the planner probe the primary key instead of merge-joining
 * against a scan of the whole index (measured: the scan grows with the table, the probe does not).
 * The account guard is written `account_id + 0` so no index can serve it: right after a large
 * import the statistics still say the account has a few thousand contacts, and with a plain
 * `account_id = $n` PostgreSQL chose a bitmap scan of ALL the account's contacts filtered by id
 * (measured at 1,000,000 contacts: 720 ms per 4,000-row batch instead of ~60 ms). The ids come
 * from the account-scoped lookup in the same transaction; the guard is a second check only.
 */

export interface UpdateContext {
  accountId: number;
  jobId: number;
  now: string;
  /**
   * Contacts were found by their email key, so it cannot change: leaving it out of SET spares
   * the unique email index a rewrite per row (SQLite rewrites an index whenever a SET names one of
   * its columns, changed or not).
   */
  matchedByEmail: boolean;
  /** PostgreSQL: run while the first UPDATE executes (see whileExecuting). */
  whileServerWorks?: () => void;
}

/** `stored` qualifies the stored value: PostgreSQL needs `c.` where the unnest alias has the same column. */
function setClause(fields: ValueField[], keep: boolean[], source: (col: string) => string, stored: string): string {
  return fields
    .map((f, i) => {
      const col = column(f);
      return keep[i] ? `${col} = coalesce(${source(col)}, ${stored}${col})` : `${col} = ${source(col)}`;
    })
    .join(', ');
}

export async function updateContacts(target: WriteTarget, trx: Db, cache: StatementCache | null, ctx: UpdateContext, changes: ContactChange[]): Promise<void> {
  const groups = new Map<string, { fields: ValueField[]; keep: boolean[]; items: ContactChange[] }>();
  for (const change of changes) {
    const shape = updateShape(change.record, ctx.matchedByEmail ? 'emailKey' : null);
    const group = groups.get(shape.signature);
    if (group) group.items.push(change);
    else groups.set(shape.signature, { fields: shape.fields, keep: shape.keep, items: [change] });
  }
  for (const { fields, keep, items } of groups.values()) {
    if (target.kind === 'sqlite') {
      const sets = setClause(fields, keep, () => '?', '');
      const stmt = cache!.get(`update contacts set ${sets}${sets ? ', ' : ''}updated_at = ?, last_import_id = ? where id = ?`);
      const params: (string | number | null)[] = new Array(fields.length + 3);
      params[fields.length] = ctx.now;
      params[fields.length + 1] = ctx.jobId;
      for (const item of items) {
        for (let f = 0; f < fields.length; f++) params[f] = updateValue(item.record, fields[f]!, keep[f]!);
        params[fields.length + 2] = item.contact.id;
        stmt.run(params);
      }
      continue;
    }
    const cols = fields.map(column);
    const arrays = fields.map((f, i) => items.map((it) => updateValue(it.record, f, keep[i]!)));
    const sets = setClause(fields, keep, (col) => `v.${col}`, 'c.');
    const ids = items.map((it) => it.contact.id);
    const idArray = arrayLiteral(ids);
    const unnestArgs = sql.join([sql`${idArray}::bigint[]`, ...arrays.map((a) => sql`${arrayLiteral(a)}::text[]`)]);
    const update = sql`
      update contacts as c set ${sql.raw(sets)}${sql.raw(sets ? ', ' : '')}updated_at = ${ctx.now}, last_import_id = ${ctx.jobId}::bigint
      from unnest(${unnestArgs}) as v(${sql.raw(['id', ...cols].join(', '))})
      where c.id = v.id and c.id = any(${idArray}::bigint[]) and c.account_id + 0 = ${ctx.accountId}::bigint`.execute(trx);
    await whileExecuting(update, ctx.whileServerWorks);
  }
}
