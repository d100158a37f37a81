import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HeraldConfig } from '../config.js';
import { openStore, type Store } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { SecretBox } from '../core/secrets/encryption.js';
import { AuthThrottle } from '../core/auth-throttle/throttle.js';
import type { CoreContext } from '../core/context.js';
import { countAccounts, createAccount, type CreatedAccount } from '../core/accounts/accounts.js';
import { dataDirNotices, restrictNewFiles, secureDataDir } from './data-dir.js';

export interface Runtime {
  config: HeraldConfig;
  store: Store;
  core: CoreContext;
  /** Warnings of the start (a data directory that was open to other users), for the log. */
  notices: string[];
  close(): Promise<void>;
}

export async function openRuntime(config: HeraldConfig): Promise<Runtime> {
  // Before the database is opened: it and everything written later are created owner-only.
  restrictNewFiles();
  const notices = dataDirNotices(config.dataDir, secureDataDir(config.dataDir));
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(store);
  const core: CoreContext = { db: store.db, secrets: new SecretBox(config.secretKey), publicUrl: config.publicUrl, dataDir: config.dataDir, systemFrom: config.systemFrom, authThrottle: new AuthThrottle(config.authThrottle), importStorage: config.importStorage };
  return { config, store, core, notices, close: () => store.close() };
}

/**
 * On an empty database, creates the demo account and keeps its credentials in the data dir
 * (they are shown once and never stored in plain text elsewhere).
 */
export async function ensureDemoAccount(runtime: Runtime): Promise<{ account: CreatedAccount; file: string } | null> {
  if ((await countAccounts(runtime.core)) > 0) return null;
  const account = await createAccount(runtime.core, { name: 'Demo', defaultCountry: 'GB' });
  const file = path.join(runtime.config.dataDir, 'demo-account.json');
  writeFileSync(file, JSON.stringify(formatCreatedAccount(account), null, 2) + '\n', { mode: 0o600 });
  return { account, file };
}

/** The JSON shape `herald accounts create --json` prints. */
export function formatCreatedAccount(account: CreatedAccount): Record<string, unknown> {
  return { id: account.id, name: account.name, ...account.credentials };
}
