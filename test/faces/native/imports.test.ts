import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Api, accountApi, expectError, ok, type ApiResponse } from './client.js';
import { MAX_IMPORT_FILE_BYTES, MAX_PENDING_IMPORTS } from '../../../src/core/imports/types.js';
import { deflatedEntry, zipArchive } from '../../support/zip-files.js';
import { startImportRunner } from '../../../src/core/imports/runner.js';
import { normalXlsx, sharedStringsBomb, sheetXml, workbookParts } from '../../support/spreadsheets.js';

interface Job {
  id: number;
  status: string;
  source: string;
  mode: string;
  fileName: string;
  size: number;
  options: { mode: string; header: boolean; dedupKey: string; groupIds: number[]; officeId: number | null };
  counters: { read: number; inserted: number; updated: number; unchanged: number; rejected: number };
  progress: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
interface JobPage {
  items: Job[];
  total: number;
  page: number;
  pageSize: number;
}

const GOOD = 'email,firstName,lastName\r\nann@example.com,Ann,Able\r\nbob@example.com,Bob,Baker\r\n';
const BAD_LINE = 'not-an-email,Bad,Row\r\n';
const CSV = `${GOOD}${BAD_LINE}cy@example.com,Cy,Cole\r\n`;

/** multipart/form-data through real fetch; fields first, then the file, as the API documents. */
async function upload(api: Api, fields: Record<string, string>, file: { name: string; content: string | Buffer } | null = { name: 'contacts.csv', content: CSV }): Promise<ApiResponse> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([typeof file.content === 'string' ? file.content : new Uint8Array(file.content)]), file.name);
  const headers: Record<string, string> = api.apiKey ? { authorization: `Bearer ${api.apiKey}` } : {};
  const res = await fetch(`${api.server.baseUrl}/api/v1/imports`, { method: 'POST', headers, body: form });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function download(api: Api, path: string): Promise<{ status: number; type: string; body: Buffer }> {
  const res = await fetch(`${api.server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${api.apiKey ?? ''}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

async function pollUntilFinal(api: Api, id: number): Promise<Job> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const job = ok<Job>(await api.get(`/imports/${id}`));
    if (['done', 'done_with_errors', 'error', 'failed'].includes(job.status)) return job;
    assert.ok(Date.now() < deadline, `job ${id} still ${job.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A request that declares a body over the limit; the server must answer before reading it. */
function declaredTooLarge(server: TestServer, apiKey: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(MAX_IMPORT_FILE_BYTES + 2 * 1024 * 1024) },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
        req.destroy();
      });
    });
    req.on('error', reject);
    req.write('--x\r\n');
  });
}

/** A chunked upload one byte over the limit, generated on the fly so the test holds no big buffer. */
function oversizedBody(boundary: string): ReadableStream<Uint8Array> {
  const head = Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.csv"\r\ncontent-type: text/csv\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  let left = MAX_IMPORT_FILE_BYTES + 1;
  let sentHead = false;
  return new ReadableStream({
    pull(controller) {
      if (!sentHead) {
        sentHead = true;
        return controller.enqueue(head);
      }
      if (left <= 0) {
        controller.enqueue(tail);
        return controller.close();
      }
      const n = Math.min(left, chunk.length);
      left -= n;
      controller.enqueue(chunk.subarray(0, n));
    },
  });
}

/** Every job directory under the data dir (`imports/<account>/<job>`). */
function jobDirs(server: TestServer): string[] {
  const root = path.join(server.core.dataDir, 'imports');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((account) => readdirSync(path.join(root, account)).map((job) => `${account}/${job}`)).sort();
}

