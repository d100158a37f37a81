import type { Kysely, CreateTableBuilder, ColumnDefinitionBuilder } from 'kysely';
import { dialectOf } from '../database.js';

/*
 * Building blocks the migrations share. Landed migrations use them, so they must never change
 * what they create: a new need gets a new builder.
 */

/** Migrations see the database without types: they describe it as it was at their time. */
export type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A table with an auto-increment integer primary key `id` (bigserial on PostgreSQL). */
export function tableWithId(db: AnyDb, name: string): CreateTableBuilder<string, 'id'> {
  const pg = dialectOf(db) === 'postgres';
  return db.schema
    .createTable(name)
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()));
}

/** `account_id`: required, and the row goes with its account. */
export const accountColumn = (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.notNull().references('accounts.id').onDelete('cascade');
