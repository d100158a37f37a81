/**
 * SMS campaign throughput (`npm run bench:sms`): a mass campaign of N recipients created through
 * the Mobizon face exactly as mobizon-php sends it (form-encoded POSTs), recipients added 500 per
 * campaign/addRecipients request, then campaign/send; one `herald serve` process (SQLite by
 * default, or a fresh PostgreSQL database) sends it over one SMPP route to the SMSC simulator of
 * `herald smsc-sim`, running in a process of its own and returning a DELIVRD receipt for every part
 * after a short delay.
 *
 * Measured from campaign/send: the last submit_sm answered by the SMSC; every message's status
 * persisted as ACCEPTD or final (none NEW or ENQUEUD in the database); every receipt applied (no
 * message waiting for one); the campaign reaching DONE. Prints rates for each, Herald's peak RSS
 * and CPU (and PostgreSQL's backends' CPU), and the machine's load, since the machine is shared.
 *
 * Usage: npm run bench:sms [-- --count 100000 --db sqlite|postgres --window 100 --bind split
 *        --parts 1 --receipt-delay 100 --skip-receipts --profile <dir> --keep]
 * --skip-receipts: no receipts come back during the run (the submit side alone); stops once every
 * status is persisted.
 * --bind split: a transmitter and a receiver session instead of one transceiver (the route's
 * `bind=` option; routes have one session, so that is the only way to more connections).
 * --profile: Herald runs with --cpu-prof and writes its profile into <dir> when it stops.
 */
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { freePort, ROOT, waitFor } from '../test/support/processes.js';
import { createScratchPostgres } from '../test/support/databases.js';
import { phpCall, type WireResponse } from '../test/faces/mobizon/client.js';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/server/runtime.js';
import { openStore } from '../src/store/database.js';
import { createAccount } from '../src/core/accounts/accounts.js';
import { cpuSnapshot, cpuSpent } from './support/cpu.js';
import type { SmscReport } from './sms-campaign-smsc.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    db: { type: 'string', default: 'sqlite' },
    window: { type: 'string', default: '100' },
    bind: { type: 'string', default: 'transceiver' },
    parts: { type: 'string', default: '1' },
    'receipt-delay': { type: 'string', default: '100' },
    'skip-receipts': { type: 'boolean', default: false },
    profile: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const POSTGRES = values.db === 'postgres';
const BATCH = 500;
if (!POSTGRES && values.db !== 'sqlite') throw new Error('--db is sqlite or postgres');

/** Kazakh mobile prefixes (Kcell, Beeline, Tele2, Altel): every generated number is a valid mobile. */
const PREFIXES = ['7701', '7702', '7705', '7707', '7747', '7775', '7777', '7708'];
/** The i-th recipient, as Mobizon clients send numbers (digits, no `+`); all distinct. */
const numberOf = (i: number): string => `${PREFIXES[i % PREFIXES.length]}${String(Math.floor(i / PREFIXES.length)).padStart(7, '0')}`;

/** A GSM-7 text of exactly the requested number of parts (160 characters fit one, 153 each after). */
function textOfParts(parts: number): string {
  const base = 'Herald bench: your weekly offer is waiting at the shop, show this SMS at the till. Reply STOP to opt out. ';
  const length = parts === 1 ? 120 : 153 * (parts - 1) + 100;
  return base.repeat(Math.ceil(length / base.length)).slice(0, length).trim();
}

const NOT_PERSISTED = ['NEW', 'ENQUEUD'];
const AWAITING_RECEIPT = ['NEW', 'ENQUEUD', 'ACCEPTD'];

