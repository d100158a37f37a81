/**
 * Creates N contacts through the native API with C concurrent clients against a real `herald serve`
 * process (built dist/, logging at warn; run from source through tsx), on SQLite and then on PostgreSQL, and prints requests/s and
 * p50/p99 latency. Usage: npm run bench:contacts [-- --count 100000 --concurrency 32 --only sqlite|postgres]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { Pool } from 'undici';
import pg from 'pg';
import { freePort, runCli, spawnCli, waitFor } from '../test/support/processes.js';
import { PG_ADMIN_URL, postgresReachable } from '../test/support/databases.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '32' },
    only: { type: 'string' },
  },
});
const COUNT = Number(values.count);
const CONCURRENCY = Number(values.concurrency);

interface Result {
  database: string;
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function runAgainst(label: string, env: Record<string, string>): Promise<Result> {
  const created = await runCli(['accounts', 'create', '--name', 'Bench', '--json'], env);
  if (created.code !== 0) throw new Error(created.stderr);
  const apiKey = (JSON.parse(created.stdout) as { native: { apiKey: string } }).native.apiKey;
  const port = await freePort();
  const server = spawnCli(['serve'], { ...env, HERALD_PORT: String(port), HERALD_LOG_LEVEL: 'warn' });
  server.stderr!.on('data', (d) => process.stderr.write(d));
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/readyz`, 30000);
    const pool = new Pool(base, { connections: CONCURRENCY, pipelining: 1 });
    const headers = { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' };
    const office = await pool.request({ method: 'POST', path: '/api/v1/offices', headers, body: JSON.stringify({ name: 'Bench office' }) });
    const officeId = ((await office.body.json()) as { id: number }).id;

    const latencies = new Float64Array(COUNT);
    let next = 0;
    let errors = 0;
    const started = process.hrtime.bigint();
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= COUNT) return;
        const body = JSON.stringify({
          officeId,
          email: `contact${i}@bench.example.com`,
          firstName: 'Bench',
          lastName: `Contact ${i}`,
          mobile: `+447123${String(i).padStart(6, '0')}`,
          status: 'Permitted',
        });
        const t0 = process.hrtime.bigint();
        const res = await pool.request({ method: 'POST', path: '/api/v1/contacts', headers, body });
        const text = await res.body.text();
        latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
        if (res.statusCode !== 201) {
          if (errors++ === 0) console.error(`first error: ${res.statusCode} ${text}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await pool.close();
    latencies.sort();
    return { database: label, requests: COUNT, seconds, perSecond: COUNT / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
  } finally {
    server.kill('SIGTERM');
  }
}

async function main(): Promise<void> {
  console.log(`bench: create ${COUNT} contacts via POST /api/v1/contacts, ${CONCURRENCY} concurrent clients`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${new Date().toISOString()}`);
  const results: Result[] = [];
  if (values.only !== 'postgres') {
    const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-'));
    try {
      results.push(await runAgainst('sqlite', { HERALD_DATA_DIR: dir }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (values.only !== 'sqlite') {
    if (!(await postgresReachable())) {
      console.log(`postgres: skipped, ${PG_ADMIN_URL} unreachable`);
    } else {
      const name = `herald_bench_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect();
      await admin.query(`create database ${name}`);
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${name}`;
      const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-'));
      try {
        results.push(await runAgainst('postgres', { HERALD_DATA_DIR: dir, DATABASE_URL: url.toString() }));
      } finally {
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.end();
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  for (const r of results) {
    console.log(
      `${r.database.padEnd(9)} ${r.requests} requests in ${r.seconds.toFixed(1)} s = ${r.perSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.errors} errors`,
    );
  }
}

await main();
process.exit(0);
