/**
 * The campaign ticker's cost: five SENT campaigns of 100,000 messages with ten receipts missing in
 * each, then ten passes of advanceCampaigns, timed. `npm run bench:campaign-ticker -- sqlite|postgres [drop]`
 * (`drop` removes the campaign status index of migration 0010 first, to compare).
 */
import { createScratchPostgres } from '../test/support/databases.js';
import { openStore } from '../src/store/database.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { advanceCampaigns } from '../src/core/sms/campaigns/lifecycle.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createAccount } from '../src/core/accounts/accounts.js';
import { SecretBox } from '../src/core/secrets/encryption.js';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';

const pgMode = process.argv[2] === 'postgres';
const drop = process.argv[3] === 'drop';
const scratch = pgMode ? await createScratchPostgres('herald_tick') : null;
const store = openStore({ databaseUrl: scratch?.url ?? null, dataDir: mkdtempSync(tmpdir() + '/ht-'), maxConnections: 4 });
await migrateToLatest(store);
const db = store.db;
if (drop) await db.schema.dropIndex('messages_campaign_status').execute();
const core = { db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://x', dataDir: '/tmp', systemFrom: 'a@b.c' };
const acc = await createAccount(core, { name: 'a', defaultCountry: null });
const now = new Date().toISOString();
const camps = 5;
for (let c = 0; c < camps; c++) {
  const camp = await db.insertInto('smsCampaigns').values({ accountId: acc.id, type: 2, text: 'x', status: 'SENT', source: 'x', createdAt: now, endSendAt: now }).returning('id').executeTakeFirstOrThrow();
  for (let i = 0; i < 100000; i += 1000) {
    await db.insertInto('messages').values(Array.from({ length: 1000 }, (_, j) => ({ accountId: acc.id, channel: 'sms', source: 'x', status: i + j >= 99990 ? 'ACCEPTD' : 'DELIVRD', dueAt: null, giveUpAt: now, recipient: `+7701${String(i + j).padStart(7, '0')}`, sender: '', statDay: '2026-01-01', trackOpens: 0, trackClicks: 0, createdAt: now, scheduledAt: null, segments: 1, campaignId: camp.id }))).execute();
  }
}
if (pgMode) await sql`analyze messages`.execute(db);
const times: number[] = [];
for (let i = 0; i < 10; i++) {
  const s = performance.now();
  await advanceCampaigns(db);
  times.push(performance.now() - s);
}
console.log(`${pgMode ? 'postgres' : 'sqlite'} ${drop ? 'without' : 'with'} index: ${camps} SENT campaigns of 100k, 10 pending each: tick ms ${times.map((t) => t.toFixed(1)).join(' ')}`);
await store.close();
await scratch?.drop();
