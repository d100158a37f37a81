import { dialectOf } from '../database.js';
import { type AnyDb } from './builders.js';

/**
 * Session tokens of the token-based faces (SmartFocus connect/open), and the member jobs the
 * SmartFocus Member API reports through getMemberJobStatus.
 */
export async function up(db: AnyDb): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  const id = pg ? 'bigserial' : 'integer';
  await db.schema
    .createTable('api_tokens')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('calls', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('api_tokens_open').on('api_tokens').columns(['account_id', 'kind', 'expires_at']).execute();

  await db.schema
    .createTable('member_jobs')
    .addColumn('id', id, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'bigint')
    .addColumn('email', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('member_jobs_account').on('member_jobs').columns(['account_id', 'action', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('member_jobs').ifExists().execute();
  await db.schema.dropTable('api_tokens').ifExists().execute();
}