describeEachDatabase('native API: imports', (kind) => {
  let server: TestServer;
  let api: Api;
  let group: number;
  let done: Job;

  before(async () => {
    server = await startTestServer(kind);
    api = await accountApi(server);
    const office = ok<{ id: number }>(await api.post('/offices', { name: 'Main office' }), 201).id;
    const created = ok<{ items: { id: number }[] }>(await api.post('/contact-groups', { name: 'Imported', offices: [office] }), 201);
    group = created.items[0]!.id;
  });
  after(() => server.close());

  test('multipart upload → 202 queued job → polled to done_with_errors with exact counters', async () => {
    const res = await upload(api, { mode: 'upsert', header: 'true', dedupKey: 'email', groupIds: String(group) });
    const job = ok<Job>(res, 202);
    assert.ok(['stored', 'validated', 'queued'].includes(job.status), job.status);
    assert.equal(job.source, 'native');
    assert.equal(job.fileName, 'contacts.csv');
    assert.equal(job.size, Buffer.byteLength(CSV));
    assert.deepEqual(job.options.groupIds, [group]);
    assert.equal(job.options.mode, 'upsert');
    done = await pollUntilFinal(api, job.id);
    assert.equal(done.status, 'done_with_errors');
    assert.deepEqual(done.counters, { read: 4, inserted: 3, updated: 0, unchanged: 0, rejected: 1 });
    assert.equal(done.progress, 100);
    assert.ok(done.startedAt && done.finishedAt && done.finishedAt >= done.startedAt);

    const contacts = ok<{ items: { email: string; groups: number[] }[] }>(await api.get(`/contacts?groupId=${group}`));
    assert.deepEqual(contacts.items.map((c) => c.email).sort(), ['ann@example.com', 'bob@example.com', 'cy@example.com']);
  });

  test('log (text/plain) names the bad row; bad file (octet-stream) holds its original bytes', async () => {
    const log = await download(api, `/imports/${done.id}/log`);
    assert.equal(log.status, 200);
    assert.match(log.type, /^text\/plain/);
    assert.match(log.body.toString('utf8'), /\b4\b/, 'the bad row is record 4, the header counted');
    assert.match(log.body.toString('utf8'), /email/i);
    const bad = await download(api, `/imports/${done.id}/bad-file`);
    assert.equal(bad.status, 200);
    assert.equal(bad.type, 'application/octet-stream');
    assert.ok(bad.body.includes(Buffer.from(BAD_LINE)), bad.body.toString('utf8'));
    assert.ok(!bad.body.includes(Buffer.from('ann@example.com')));
  });

  test('a slowly read 50 MB bad file streams from disk: the server buffers a few MB, not the file', async () => {
    const dir = jobDirs(server).find((d) => d.endsWith(`/${done.id}`));
    assert.ok(dir !== undefined);
    const bad = path.join(server.core.dataDir, 'imports', dir, 'bad');
    const original = readFileSync(bad);
    truncateSync(bad, 50 * 1024 * 1024);
    try {
      const before = process.memoryUsage().arrayBuffers;
      const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
        http.get(`${server.baseUrl}/api/v1/imports/${done.id}/bad-file`, { headers: { authorization: `Bearer ${api.apiKey ?? ''}` } }, resolve).on('error', reject);
      });
      assert.equal(res.statusCode, 200);
      // A slow reader: 16 kB every 10 ms for a second.
      res.pause();
      let received = 0;
      for (let i = 0; i < 100; i++) {
        await new Promise((r) => setTimeout(r, 10));
        const chunk = res.read(16 * 1024) as Buffer | null;
        received += chunk?.length ?? 0;
      }
      const grownMb = (process.memoryUsage().arrayBuffers - before) / (1024 * 1024);
      res.destroy();
      assert.ok(received > 0);
      assert.ok(grownMb < 16, `buffers grew by ${grownMb.toFixed(1)} MB while ${(received / 1024 / 1024).toFixed(1)} MB were read`);
    } finally {
      writeFileSync(bad, original);
    }
  });

  test('a finished job keeps its bad and log files but not the upload', async () => {
    const dir = path.join(server.core.dataDir, 'imports', jobDirs(server).find((d) => d.endsWith(`/${done.id}`))!);
    assert.deepEqual(readdirSync(dir).sort(), ['bad', 'log']);
  });

  test('lists jobs newest first, paged, filtered by status and source', async () => {
    const second = ok<Job>(await upload(api, { mode: 'insert' }, { name: 'again.csv', content: GOOD }), 202);
    await pollUntilFinal(api, second.id);
    const all = ok<JobPage>(await api.get('/imports'));
    assert.equal(all.total, 2);
    assert.deepEqual(all.items.map((j) => j.id), [second.id, done.id]);
    assert.equal(all.page, 1);
    assert.equal(all.pageSize, 50);
    const page2 = ok<JobPage>(await api.get('/imports?page=2&pageSize=1'));
    assert.deepEqual(page2.items.map((j) => j.id), [done.id]);
    assert.equal(page2.total, 2);
    const withErrors = ok<JobPage>(await api.get('/imports?status=done_with_errors'));
    assert.deepEqual(withErrors.items.map((j) => j.id), [done.id]);
    assert.equal(ok<JobPage>(await api.get('/imports?source=native')).total, 2);
    assert.equal(ok<JobPage>(await api.get('/imports?source=cli')).total, 0);
    expectError(await api.get('/imports?status=finished'), 400, 'validation_failed', ['querystring.status']);
    expectError(await api.get('/imports?pageSize=0'), 400, 'validation_failed', ['querystring.pageSize']);
  });

  test('refuses a missing file, a non-multipart body and bad options with field details', async () => {
    expectError(await upload(api, { mode: 'insert' }, null), 400, 'validation_failed', ['file']);
    expectError(await api.post('/imports', { mode: 'insert' }), 415, 'unsupported_media_type');
    expectError(await upload(api, { mode: 'replace' }), 400, 'validation_failed', ['mode']);
    expectError(await upload(api, { header: 'maybe', dedupKey: 'phone' }), 400, 'validation_failed', ['header', 'dedupKey']);
    expectError(await upload(api, { groupIds: '1,x' }), 400, 'validation_failed', ['groupIds']);
    expectError(await upload(api, { mapping: '{not json' }), 400, 'validation_failed', ['mapping']);
    expectError(await upload(api, { mapping: '[{"column":0,"field":"email"}]' }), 400, 'validation_failed', ['mapping']);
    expectError(await upload(api, { colour: 'blue' }), 400, 'validation_failed', ['colour']);
    expectError(await upload(api, { groupIds: '999999' }), 400, 'validation_failed');
    assert.equal(ok<JobPage>(await api.get('/imports')).total, 2, 'no job was created by a refused upload');
  });

  test('413 for a declared length over the limit, before anything is stored', async () => {
    const res = await declaredTooLarge(server, api.apiKey!);
    assert.equal(res.status, 413);
    assert.equal((JSON.parse(res.body) as { error: { code: string } }).error.code, 'payload_too_large');
  });

  test('413 for a streamed file one byte over the limit; nothing is kept', async () => {
    const boundary = 'herald-test-boundary';
    const res = await fetch(`${server.baseUrl}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.apiKey ?? ''}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: oversizedBody(boundary),
      duplex: 'half',
    } as RequestInit & { duplex: 'half' });
    assert.equal(res.status, 413, await res.clone().text());
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'payload_too_large');
    assert.equal(ok<JobPage>(await api.get('/imports')).total, 2);
  });

  test(`409 once an account has ${MAX_PENDING_IMPORTS} pending jobs; the limit is per account`, async () => {
    // No runner here, so uploads stay queued.
    const idle = await startTestServer(kind, { importRunner: false });
    try {
      const busy = await accountApi(idle);
      for (let i = 0; i < MAX_PENDING_IMPORTS; i++) ok<Job>(await upload(busy, {}, { name: `p${i}.csv`, content: GOOD }), 202);
      expectError(await upload(busy, {}, { name: 'one-too-many.csv', content: GOOD }), 409, 'conflict');
      assert.equal(ok<JobPage>(await busy.get('/imports?status=queued')).total, MAX_PENDING_IMPORTS);
      ok<Job>(await upload(await accountApi(idle), {}, { name: 'other-account.csv', content: GOOD }), 202);
    } finally {
      await idle.close();
    }
  });

  test('a spreadsheet bomb is refused at upload with the reason; nothing is kept', async () => {
    const before = ok<JobPage>(await api.get('/imports')).total;
    const dirsBefore = jobDirs(server);
    const bomb = zipArchive([...workbookParts(), deflatedEntry('xl/worksheets/sheet1.xml', sheetXml(3)), await sharedStringsBomb(200)]);
    const res = await upload(api, { mode: 'insert' }, { name: 'bomb.xlsx', content: bomb });
    const body = expectError(res, 400, 'validation_failed', ['file']);
    assert.match(JSON.stringify(body), /spreadsheet is refused: xl\/sharedStrings.xml is compressed more than 200 to 1/);
    assert.equal(ok<JobPage>(await api.get('/imports')).total, before, 'no job was created');
    assert.deepEqual(jobDirs(server), dirsBefore, 'no file was kept');
    const mapping = JSON.stringify([{ column: 1, field: 'email', replace: true }, { column: 2, field: 'firstName', replace: true }]);
    const normal = ok<Job>(await upload(api, { mode: 'insert', header: 'false', mapping }, { name: 'ok.xlsx', content: zipArchive(normalXlsx(500)) }), 202);
    const imported = await pollUntilFinal(api, normal.id);
    assert.equal(imported.status, 'done', imported.error ?? '');
    assert.equal(imported.counters.inserted, 500, 'a normal XLSX still imports');
  });

  test('413 for an upload over the account quota; nothing is kept; other accounts are not affected', async () => {
    const quota = { retentionDays: 30, uploadQuotaBytes: 100 };
    server.core.importStorage = quota;
    try {
      const before = jobDirs(server);
      const big = 'email\r\n' + 'someone@example.com\r\n'.repeat(10);
      const res = await upload(api, { mode: 'insert' }, { name: 'big.csv', content: big });
      assert.equal(res.status, 413, JSON.stringify(res.body));
      assert.deepEqual(jobDirs(server), before);
      const small = ok<Job>(await upload(api, { mode: 'insert' }, { name: 'small.csv', content: 'email\r\na@example.com\r\n' }), 202);
      await pollUntilFinal(api, small.id);
    } finally {
      delete server.core.importStorage;
    }
  });

  test('after the retention period the runner sweeps a job\'s files and the downloads answer 410', async () => {
    const old = ok<Job>(await upload(api, { mode: 'insert' }, { name: 'old.csv', content: CSV }), 202);
    await pollUntilFinal(api, old.id);
    await server.database.store.db.updateTable('importJobs').set({ finishedAt: new Date(Date.now() - 31 * 24 * 3600 * 1000).toISOString() }).where('id', '=', old.id).execute();
    const runner = startImportRunner(server.core, { pollMs: 20, sweepEveryMs: 0 });
    try {
      const deadline = Date.now() + 10_000;
      while (jobDirs(server).some((d) => d.endsWith(`/${old.id}`))) {
        assert.ok(Date.now() < deadline, 'the job directory was not swept');
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      await runner.stop();
    }
    assert.ok(jobDirs(server).some((d) => d.endsWith(`/${done.id}`)), 'a recent job keeps its files');
    expectError(await api.get(`/imports/${old.id}/log`), 410, 'gone');
    expectError(await api.get(`/imports/${old.id}/bad-file`), 410, 'gone');
    assert.equal(ok<Job>(await api.get(`/imports/${old.id}`)).status, 'done_with_errors', 'the job itself stays');
  });

  test("another account's job is a 404 everywhere; so is an unknown id", async () => {
    const other = await accountApi(server);
    for (const path of [`/imports/${done.id}`, `/imports/${done.id}/log`, `/imports/${done.id}/bad-file`, '/imports/999999']) {
      expectError(await other.get(path), 404, 'not_found');
    }
    assert.equal(ok<JobPage>(await other.get('/imports')).total, 0);
    expectError(await api.get('/imports/abc'), 400, 'validation_failed');
    expectError(await new Api(server, null).get('/imports'), 401, 'unauthorized');
  });
});

/**
 * A legacy .xls of `rows` contacts (SheetJS parses ~3 MB of it per second, all at once). Built in a
 * worker thread: the hundreds of MB of garbage SheetJS leaves would otherwise be collected by this
 * process's event loop in the middle of the measurement.
 */
async function bigXls(rows: number): Promise<Buffer> {
  const code = `
    const XLSX = require('xlsx');
    const aoa = [['email', 'firstName', 'lastName']];
    for (let i = 0; i < ${rows}; i++) aoa.push(['person' + i + '@example.com', 'First' + i, 'Last' + i]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'S');
    require('node:worker_threads').parentPort.postMessage(XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }));`;
  const [bytes] = (await once(new Worker(code, { eval: true }), 'message')) as [Uint8Array];
  return Buffer.from(bytes);
}

describe('native API: a spreadsheet import keeps the server responsive [sqlite]', () => {
  test('/healthz answers promptly all along the import of a 30,000-row .xls', async () => {
    const server = await startTestServer('sqlite');
    // The server runs in this process: its event loop's longest stall is how long /healthz could wait.
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    try {
      const api = await accountApi(server);
      const content = await bigXls(30_000);
      stalls.enable();
      const started = performance.now();
      const job = ok<Job>(await upload(api, { mode: 'insert' }, { name: 'big.xls', content }), 202);
      let slowest = 0;
      for (;;) {
        const asked = performance.now();
        assert.equal((await fetch(`${server.baseUrl}/healthz`)).status, 200);
        slowest = Math.max(slowest, performance.now() - asked);
        const now = ok<Job>(await api.get(`/imports/${job.id}`));
        if (!['stored', 'queued', 'importing'].includes(now.status)) {
          assert.equal(now.status, 'done', now.error ?? '');
          assert.equal(now.counters.inserted, 30_000);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      stalls.disable();
      const stallMs = stalls.max / 1e6;
      // Relative to the import's duration, so a busy machine (whose scheduler stalls every thread)
      // does not fail it: parsing on the event loop stalls it for a third or more of the import.
      const budget = (performance.now() - started) / 5;
      assert.ok(stallMs < budget && slowest < budget, `the event loop stalled for ${stallMs.toFixed(0)} ms, /healthz took up to ${slowest.toFixed(0)} ms, of a ${(budget * 5).toFixed(0)} ms import`);
    } finally {
      stalls.disable();
      await server.close();
    }
  });
});

describe('native API: imports in the OpenAPI document', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer('sqlite');
  });
  after(() => server.close());

  test('describes the multipart upload, the job, the downloads and the export', async () => {
    const doc = (await (await fetch(`${server.baseUrl}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    const post = doc.paths['/api/v1/imports']?.post;
    const form = post?.requestBody?.content['multipart/form-data']?.schema;
    assert.ok(form, 'multipart request body');
    assert.deepEqual(form.properties.file, { type: 'string', format: 'binary', description: form.properties.file && (form.properties.file as { description: string }).description });
    for (const name of ['mode', 'header', 'delimiter', 'encoding', 'enclosure', 'dateFormat', 'dedupKey', 'dedupOrder', 'skipUnsubscribedAndHardBounced', 'groupIds', 'officeId', 'mapping']) {
      assert.ok(name in form.properties, name);
    }
    assert.ok(post.responses['202'] && post.responses['409'] && post.responses['413']);
    assert.ok(doc.paths['/api/v1/imports']?.get);
    assert.ok(doc.paths['/api/v1/imports/{id}']?.get);
    assert.ok(doc.paths['/api/v1/imports/{id}/log']?.get?.responses['200']?.content?.['text/plain']);
    assert.ok(doc.paths['/api/v1/imports/{id}/bad-file']?.get?.responses['200']?.content?.['application/octet-stream']);
    const exp = doc.paths['/api/v1/exports']?.get?.responses['200']?.content ?? {};
    assert.ok('text/csv; charset=utf-8' in exp || 'text/csv' in exp, JSON.stringify(Object.keys(exp)));
    assert.ok('ImportJob' in doc.components.schemas);
  });
});
