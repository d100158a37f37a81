#!/usr/bin/env node
// Runs every test file under test/ with Node's test runner (TypeScript through tsx) and ends with
// the line "N passed, N failed" that CI reads. No --test-force-exit: with process isolation it can
// drop finished files' results and still exit 0 (nodejs/node#64833: one CI run reported 1,880 of
// 1,891 tests). A file that leaves a handle open fails on its timeout instead of hiding.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out.sort();
}

const filter = process.argv.slice(2);
const files = findTests('test').filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)));
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=300000', ...files], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
// The totals come before the list of failures, which can be long: keep enough to find them.
let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString()).slice(-1_000_000);
});
child.on('close', (code) => {
  const num = (label) => Number([...tail.matchAll(new RegExp(`ℹ ${label} (\\d+)`, 'g'))].at(-1)?.[1] ?? 0);
  const passed = num('pass');
  const failed = num('fail') + num('cancelled');
  const skipped = num('skipped');
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code ?? 1);
});
