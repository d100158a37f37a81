/**
 * Import engine benchmark: generates (seeded) a CSV of N rows × 10 columns — EMAIL, FIRSTNAME,
 * LASTNAME, TITLE, DATEOFBIRTH, COMPANY, TOWN, POSTCODE, COUNTRY, SOURCE; no phone column, so no
 * libphonenumber work — and imports it through createImport + the runner in this process:
 * insert mode into an empty table, then upsert of the same addresses with changed names into the
 * table now holding N contacts. SQLite (fresh data dir) and PostgreSQL (fresh database), each in a
 * process of its own, as a Herald process serves one database: its peak RSS is that database's.
 * Prints rows/s (job start → end, as the runner measures it) and peak RSS.
 * Usage: npm run bench:import [-- --rows 1000000 --only sqlite|postgres]
 * BENCH_PRAGMAS='cache_size=-65536;…' applies SQLite pragmas to the store first (experiments);
 * BENCH_NODE_ARGS='--cpu-prof …' passes node options to the importing processes (profiles).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { createAccount } from '../src/core/accounts/accounts.js';
import type { CoreContext } from '../src/core/context.js';
import { createImport, waitForImport } from '../src/core/imports/jobs.js';
import { startImportRunner } from '../src/core/imports/runner.js';
import type { ImportMode } from '../src/core/imports/types.js';
import { SecretBox } from '../src/core/secrets/encryption.js';
import { sqliteHandle } from '../src/store/database.js';
import { createDatabase, postgresReachable, type DatabaseKind } from '../test/support/databases.js';
import { prng } from './support/prng.js';
import { FIRST_NAMES, LAST_NAMES } from './support/people.js';
import { cpuSnapshot, cpuSpent } from './support/cpu.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, only: { type: 'string' }, files: { type: 'string' } } });
const ROWS = Number(values.rows);


const TITLES = ['Mr', 'Mrs', 'Ms', 'Dr', 'Miss'];
const TOWNS = ['Worthing', 'Brighton', 'London', 'Leeds', 'Bristol', 'York', 'Bath', 'Hove', 'Lewes', 'Chichester'];
const AREAS = ['BN', 'LS', 'BS', 'YO', 'BA', 'PO', 'SW', 'EC'];

async function generate(file: string, rows: number, seed: number, renamed: boolean): Promise<void> {
  const rand = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out = createWriteStream(file);
  out.write('EMAIL,FIRSTNAME,LASTNAME,TITLE,DATEOFBIRTH,COMPANY,TOWN,POSTCODE,COUNTRY,SOURCE\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const y = 1940 + Math.floor(rand() * 65);
    const m = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
    const d = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
    const pc = `${pick(AREAS)}${1 + Math.floor(rand() * 20)} ${Math.floor(rand() * 10)}${String.fromCharCode(65 + Math.floor(rand() * 26))}${String.fromCharCode(65 + Math.floor(rand() * 26))}`;
    chunk += `${first.toLowerCase()}.${last.toLowerCase()}.${i}@example.com,${renamed ? `${first}-${i % 97}` : first},${last},${pick(TITLES)},${y}-${m}-${d},"${last} & Co, Ltd",${pick(TOWNS)},${pc},GB,bench\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

interface Result {
  database: string;
  mode: ImportMode;
  rows: number;
  seconds: number;
  perSecond: number;
  counters: string;
  peakRssMb: number;
  /** CPU µs per row: this process, and the PostgreSQL backends. */
  heraldCpuUs: number;
  pgCpuUs: number;
}

async function runCase(ctx: CoreContext, accountId: number, file: string, mode: ImportMode, label: string): Promise<Result> {
  const scope = { db: ctx.db, accountId };
  const postgres = label === 'postgres';
  const cpuBefore = await cpuSnapshot(ctx.db, postgres);
  const created = await createImport(ctx, scope, {
    source: 'bench',
    fileName: path.basename(file),
    content: createReadStream(file),
    options: { mode, header: true, dedupKey: 'email', skipUnsubscribedAndHardBounced: false, groupIds: [], officeId: null },
  });
  const job = await waitForImport(scope, created.id, 3_600_000);
  const cpu = cpuSpent(cpuBefore, await cpuSnapshot(ctx.db, postgres));
  const seconds = (Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000;
  const c = job.counters;
  return {
    database: label,
    mode,
    rows: c.read,
    seconds,
    perSecond: Math.round(c.read / seconds),
    counters: `${job.status}: +${c.inserted} ~${c.updated} =${c.unchanged} !${c.rejected}`,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    heraldCpuUs: Math.round((cpu.herald * 1e6) / c.read),
    pgCpuUs: Math.round((cpu.postgres * 1e6) / c.read),
  };
}

async function runDatabase(kind: DatabaseKind, files: { first: string; second: string }): Promise<Result[]> {
  const database = await createDatabase(kind);
  const ctx: CoreContext = { db: database.store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://127.0.0.1', dataDir: database.env.HERALD_DATA_DIR! };
  const handle = sqliteHandle(ctx.db);
  for (const p of (process.env.BENCH_PRAGMAS ?? '').split(';').filter(Boolean)) handle?.pragma(p);
  console.log(`RSS before import: ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
  const runner = startImportRunner(ctx, { pollMs: 100 });
  try {
    const account = await createAccount(ctx, { name: 'Bench', defaultCountry: 'GB' });
    const insert = await runCase(ctx, account.id, files.first, 'insert', kind);
    console.log(insert);
    const upsert = await runCase(ctx, account.id, files.second, 'upsert', kind);
    console.log(upsert);
    return [insert, upsert];
  } finally {
    await runner.stop();
    await database.dispose();
  }
}

/** One database in a child process (this script with --files): the results line it prints. */
function runChild(kind: DatabaseKind, dir: string): Result[] {
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const out = execFileSync(process.execPath, [...nodeArgs, '--import', 'tsx', fileURLToPath(import.meta.url), '--rows', String(ROWS), '--only', kind, '--files', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  process.stdout.write(out.split('\n').filter((l) => !l.startsWith(RESULTS)).join('\n'));
  const line = out.split('\n').find((l) => l.startsWith(RESULTS));
  if (line === undefined) throw new Error(`the ${kind} run printed no results`);
  return JSON.parse(line.slice(RESULTS.length)) as Result[];
}

const RESULTS = 'RESULTS ';
if (values.files !== undefined) {
  const kind = values.only as DatabaseKind;
  const results = await runDatabase(kind, { first: path.join(values.files, 'contacts.csv'), second: path.join(values.files, 'contacts-renamed.csv') });
  console.log(RESULTS + JSON.stringify(results));
} else {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-import-'));
  try {
    const t0 = Date.now();
    await generate(path.join(dir, 'contacts.csv'), ROWS, 42, false);
    await generate(path.join(dir, 'contacts-renamed.csv'), ROWS, 42, true);
    console.log(`generated 2 × ${ROWS} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const results: Result[] = [];
    if (values.only !== 'postgres') results.push(...runChild('sqlite', dir));
    if (values.only !== 'sqlite') {
      if (await postgresReachable()) results.push(...runChild('postgres', dir));
      else console.log('PostgreSQL unreachable: skipped');
    }
    console.table(results);
    console.log('peak RSS is the maximum of the process importing into that database (process.resourceUsage().maxRSS), the run before it included');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
