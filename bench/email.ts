/**
 * Email throughput: queues N messages through the native API (batches of 500) of a real
 * `herald serve` process on a fresh SQLite data dir, which delivers them to a local SMTP sink (its
 * own process). Prints accepted/s, delivered/s and accept-to-delivered latency, then checks that
 * every message's status was persisted as SENT.
 * Usage: npm run bench:email [-- --count 100000 --clients 4 --pool 16 --threads 1 --rate 4000]
 * (--rate: offer messages at that many per second instead of as fast as the API takes them, to
 * see latency below saturation).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Pool } from 'undici';
import { freePort, ROOT, spawnCli, waitFor } from '../test/support/processes.js';
import { loadConfig } from '../src/config.js';
import { openRuntime } from '../src/server/runtime.js';
import { createAccount } from '../src/core/accounts/accounts.js';
import { markSenderVerified } from '../src/core/senders/senders.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    clients: { type: 'string', default: '4' },
    pool: { type: 'string', default: '16' },
    threads: { type: 'string', default: '1' },
    rate: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const COUNT = Number(values.count);
const CLIENTS = Number(values.clients);
const BATCH = 500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function startSink(): Promise<{ port: number; onDelivered: (fn: (batch: [string, number][]) => void) => void; stop(): void }> {
  const child = fork(path.join(ROOT, 'bench/support/smtp-sink.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let listener: ((batch: [string, number][]) => void) | null = null;
  return new Promise((resolve) => {
    child.on('message', (m: { port?: number; delivered?: [string, number][] }) => {
      if (m.port) resolve({ port: m.port, onDelivered: (fn) => (listener = fn), stop: () => child.kill() });
      if (m.delivered) listener?.(m.delivered);
    });
  });
}

/** The message id inside a return path bounces+<base36 id>.<mac>@domain. */
function idOfReturnPath(address: string): number {
  const m = /^bounces\+([0-9a-z]+)\./.exec(address);
  return m ? parseInt(m[1] as string, 36) : -1;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'herald-bench-email-'));
  const env = { HERALD_DATA_DIR: dataDir, HERALD_SECRET_KEY: randomBytes(32).toString('hex') };
  const sink = await startSink();

  // Account and a verified sender, written before the server starts.
  const runtime = await openRuntime(loadConfig({ ...env }));
  const account = await createAccount(runtime.core, { name: 'Bench' });
  await markSenderVerified({ db: runtime.core.db, accountId: account.id }, 'bench@shop.example');
  await runtime.close();

  const port = await freePort();
  const server = spawnCli(['serve'], {
    ...env,
    HERALD_PORT: String(port),
    HERALD_LOG_LEVEL: 'warn',
    HERALD_SMTP_RELAYS: `smtp://127.0.0.1:${sink.port}`,
    HERALD_SMTP_POOL: values.pool ?? '16',
    HERALD_SMTP_THREADS: values.threads ?? '1',
  });
  server.stderr!.on('data', (d) => process.stderr.write(d));
  const base = `http://127.0.0.1:${port}`;
  const acceptedAt = new Map<number, number>();
  const deliveredAt = new Map<number, number>();
  let duplicates = 0;
  sink.onDelivered((batch) => {
    for (const [from, at] of batch) {
      const id = idOfReturnPath(from);
      if (deliveredAt.has(id)) duplicates++;
      else deliveredAt.set(id, at);
    }
  });
  try {
    await waitFor(`${base}/readyz`, 30000);
    const pool = new Pool(base, { connections: CLIENTS });
    const headers = { authorization: `Bearer ${account.credentials.native.apiKey}`, 'content-type': 'application/json' };
    const html = '<html><body><h1>Hello {name}</h1><p>Our offer this week: <a href="https://shop.example/offer?utm=bench">see it</a>.</p><p>Thanks,<br>Shop</p></body></html>';
    let next = 0;
    const started = Date.now();
    const client = async (): Promise<void> => {
      for (;;) {
        const from = next;
        if (from >= COUNT) return;
        next += BATCH;
        const n = Math.min(BATCH, COUNT - from);
        if (values.rate) {
          const due = started + (from / Number(values.rate)) * 1000;
          if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
        }
        const messages = Array.from({ length: n }, (_, i) => ({ to: `r${from + i}@example.com`, from: 'bench@shop.example', subject: `Offer ${from + i}`, html: html.replace('{name}', `reader ${from + i}`) }));
        const res = await pool.request({ method: 'POST', path: '/api/v1/messages/email/batch', headers, body: JSON.stringify({ messages }) });
        const body = (await res.body.json()) as { ids?: number[] };
        if (res.statusCode !== 202 || !body.ids) throw new Error(`batch refused: ${res.statusCode} ${JSON.stringify(body)}`);
        const at = Date.now();
        for (const id of body.ids) acceptedAt.set(id, at);
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    const acceptedSeconds = (Date.now() - started) / 1000;
    while (deliveredAt.size < COUNT) {
      await new Promise((r) => setTimeout(r, 100));
      if (Date.now() - started > 600_000) throw new Error(`only ${deliveredAt.size} delivered after 10 minutes`);
    }
    const deliveredTimes = [...deliveredAt.values()];
    const firstDelivery = Math.min(...deliveredTimes);
    const lastDelivery = Math.max(...deliveredTimes);
    const latencies = [...deliveredAt].map(([id, at]) => at - (acceptedAt.get(id) ?? at)).sort((a, b) => a - b);

    // Every status persisted: the statistics (rollups of the recorded results) say SENT for all.
    const day = new Date().toISOString().slice(0, 10);
    let sent = 0;
    for (let i = 0; i < 600 && sent < COUNT; i++) {
      const stats = await pool.request({ method: 'GET', path: `/api/v1/stats/email?from=${day}&to=${day}`, headers });
      const body = (await stats.body.json()) as { days: { counts: Record<string, number> }[] };
      sent = body.days[0]?.counts.SENT ?? 0;
      if (sent < COUNT) await new Promise((r) => setTimeout(r, 100));
    }
    const persistedSeconds = (Date.now() - started) / 1000;
    await pool.close();

    console.log(`\nEmail benchmark: ${COUNT} messages, ${CLIENTS} API clients × ${BATCH} per request${values.rate ? ` offered at ${values.rate}/s` : ''}, SMTP pool ${values.pool}, ${values.threads} sending thread(s), SQLite`);
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`);
    console.log(`accepted:   ${(COUNT / acceptedSeconds).toFixed(0)} msg/s (${acceptedSeconds.toFixed(1)} s)`);
    console.log(`delivered:  ${(COUNT / ((lastDelivery - started) / 1000)).toFixed(0)} msg/s from the first request to the last delivery; ${(COUNT / ((lastDelivery - firstDelivery) / 1000)).toFixed(0)} msg/s first to last delivery`);
    console.log(`latency:    accept → delivered p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms`);
    console.log(`persisted:  ${sent} SENT in the statistics after ${persistedSeconds.toFixed(1)} s; ${duplicates} duplicate deliveries`);
  } finally {
    server.kill('SIGTERM');
    sink.stop();
    if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
