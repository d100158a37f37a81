import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { accountApi, expectError, ok, type Api } from './client.js';

async function download(api: Api, query: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(`${api.server.baseUrl}/api/v1/exports${query}`, { headers: { authorization: `Bearer ${api.apiKey ?? ''}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describeEachDatabase('native API: exports', (kind) => {
  let server: TestServer;
  let api: Api;
  let office: number;
  let hove: number;

  before(async () => {
    server = await startTestServer(kind);
    api = await accountApi(server);
    office = ok<{ id: number }>(await api.post('/offices', { name: 'Worthing' }), 201).id;
    hove = ok<{ id: number }>(await api.post('/offices', { name: 'Hove' }), 201).id;
    ok(await api.post('/contacts', { officeId: office, firstName: 'Ann', email: 'ann@example.com', mobile: '07911 123456' }), 201);
    ok(await api.post('/contacts', { officeId: hove, firstName: '=cmd', email: 'eve@example.com', status: 'Dormant' }), 201);
    const other = await accountApi(server);
    const otherOffice = ok<{ id: number }>(await other.post('/offices', { name: 'Elsewhere' }), 201).id;
    ok(await other.post('/contacts', { officeId: otherOffice, firstName: 'Other', email: 'other@example.com' }), 201);
  });
  after(() => server.close());

  test('CSV by default, as an attachment, the account’s contacts only, neutralised', async () => {
    const res = await download(api, '');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(res.body, { bom: true }) as string[][];
    const header = rows[0]!;
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.slice(1).map((r) => r[header.indexOf('email')]), ['ann@example.com', 'eve@example.com']);
    assert.equal(rows[1]![header.indexOf('mobile')], "'+447911123456");
    assert.equal(rows[2]![header.indexOf('firstName')], "'=cmd");
  });

  test('XLSX with filters', async () => {
    const res = await download(api, `?format=xlsx&officeId=${hove}&status=Dormant`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(res.headers.get('content-disposition') ?? '', /\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Contacts')!;
    assert.equal(sheet.rowCount, 2);
    assert.equal(sheet.getRow(2).getCell(2).value, 'eve@example.com');
    const none = await download(api, `?search=nobody`);
    assert.equal((parse(none.body, { bom: true }) as string[][]).length, 1, 'only the header');
  });

  test('bad query parameters are a 400 in the native error format; no key is a 401', async () => {
    const bad = await api.get('/exports?format=pdf');
    expectError(bad, 400, 'validation_failed', ['querystring.format']);
    expectError(await api.get('/exports?officeId=abc'), 400, 'validation_failed', ['querystring.officeId']);
    expectError(await api.get('/exports?colour=red'), 400, 'validation_failed');
    const anonymous = await fetch(`${server.baseUrl}/api/v1/exports`);
    assert.equal(anonymous.status, 401);
  });
});
