/**
 * A server-like process for the import crash test: opens the store named by the environment
 * (DATABASE_URL, else SQLite under HERALD_DATA_DIR), starts the import runner and runs until
 * killed. IMPORT_STALE_MS shortens the PostgreSQL orphan delay so the test need not wait 30 s.
 */
import { randomBytes } from 'node:crypto';
import { openStore } from '../../src/store/database.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { SecretBox } from '../../src/core/secrets/encryption.js';
import { startImportRunner } from '../../src/core/imports/runner.js';

const dataDir = process.env.HERALD_DATA_DIR!;
const store = openStore({ databaseUrl: process.env.DATABASE_URL ?? null, dataDir });
await migrateToLatest(store);
const runner = startImportRunner(
  { db: store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://127.0.0.1', dataDir },
  { pollMs: 100, staleMs: Number(process.env.IMPORT_STALE_MS ?? 30_000), log: (msg, data) => console.log(msg, JSON.stringify(data ?? {})) },
);
console.log('ready');
process.once('SIGTERM', () => {
  void runner.stop().then(() => store.close()).then(() => process.exit(0));
});
