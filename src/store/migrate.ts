import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Store } from './database.js';
import * as foundation from './migrations/0001-foundation.js';
import * as imports from './migrations/0002-imports.js';
import * as apiSessions from './migrations/0003-api-sessions.js';
import * as delivery from './migrations/0004-delivery.js';
import * as callbackWarnings from './migrations/0007-callback-warnings.js';
import * as sms from './migrations/0008-sms.js';
import * as smsCampaigns from './migrations/0009-sms-campaigns.js';
import * as campaignMessageStatus from './migrations/0010-campaign-message-status.js';
import * as billingLedger from './migrations/0011-billing-ledger.js';
import * as exchangeRates from './migrations/0012-exchange-rates.js';
import * as sessionExpiry from './migrations/0014-session-expiry.js';

/**
 * Migrations are compiled into the program (no directory scanning), in the order listed.
 *
 * The numbers skip 0005, 0006 and 0013: they were taken by work on parallel branches whose
 * migrations were never landed (no commit of the repository holds them). A number is never reused
 * or filled in later: Kysely refuses to run a migration named before one a database already ran,
 * so a new migration always takes the next number after the highest.
 */
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-imports': imports,
  '0003-api-sessions': apiSessions,
  '0004-delivery': delivery,
  '0007-callback-warnings': callbackWarnings,
  '0008-sms': sms,
  '0009-sms-campaigns': smsCampaigns,
  '0010-campaign-message-status': campaignMessageStatus,
  '0011-billing-ledger': billingLedger,
  '0012-exchange-rates': exchangeRates,
  '0014-session-expiry': sessionExpiry,
};

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export async function migrateToLatest(store: Store): Promise<string[]> {
  const migrator = new Migrator({ db: store.db, provider: new StaticMigrationProvider() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
