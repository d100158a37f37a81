import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describeEachDatabase, createDatabase, type TestDatabase } from '../support/databases.js';
import { runCli } from '../support/processes.js';
import { createOffice } from '../../src/core/audience/offices/offices.js';
import { createGroups } from '../../src/core/audience/groups/groups.js';
import type { AccountScope } from '../../src/core/context.js';

interface Job {
  id: number;
  status: string;
  source: string;
  counters: { read: number; inserted: number; updated: number; unchanged: number; rejected: number };
}

const CSV = [
  'Email,First Name,lastName,mobile,dateOfBirth',
  'ann@example.com,Ann,Able,07911 123456,1980-04-30',
  'bob@example.com,Bob,"Baker, Jr",,',
  'not-an-email,Bad,Row,,',
  '',
].join('\r\n');

describeEachDatabase('herald import / export CLI', (kind) => {
  let database: TestDatabase;
  let dir: string;
  let account: number;
  let group: number;
  let scope: AccountScope;

  before(async () => {
    database = await createDatabase(kind);
    dir = mkdtempSync(path.join(tmpdir(), 'herald-cli-io-'));
    const created = await runCli(['accounts', 'create', '--name', 'Importer', '--country', 'GB', '--json'], database.env);
    assert.equal(created.code, 0, created.stderr);
    account = (JSON.parse(created.stdout) as { id: number }).id;
    scope = { db: database.store.db, accountId: account };
    const office = await createOffice(scope, { name: 'Main office' });
    group = (await createGroups(scope, { name: 'From CLI', offices: [office.id] }))[0]!.id;
  });
  after(async () => {
    await database.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('import --json runs the job in-process and prints the final job; exit 3 when rows were rejected', async () => {
    const file = path.join(dir, 'people.csv');
    writeFileSync(file, CSV);
    const res = await runCli(['import', file, '--account', String(account), '--group', String(group), '--mode', 'upsert', '--json'], database.env);
    assert.equal(res.code, 3, res.stderr);
    const job = JSON.parse(res.stdout.trim()) as Job;
    assert.equal(job.status, 'done_with_errors');
    assert.equal(job.source, 'cli');
    assert.deepEqual(job.counters, { read: 3, inserted: 2, updated: 0, unchanged: 0, rejected: 1 });
  });

  test('export to a file and to stdout gives back what was imported', async () => {
    const out = path.join(dir, 'out.csv');
    const toFile = await runCli(['export', '--account', String(account), '--output', out, '--group', String(group)], database.env);
    assert.equal(toFile.code, 0, toFile.stderr);
    const rows = parse(readFileSync(out), { bom: true, columns: true }) as Record<string, string>[];
    assert.deepEqual(
      rows.map((r) => [r.email, r.firstName, r.lastName, r.mobile, r.dateOfBirth, r.groups, r.source]),
      [
        ['ann@example.com', 'Ann', 'Able', "'+447911123456", '1980-04-30', String(group), rows[0]!.source],
        ['bob@example.com', 'Bob', 'Baker, Jr', '', '', String(group), rows[1]!.source],
      ],
    );
    const toStdout = await runCli(['export', '--account', String(account), '--group', String(group)], database.env);
    assert.equal(toStdout.code, 0, toStdout.stderr);
    assert.equal(toStdout.stdout, readFileSync(out, 'utf8'));
  });

  test('export --format xlsx (also chosen by the .xlsx extension) and --status filter', async () => {
    const out = path.join(dir, 'out.xlsx');
    const res = await runCli(['export', '--account', String(account), '--output', out, '--status', 'permitted'], database.env);
    assert.equal(res.code, 0, res.stderr);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Contacts')!;
    assert.equal(sheet.rowCount, 3);
    assert.equal(sheet.getRow(2).getCell(2).value, 'ann@example.com');
    const dormant = await runCli(['export', '--account', String(account), '--status', 'Dormant'], database.env);
    assert.equal((parse(dormant.stdout, { bom: true }) as string[][]).length, 1);
  });

  test('without --json: summary with counters and where the log and bad file are; exit 0 when done', async () => {
    const file = path.join(dir, 'update.csv');
    writeFileSync(file, 'email,firstName\r\nann@example.com,Annie\r\n');
    const res = await runCli(['import', file, '--account', String(account), '--mode', 'update'], database.env);
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /import \d+ done: read 1, inserted 0, updated 1, unchanged 0, rejected 0/);

    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'email\r\nnope\r\n');
    const withErrors = await runCli(['import', bad, '--account', String(account)], database.env);
    assert.equal(withErrors.code, 3, withErrors.stderr);
    const log = /log:\s+(\S+)/.exec(withErrors.stdout)?.[1];
    const badFile = /bad rows:\s+(\S+)/.exec(withErrors.stdout)?.[1];
    assert.ok(log && existsSync(log), withErrors.stdout);
    assert.ok(badFile && readFileSync(badFile, 'utf8').includes('nope'));
  });

  test('refusals: unknown account, bad options, missing file → exit 1 with a message', async () => {
    const file = path.join(dir, 'people.csv');
    const unknown = await runCli(['import', file, '--account', '999999', '--json'], database.env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /not found/i);
    const badMode = await runCli(['import', file, '--account', String(account), '--mode', 'replace'], database.env);
    assert.notEqual(badMode.code, 0);
    assert.match(badMode.stderr, /insert, update, upsert/);
    const missing = await runCli(['import', path.join(dir, 'nope.csv'), '--account', String(account)], database.env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /ENOENT|no such file/i);
  });
});
