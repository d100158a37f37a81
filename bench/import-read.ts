/**
 * Measures the reading side of the import engine alone (no database): generates seeded 10-column
 * CSV files in a temp dir and prints rows/s for readRows, and readRows + toRecord, without and
 * with a mobile column (libphonenumber dominates the latter).
 *
 *   node --import tsx bench/import-read.ts [rows=1000000]
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ReadOptions } from '../src/core/imports/reading/contract.js';
import { resolveMapping } from '../src/core/imports/reading/mapping.js';
import { readRows } from '../src/core/imports/reading/read-rows.js';
import { toRecord } from '../src/core/imports/reading/records.js';
import { prng } from './support/prng.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);


const FIRST = ['Ann', 'Bob', 'Zoë', 'Jörg', 'Olga', 'Сергей', 'María', 'Li', 'Tom', 'Eve'];
const LAST = ['Smith', 'Jones', 'Müller', 'Иванов', "O'Brien", 'García', 'Chen', 'Brown'];
const TOWNS = ['Worthing', 'Brighton', '"Hove, East"', 'London', 'Paris', 'Berlin'];

async function generate(file: string, withMobile: boolean): Promise<void> {
  const rnd = prng(withMobile ? 2 : 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const out = createWriteStream(file);
  const last = withMobile ? 'EMVCELLPHONE' : 'SOURCE';
  out.write(`EMAIL,FIRSTNAME,LASTNAME,TITLE,DATEOFBIRTH,COMPANY,TOWN,POSTCODE,COUNTRY,${last}\n`);
  let chunk = '';
  for (let i = 0; i < ROWS; i++) {
    const dob = `${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}/${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}/${1940 + Math.floor(rnd() * 65)}`;
    const tail = withMobile ? `07${String(400000000 + Math.floor(rnd() * 99999999))}` : 'bench';
    chunk += `user${i}@example${i % 97}.com,${pick(FIRST)},${pick(LAST)},Mr,${dob},Company ${i % 500},${pick(TOWNS)},BN${i % 99} ${i % 9}AD,GB,${tail}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);

async function measure(label: string, file: string, withRecords: boolean, limit = Infinity): Promise<void> {
  const opts: ReadOptions = { format: 'csv', encoding: 'UTF-8', delimiter: ',', enclosure: '"' };
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  let rows = 0;
  let ok = 0;
  let header: string[] | null = null;
  let rules = null as Parameters<typeof toRecord>[1] | null;
  const customIds: ReadonlySet<number> = new Set();
  for await (const batch of readRows(file, opts)) {
    if (rows >= limit) break;
    for (const row of batch) {
      if (header === null) {
        header = row.cells;
        rules = { mapping: resolveMapping(header, undefined, []), dateFormat: 'dd/MM/yyyy', dedupKey: 'email', defaultCountry: 'GB', columnNames: header };
        continue;
      }
      rows++;
      if (withRecords && rules !== null && toRecord(row, rules, customIds).ok) ok++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  // CPU seconds too: on a shared machine wall time also measures the neighbours.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(
    `${label.padEnd(44)} ${fmt(rows)} rows: ${fmt(rows / seconds)} rows/s wall (${seconds.toFixed(2)} s), `
    + `${fmt(rows / cpuSeconds)} rows/CPU-s${withRecords ? `, ${fmt(ok)} valid` : ''}`,
  );
}

/** Pins the per-column cost of toRecord alone, on rows already in memory. */
async function measureToRecordOnly(file: string, limit: number): Promise<void> {
  const opts: ReadOptions = { format: 'csv', encoding: 'UTF-8', delimiter: ',', enclosure: '"' };
  const rows = [];
  for await (const batch of readRows(file, opts)) {
    rows.push(...batch);
    if (rows.length > limit) break;
  }
  const header = (rows.shift() as (typeof rows)[number]).cells;
  const rules = { mapping: resolveMapping(header, undefined, []), dateFormat: 'dd/MM/yyyy', dedupKey: 'email' as const, defaultCountry: 'GB', columnNames: header };
  const ids: ReadonlySet<number> = new Set();
  for (let round = 1; round <= 3; round++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    for (const row of rows) toRecord(row, rules, ids);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuStarted);
    const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
    console.log(`${`toRecord alone, round ${round}`.padEnd(44)} ${fmt(rows.length)} rows: ${fmt(rows.length / seconds)} rows/s wall, ${fmt(rows.length / ((cpu.user + cpu.system) / 1e6))} rows/CPU-s`);
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'herald-bench-read-'));
try {
  const plain = path.join(dir, 'plain.csv');
  const mobile = path.join(dir, 'mobile.csv');
  await generate(plain, false);
  await generate(mobile, true);
  console.log(`${ROWS.toLocaleString('en-US')} rows × 10 columns, Node ${process.version}`);
  await measure('readRows (first run)', plain, false);
  await measure('readRows (second run)', plain, false);
  await measure('readRows + toRecord, no phone column', plain, true);
  await measure('readRows + toRecord, no phone (second run)', plain, true);
  // libphonenumber costs ~30 µs a number: 200k rows are enough for a stable figure.
  await measure('readRows + toRecord, mobile column (200k)', mobile, true, 200_000);
  console.log(`peak RSS while streaming ${Math.round(peakRss / 1048576)} MB`);
  // Last, because it holds its rows in memory on purpose (RSS no longer meaningful after it).
  await measureToRecordOnly(plain, 200_000);
} finally {
  clearInterval(sampler);
  rmSync(dir, { recursive: true, force: true });
}
