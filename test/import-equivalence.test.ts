/**
 * The same file imported through the native API, the CLI and SmartFocus Batch Member (one account
 * each) gives the same contacts, and they read the same through every face: the native API, the
 * FranchiseMailer face and the SmartFocus Member face.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeEachDatabase } from './support/databases.js';
import { startTestServer, type TestServer } from './support/server.js';
import { runCli } from './support/processes.js';
import { phpApiClient } from './support/php-api-call.js';
import { buildInsertXml } from './support/smartfocus-batch-body.js';
import { getResult, openPath, sfRequest } from './support/smartfocus-client.js';
import { BatchClient } from './faces/smartfocus/batch-support.js';
import type { CreatedAccount } from '../src/core/accounts/accounts.js';

const CSV = [
  'EMAIL,FIRSTNAME,LASTNAME,TITLE,DATEOFBIRTH,COMPANY,TOWN,POSTCODE,COUNTRY,EMVCELLPHONE',
  'ann.smith@example.com,Ann,Smith,Ms,1980-01-31,JB Trading,Worthing,BN14 8AD,GB,07123 456789',
  'BOB.jones@Example.com,Bob,Jones,Mr,1975-12-01,,Brighton,BN1 1AA,GBR,+44 7123 456780',
  'zoe@example.com,Zoë,Müller,,,"Müller, GmbH",Berlin,10115,DE,',
  'not-an-email,Bad,Row,,,,,,,',
  'ann.smith@example.com,Ann,Duplicate,,,,,,,',
].join('\r\n') + '\r\n';

interface Person {
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  dateOfBirth: string | null;
  company: string;
  town: string;
  postCode: string;
  country: string;
  mobile: string;
}

function person(c: Record<string, unknown>): Person {
  return {
    email: String(c.email),
    firstName: String(c.firstName),
    lastName: String(c.lastName),
    title: String(c.title),
    dateOfBirth: (c.dateOfBirth as string | null) ?? null,
    company: String(c.company),
    town: String(c.town),
    postCode: String(c.postCode),
    country: String(c.country),
    mobile: String(c.mobile),
  };
}

describeEachDatabase('one file through three import paths', (kind) => {
  let server: TestServer;
  const accounts: CreatedAccount[] = [];
  let dir: string;

  before(async () => {
    server = await startTestServer(kind);
    for (const name of ['Native', 'Cli', 'Batch']) accounts.push(await server.createAccount(name));
    dir = mkdtempSync(path.join(tmpdir(), 'herald-equivalence-'));
    writeFileSync(path.join(dir, 'members.csv'), CSV);
  });
  after(() => server.close());

  async function nativeContacts(account: CreatedAccount): Promise<Person[]> {
    const res = await fetch(`${server.baseUrl}/api/v1/contacts?limit=500`, { headers: { authorization: `Bearer ${account.credentials.native.apiKey}` } });
    const body = (await res.json()) as { items: Record<string, unknown>[] };
    return body.items.map(person).sort((a, b) => a.email.localeCompare(b.email));
  }

  test('native API, CLI and Batch Member imports produce identical contacts', async () => {
    // Native API: multipart upload, then poll.
    const form = new FormData();
    form.set('mode', 'insert');
    form.set('file', new Blob([CSV]), 'members.csv');
    const native = accounts[0]!;
    const created = await fetch(`${server.baseUrl}/api/v1/imports`, { method: 'POST', headers: { authorization: `Bearer ${native.credentials.native.apiKey}` }, body: form });
    assert.equal(created.status, 202, await created.clone().text());
    const job = (await created.json()) as { id: number };
    for (let i = 0; ; i++) {
      const s = (await (await fetch(`${server.baseUrl}/api/v1/imports/${job.id}`, { headers: { authorization: `Bearer ${native.credentials.native.apiKey}` } })).json()) as { status: string; counters: Record<string, number> };
      if (s.status === 'done_with_errors') {
        assert.deepEqual(s.counters, { read: 5, inserted: 3, updated: 0, unchanged: 0, rejected: 2 });
        break;
      }
      assert.ok(i < 400 && !['done', 'error', 'failed'].includes(s.status), `native import ended ${s.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }

    // CLI, against the same database.
    const cli = await runCli(['import', path.join(dir, 'members.csv'), '--account', String(accounts[1]!.id), '--json'], server.database.env);
    assert.equal(cli.code, 3, cli.stderr);

    // SmartFocus Batch Member, byte for byte as the PHP library sends it.
    const batch = await BatchClient.open(server, accounts[2]!);
    const uploadId = await batch.upload('insertUpload', buildInsertXml('members.csv', Buffer.from(CSV)));
    assert.equal(await batch.poll(uploadId), 'DONE WITH ERRORS');

    const [a, b, c] = [await nativeContacts(accounts[0]!), await nativeContacts(accounts[1]!), await nativeContacts(accounts[2]!)];
    assert.equal(a.length, 3);
    assert.deepEqual(b, a);
    assert.deepEqual(c, a);
    assert.deepEqual(a.map((p) => [p.email, p.mobile, p.country]), [
      ['ann.smith@example.com', '+447123456789', 'GB'],
      ['BOB.jones@Example.com', '+447123456780', 'GB'],
      ['zoe@example.com', '', 'DE'],
    ]);
  });

  test('the imported contacts read the same through FranchiseMailer and SmartFocus Member', async () => {
    for (const account of accounts) {
      const fm = phpApiClient(server.baseUrl, account.credentials.franchisemailer);
      const list = await fm('GET', '/contacts?limit=500&offset=0');
      assert.equal(list.status, 200, list.text);
      const contacts = (list.json as { data: { contacts: Record<string, string>[] } }).data.contacts;
      assert.deepEqual(
        contacts.map((x) => [x.email, x.first_name, x.last_name, x.date_of_birth, x.mobile, x.country]).sort(),
        [
          ['BOB.jones@Example.com', 'Bob', 'Jones', '1975-12-01', '+447123456780', 'GB'],
          ['ann.smith@example.com', 'Ann', 'Smith', '1980-01-31', '+447123456789', 'GB'],
          ['zoe@example.com', 'Zoë', 'Müller', '', '', 'DE'],
        ],
      );
      const sf = account.credentials.smartfocus;
      const token = getResult((await sfRequest(server.baseUrl, 'GET', openPath('/apimember/services/rest', sf.login, sf.password, sf.key))).body);
      const member = await sfRequest(server.baseUrl, 'GET', `/apimember/services/rest/member/getMemberByEmail/${token}/ann.smith@example.com`);
      assert.match(member.body, /<entry><key>FIRSTNAME<\/key><value xsi:type="xs:string">Ann<\/value><\/entry>/);
      assert.match(member.body, /<entry><key>EMVCELLPHONE<\/key><value xsi:type="xs:string">447123456789<\/value><\/entry>/);
    }
  });
});
