import { sql } from 'kysely';
import type { Db } from '../../../store/database.js';
import type { StatementCache, WriteTarget } from './dialect.js';

/*
 * Group memberships and custom values of the batch's written contacts, in bulk.
 * SQLite: prepared statements run per pair. PostgreSQL: one statement per kind over unnest().
 * Memberships are added (an import never removes a contact from a group); ON CONFLICT makes a
 * membership the contact already has a no-op.
 */

export interface Membership {
  groupId: number;
  contactId: number;
}

export interface CustomValue {
  contactId: number;
  fieldId: number;
  value: string;
}

export async function addMemberships(target: WriteTarget, trx: Db, cache: StatementCache | null, accountId: number, pairs: Membership[]): Promise<void> {
  if (pairs.length === 0) return;
  if (target.kind === 'sqlite') {
    const stmt = cache!.get('insert into contact_group_members (account_id, group_id, contact_id) values (?, ?, ?) on conflict do nothing');
    for (const p of pairs) stmt.run(accountId, p.groupId, p.contactId);
    return;
  }
  await sql`
    insert into contact_group_members (account_id, group_id, contact_id)
    select ${accountId}::bigint, v.g, v.c from unnest(${pairs.map((p) => p.groupId)}::bigint[], ${pairs.map((p) => p.contactId)}::bigint[]) as v(g, c)
    on conflict do nothing`.execute(trx);
}

/** Sets values (insert or replace) and removes the ones whose cell cleared them. */
export async function writeCustomValues(
  target: WriteTarget, trx: Db, cache: StatementCache | null, accountId: number, set: CustomValue[], remove: Omit<CustomValue, 'value'>[],
): Promise<void> {
  if (target.kind === 'sqlite') {
    if (set.length > 0) {
      const stmt = cache!.get(
        'insert into contact_custom_values (account_id, contact_id, field_id, value) values (?, ?, ?, ?) ' +
          'on conflict (contact_id, field_id) do update set value = excluded.value',
      );
      for (const v of set) stmt.run(accountId, v.contactId, v.fieldId, v.value);
    }
    if (remove.length > 0) {
      const stmt = cache!.get('delete from contact_custom_values where contact_id = ? and field_id = ?');
      for (const v of remove) stmt.run(v.contactId, v.fieldId);
    }
    return;
  }
  if (set.length > 0) {
    await sql`
      insert into contact_custom_values (account_id, contact_id, field_id, value)
      select ${accountId}::bigint, v.c, v.f, v.v
      from unnest(${set.map((v) => v.contactId)}::bigint[], ${set.map((v) => v.fieldId)}::bigint[], ${set.map((v) => v.value)}::text[]) as v(c, f, v)
      on conflict (contact_id, field_id) do update set value = excluded.value`.execute(trx);
  }
  if (remove.length > 0) {
    await sql`
      delete from contact_custom_values t
      using unnest(${remove.map((v) => v.contactId)}::bigint[], ${remove.map((v) => v.fieldId)}::bigint[]) as v(c, f)
      where t.contact_id = v.c and t.field_id = v.f`.execute(trx);
  }
}
