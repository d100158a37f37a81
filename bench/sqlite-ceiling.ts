/**
 * The ceiling under `bench:import` on SQLite: how fast better-sqlite3 alone inserts rows shaped like
 * the import benchmark's (the 12 contact columns its 10 CSV columns fill, addresses of the same
 * form in random order) into Herald's real contacts table (migrated schema, its indexes and foreign
 * keys, WAL, 50,000 rows per commit).
 * No file, no parsing, no validation, no dedup lookup, no checkpoint: only the INSERTs the engine
 * cannot avoid, on one thread. Whatever the engine does, it cannot import faster than this.
 * Usage: npm run bench:sqlite-ceiling [-- --rows 1000000]; BENCH_PRAGMAS as for bench:import.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createAccount } from '../src/core/accounts/accounts.js';
import { defaultOfficeId } from '../src/core/audience/offices/offices.js';
import type { CoreContext } from '../src/core/context.js';
import { SecretBox } from '../src/core/secrets/encryption.js';
import { sqliteHandle } from '../src/store/database.js';
import { createDatabase } from '../test/support/databases.js';
import { prng } from './support/prng.js';
import { FIRST_NAMES, LAST_NAMES } from './support/people.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const ROWS = Number(values.rows);
const COMMIT_ROWS = 50_000;
const COLUMNS = ['email', 'email_key', 'first_name', 'last_name', 'title', 'date_of_birth', 'company', 'town', 'post_code', 'country', 'source', 'status'];

async function run(foreignKeys: boolean): Promise<{ foreignKeys: boolean; rows: number; perSecond: number; usPerRow: number; cpuUsPerRow: number }> {
  const database = await createDatabase('sqlite');
  try {
    const ctx: CoreContext = { db: database.store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://127.0.0.1', dataDir: database.env.HERALD_DATA_DIR! };
    const account = await createAccount(ctx, { name: 'Ceiling', defaultCountry: 'GB' });
    const officeId = await defaultOfficeId({ db: ctx.db, accountId: account.id });
    const handle = sqliteHandle(ctx.db)!;
    handle.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
    for (const p of (process.env.BENCH_PRAGMAS ?? '').split(';').filter(Boolean)) handle.pragma(p);
    const insert = handle.prepare(
      `insert into contacts (account_id, office_id, joined_at, created_at, updated_at, last_import_id, ${COLUMNS.join(', ')}) ` +
        `values (?, ?, ?, ?, ?, ?, ${COLUMNS.map(() => '?').join(', ')})`,
    );
    const now = new Date().toISOString();
    const rand = prng(42);
    const firsts = FIRST_NAMES.map((n) => n.toLowerCase());
    const lasts = LAST_NAMES.map((n) => n.toLowerCase());
    const params: (string | number)[] = [account.id, officeId, now, now, now, 1, '', '', '', '', 'Mr', '1970-01-02', 'Smith & Co, Ltd', 'Worthing', 'BN1 2AB', 'GB', 'bench', 'Permitted'];
    const started = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    for (let done = 0; done < ROWS; done += COMMIT_ROWS) {
      handle.exec('begin');
      for (let i = done; i < Math.min(ROWS, done + COMMIT_ROWS); i++) {
        const first = firsts[Math.floor(rand() * firsts.length)]!;
        const last = lasts[Math.floor(rand() * lasts.length)]!;
        const email = `${first}.${last}.${i}@example.com`;
        params[6] = email;
        params[7] = email;
        params[8] = first;
        params[9] = last;
        insert.run(params);
      }
      handle.exec('commit');
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const used = process.cpuUsage(cpu);
    return {
      foreignKeys,
      rows: ROWS,
      perSecond: Math.round(ROWS / seconds),
      usPerRow: Number(((seconds * 1e6) / ROWS).toFixed(2)),
      cpuUsPerRow: Number(((used.user + used.system) / ROWS).toFixed(2)),
    };
  } finally {
    await database.dispose();
  }
}

console.table([await run(true), await run(false)]);