function startSmsc(receiptDelayMs: number): Promise<{ port: number; latest: () => SmscReport; stop(): void }> {
  const child = fork(path.join(ROOT, 'bench/sms-campaign-smsc.ts'), [String(receiptDelayMs)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let latest: SmscReport = {};
  return new Promise((resolve) => {
    child.on('message', (m: SmscReport) => {
      if (m.port) resolve({ port: m.port, latest: () => latest, stop: () => child.kill('SIGTERM') });
      else latest = m;
    });
  });
}

async function freshDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-bench-sms-'));
  const env: Record<string, string> = { HERALD_DATA_DIR: dataDir, HERALD_SECRET_KEY: randomBytes(32).toString('hex') };
  if (!POSTGRES) return { env, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const scratch = await createScratchPostgres('herald_bench_sms');
  env.DATABASE_URL = scratch.url;
  return {
    env,
    async drop() {
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Peak resident set (VmHWM) and CPU seconds of a process, from /proc (Linux). */
function processFigures(pid: number): { peakRssMb: number; rssMb: number; cpuSeconds: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { peakRssMb: Number(hwm?.[1] ?? 0) / 1024, rssMb: Number(rss?.[1] ?? 0) / 1024, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 };
  } catch {
    return { peakRssMb: 0, rssMb: 0, cpuSeconds: 0 };
  }
}

function ok<T>(res: WireResponse, what: string): T {
  if (res.status !== 200 || res.body.code !== 0) throw new Error(`${what}: HTTP ${res.status} ${res.text.slice(0, 500)}`);
  return res.body.data as T;
}

const seconds = (from: number, to: number | undefined): number => ((to ?? NaN) - from) / 1000;
const rate = (n: number, s: number): string => (Number.isFinite(s) && s > 0 ? Math.round(n / s).toLocaleString('en-US') : '—');
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');

async function main(): Promise<void> {
  const database = await freshDatabase();
  // --skip-receipts: the SMSC holds its receipts for a day, so the submit side runs alone.
  const smsc = await startSmsc(values['skip-receipts'] ? 86_400_000 : Number(values['receipt-delay']));
  const runtime = await openRuntime(loadConfig({ ...database.env }));
  const account = await createAccount(runtime.core, { name: 'Bench' });
  await runtime.close();

  const port = await freePort();
  const route = `smpp://herald:bench@127.0.0.1:${smsc.port}?window=${values.window}&bind=${values.bind === 'split' ? 'split' : 'transceiver'}&name=sim`;
  // As the herald CLI runs from source (test/support/processes.ts spawnCli), plus --cpu-prof when
  // asked (Node refuses it in NODE_OPTIONS).
  const server = spawn(process.execPath, [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : []), '--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...database.env, HERALD_PORT: String(port), HERALD_LOG_LEVEL: 'warn', HERALD_SMPP_ROUTES: route },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr!.on('data', (d) => process.stderr.write(d));
  const base = `http://127.0.0.1:${port}`;
  const apiKey = account.credentials.mobizon.apiKey;
  const store = openStore({ databaseUrl: database.env.DATABASE_URL ?? null, dataDir: database.env.HERALD_DATA_DIR!, maxConnections: 2 });
  const loadAtStart = load();
  try {
    await waitFor(`${base}/readyz`, 60_000);
    const text = textOfParts(Number(values.parts));
    const campaignId = ok<string>(await phpCall(base, apiKey, 'campaign', 'create', { data: { type: '2', from: '', text, rateLimit: '0', ratePeriod: '60', name: 'Bench campaign' } }), 'campaign/create');

    // Recipients: one request at a time (each holds the campaign's adding lock).
    const addStarted = Date.now();
    let refused = 0;
    const requestMs: number[] = [];
    for (let from = 0; from < COUNT; from += BATCH) {
      const requestStarted = Date.now();
      const recipients = Array.from({ length: Math.min(BATCH, COUNT - from) }, (_, k) => numberOf(from + k));
      const res = await phpCall(base, apiKey, 'campaign', 'addRecipients', { id: campaignId, recipients });
      if (res.status !== 200 || (res.body.code !== 0 && res.body.code !== 98)) throw new Error(`campaign/addRecipients: HTTP ${res.status} ${res.text.slice(0, 500)}`);
      refused += (res.body.data as { code: number }[]).filter((r) => r.code !== 0).length;
      requestMs.push(Date.now() - requestStarted);
    }
    const addSeconds = (Date.now() - addStarted) / 1000;
    const added = COUNT - refused;
    // Whether adding slows down as the campaign grows: the first and the last tenth of the requests.
    const tenth = Math.max(1, Math.floor(requestMs.length / 10));
    const meanMs = (list: number[]): number => list.reduce((a, b) => a + b, 0) / list.length;
    const firstTenthMs = meanMs(requestMs.slice(0, tenth));
    const lastTenthMs = meanMs(requestMs.slice(-tenth));
    process.stderr.write(`  ${added} recipients added in ${addSeconds.toFixed(1)} s; sending\n`);

    const herald = server.pid!;
    const cpuBefore = await cpuSnapshot(store.db, POSTGRES);
    const beforeSend = processFigures(herald);
    const heraldCpuBefore = beforeSend.cpuSeconds;
    const sendAt = Date.now();
    const outcome = ok<number>(await phpCall(base, apiKey, 'campaign', 'send', { id: campaignId }), 'campaign/send');

    // Poll the database: when did nothing wait for a submit, nothing wait for a receipt, the campaign end?
    let persistedAt: number | undefined;
    let finalAt: number | undefined;
    let doneAt: number | undefined;
    let status = '';
    let counts: Record<string, number> = {};
    const deadline = sendAt + Math.max(600_000, COUNT * 20);
    let lastProgress = sendAt;
    for (;;) {
      const rows = await store.db.selectFrom('messages').select(['status', sql<number>`count(*)`.as('n')]).where('campaignId', '=', Number(campaignId)).groupBy('status').execute();
      const now = Date.now();
      counts = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      const waiting = (list: string[]): number => list.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
      if (persistedAt === undefined && waiting(NOT_PERSISTED) === 0) persistedAt = now;
      if (finalAt === undefined && waiting(AWAITING_RECEIPT) === 0) finalAt = now;
      status = (await store.db.selectFrom('smsCampaigns').select('status').where('id', '=', Number(campaignId)).executeTakeFirstOrThrow()).status;
      if (status === 'DONE') doneAt ??= now;
      if (doneAt !== undefined && finalAt !== undefined) break;
      if (values['skip-receipts'] && persistedAt !== undefined) break;
      if (now > deadline) break;
      if (now - lastProgress >= 5000) {
        lastProgress = now;
        process.stderr.write(`  ${seconds(sendAt, now).toFixed(0)} s: campaign ${status}, messages ${JSON.stringify(counts)}, SMSC submits ${smsc.latest().stats?.submits ?? 0} receipts acked ${smsc.latest().stats?.receiptsAcked ?? 0}\n`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const cpu = cpuSpent(cpuBefore, await cpuSnapshot(store.db, POSTGRES));
    const figures = processFigures(herald);
    const info = ok<{ commonStatus: string; counters: Record<string, string> }>(await phpCall(base, apiKey, 'campaign', 'getInfo', { id: campaignId }), 'campaign/getInfo');
    const sim = smsc.latest();
    const parts = sim.stats?.submits ?? 0;

    console.log(`\nSMS campaign benchmark: ${COUNT.toLocaleString('en-US')} recipients, ${values.parts}-part GSM text, ${POSTGRES ? 'PostgreSQL' : 'SQLite'}, 1 SMPP route (${values.bind === 'split' ? 'transmitter + receiver' : 'transceiver'}, window ${values.window}), ${values['skip-receipts'] ? 'receipts held back' : `receipts after ${values['receipt-delay']} ms`}`);
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at start ${loadAtStart}, at end ${load()}`);
    console.log(`recipients added:    ${rate(added, addSeconds)}/s (${added.toLocaleString('en-US')} in ${addSeconds.toFixed(1)} s, ${requestMs.length} requests of ${BATCH}, ${firstTenthMs.toFixed(0)} ms each in the first tenth, ${lastTenthMs.toFixed(0)} ms in the last; ${refused} refused)`);
    console.log(`campaign/send:       answered ${outcome} (2 = sending); times below are from the request`);
    console.log(`submits (SMSC):      ${rate(added, seconds(sendAt, sim.lastSubmitAt))} messages/s, ${rate(parts, seconds(sendAt, sim.lastSubmitAt))} parts/s (last submit_sm after ${seconds(sendAt, sim.lastSubmitAt).toFixed(1)} s, first after ${seconds(sendAt, sim.firstSubmitAt).toFixed(2)} s; ${parts} parts, ${sim.stats?.throttled ?? 0} throttled)`);
    console.log(`statuses persisted:  ${rate(added, seconds(sendAt, persistedAt))}/s (none NEW/ENQUEUD after ${seconds(sendAt, persistedAt).toFixed(1)} s)`);
    if (!values['skip-receipts']) console.log(`receipts applied:    ${rate(added, seconds(sendAt, finalAt))} messages/s (all final after ${seconds(sendAt, finalAt).toFixed(1)} s; SMSC: ${sim.stats?.receiptsAcked ?? 0} acked, ${sim.stats?.receiptsRefused ?? 0} refused and sent again)`);
    console.log(`campaign:            ${status}${doneAt ? ` after ${seconds(sendAt, doneAt).toFixed(1)} s` : ''}; getInfo commonStatus ${info.commonStatus}, NEW+ENQUEUD ${Number(info.counters.totalNewMsgNum) + Number(info.counters.totalEnqueudMsgNum)}, DELIVRD ${info.counters.totalDelivrdMsgNum}; messages by status ${JSON.stringify(counts)}`);
    console.log(`Herald:              peak RSS ${figures.peakRssMb.toFixed(0)} MB (${beforeSend.peakRssMb.toFixed(0)} MB before campaign/send); CPU from send to the end ${(figures.cpuSeconds - heraldCpuBefore).toFixed(1)} s (${(((figures.cpuSeconds - heraldCpuBefore) * 1e6) / added).toFixed(0)} µs/message)${POSTGRES ? `; PostgreSQL backends ${cpu.postgres.toFixed(1)} s (${((cpu.postgres * 1e6) / added).toFixed(0)} µs/message)` : ''}`);
  } finally {
    await store.close();
    if (server.exitCode === null && server.signalCode === null) {
      // Herald stops gracefully on SIGTERM (and then writes its CPU profile); a stuck stop is killed.
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
    smsc.stop();
    if (values.keep) console.log(`kept: ${JSON.stringify(database.env)}`);
    else await database.drop();
  }
}

await main();
