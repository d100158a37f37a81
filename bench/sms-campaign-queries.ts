/**
 * Where an SMS campaign's send phase spends its database time: the campaign pipeline (campaign
 * core, dispatcher, SMPP sender, receipts, campaign ticker) in one process against the SMSC
 * simulator, with Kysely's query log summing duration per statement shape from campaign/send to
 * DONE. bench:sms measures the real processes; this explains its figures.
 * Usage: node --import tsx bench/sms-campaign-queries.ts [--count 20000] [--db sqlite|postgres]
 */
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { createScratchPostgres } from '../test/support/databases.js';
import { migrateToLatest } from '../src/store/migrate.js';
import type { Database } from '../src/store/schema.js';
import type { CoreContext } from '../src/core/context.js';
import { SecretBox } from '../src/core/secrets/encryption.js';
import { createAccount } from '../src/core/accounts/accounts.js';
import { createCampaign } from '../src/core/sms/campaigns/campaigns.js';
import { addRecipientsLocked } from '../src/core/sms/campaigns/recipients.js';
import { withAddingLock } from '../src/core/sms/campaigns/lock.js';
import { sendCampaign } from '../src/core/sms/campaigns/sending.js';
import { startSmsDelivery } from '../src/delivery/sms/start.js';
import { startSmscSimulator } from '../src/sms-sim/simulator.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '20000' }, db: { type: 'string', default: 'sqlite' } } });
const COUNT = Number(values.count);
const POSTGRES = values.db === 'postgres';

const byShape = new Map<string, { n: number; ms: number }>();
let recording = false;
/** Statements differing only in how many parameters they bind count as one. */
const shapeOf = (text: string): string =>
  text
    .replace(/\$\d+/g, '?')
    .replace(/\?(, \?)+/g, '?…')
    .replace(/\(\?…\)(, \(\?…\))+/g, '(?…)…')
    .slice(0, 200);
function log(event: LogEvent): void {
  if (!recording) return;
  const key = shapeOf(event.query.sql);
  const s = byShape.get(key) ?? { n: 0, ms: 0 };
  s.n += 1;
  s.ms += event.queryDurationMillis;
  byShape.set(key, s);
}

async function openDatabase(dir: string): Promise<{ db: Kysely<Database>; drop(): Promise<void> }> {
  if (!POSTGRES) {
    const sqlite = new BetterSqlite3(path.join(dir, 'herald.db'));
    // As src/store/database.ts opens it.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new CamelCasePlugin()], log });
    return { db, drop: async () => undefined };
  }
  const scratch = await createScratchPostgres('herald_bench_q');
  const pool = new pg.Pool({ connectionString: scratch.url, max: 10 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()], log });
  return {
    db,
    async drop() {
      await scratch.drop();
    },
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-q-'));
  const { db, drop } = await openDatabase(dir);
  try {
    await migrateToLatest({ db, dialect: POSTGRES ? 'postgres' : 'sqlite', ping: async () => undefined, close: () => db.destroy() });
    const core: CoreContext = { db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://127.0.0.1', dataDir: dir, systemFrom: null };
    const account = await createAccount(core, { name: 'Bench' });
    const scope = { db, accountId: account.id };
    const text = 'Herald bench: your weekly offer is waiting at the shop, show this SMS at the till. Reply STOP.';
    const id = await createCampaign(scope, { text, type: 2, rateLimit: 0 }, { source: 'mobizon', publicUrl: core.publicUrl });
    for (let i = 0; i < COUNT; i += 500) {
      const inputs = Array.from({ length: Math.min(500, COUNT - i) }, (_, k) => ({ number: `7701${String(i + k).padStart(7, '0')}` }));
      await withAddingLock(scope, id, () => addRecipientsLocked(scope, id, inputs, { publicUrl: core.publicUrl }));
    }
    const sim = await startSmscSimulator({ systemId: 'herald', password: 'bench', receiptDelayMs: 100 });
    const sms = await startSmsDelivery(core, [{ name: 'sim', host: '127.0.0.1', port: sim.port, systemId: 'herald', password: 'bench', systemType: '', window: 100, bind: 'transceiver', prefixes: [] }]);
    recording = true;
    const started = Date.now();
    await sendCampaign(scope, id);
    while ((await db.selectFrom('smsCampaigns').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status !== 'DONE') await new Promise((r) => setTimeout(r, 200));
    recording = false;
    const wall = Date.now() - started;
    await sms?.stop();
    await sim.close();

    const total = [...byShape.values()].reduce((sum, s) => sum + s.ms, 0);
    const count = [...byShape.values()].reduce((sum, s) => sum + s.n, 0);
    console.log(`${COUNT} messages, ${POSTGRES ? 'PostgreSQL' : 'SQLite'}: send → DONE ${wall} ms; ${count} queries, ${total.toFixed(0)} ms summed query time (concurrent queries overlap on PostgreSQL)`);
    for (const [shape, s] of [...byShape].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
      console.log(`${s.ms.toFixed(0).padStart(8)} ms ${String(s.n).padStart(7)}× ${((1000 * s.ms) / s.n).toFixed(0).padStart(6)} µs  ${shape}`);
    }
  } finally {
    await db.destroy();
    await drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
