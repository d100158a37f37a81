import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { HeraldConfig } from '../config.js';
import { openStore, type Store } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { SecretBox } from '../core/secrets/encryption.js';
import type { CoreContext } from '../core/context.js';
import { countAccounts, createAccount, type CreatedAccount } from '../core/accounts/accounts.js';

export interface Runtime {
  config: HeraldConfig;
  store: Store;
  core: CoreContext;
  close(): Promise<void>;
}

export async function openRuntime(config: HeraldConfig): Promise<Runtime> {
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(store);
  const core: CoreContext = { db: store.db, secrets: new SecretBox(config.secretKey), publicUrl: config.publicUrl, dataDir: config.dataDir, systemFrom: config.systemFrom, importStorage: config.importStorage };
  return { config, store, core, close: () => store.close() };
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
