import { dialectOf } from '../database.js';
import { type AnyDb } from './builders.js';

const COUNTERS = ['read', 'inserted', 'updated', 'unchanged', 'rejected', 'bytes_done', 'checkpoint_record', 'bad_file_bytes', 'log_file_bytes'];

export async function up(db: AnyDb): Promise<void> {
  const pg = dialectOf(db) === 'postgres';
  let jobs = db.schema
    .createTable('import_jobs')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('account_id', 'bigint', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    // ImportOptions as JSON: read whole, never queried by field.
    .addColumn('options', 'text', (c) => c.notNull())
    // How the runner reads the file (sniffed ReadOptions, resolved mapping, header names), fixed at
    // the job's first start so a resumed run reads the file exactly the same way.
    .addColumn('read_plan', 'text');
  // checkpoint_record: the last file record (row number, header counted) whose batch committed;
  // bad/log_file_bytes: the sizes of those files at that commit (resume truncates back to them).
  for (const col of COUNTERS) jobs = jobs.addColumn(col, 'bigint', (c) => c.notNull().defaultTo(0));
  await jobs
    .addColumn('error', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('heartbeat_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('import_jobs_account').on('import_jobs').columns(['account_id', 'id']).execute();
  // The runner's claim query: the oldest queued (or stale importing) job.
  await db.schema.createIndex('import_jobs_status').on('import_jobs').columns(['status', 'id']).execute();

  // The job that last wrote the contact: a key met again in the same file is a duplicate of a row
  // this job already committed, recognised without keeping every key of the file in memory.
  // No foreign key: deleting a job must not touch contacts, and the id is only compared.
  await db.schema.alterTable('contacts').addColumn('last_import_id', 'bigint').execute();
  // contacts_email and contacts_account_mobile (0001) serve the dedup lookups by key.
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('contacts').dropColumn('last_import_id').execute();
  await db.schema.dropTable('import_jobs').ifExists().execute();
}
