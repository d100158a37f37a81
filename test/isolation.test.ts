/**
 * The isolation matrix: account B's credentials can read, change or delete nothing of account A's,
 * on every endpoint of the native API and the FranchiseMailer face, and A's data is byte-for-byte
 * the same afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from './support/databases.js';
import { startTestServer, type TestServer } from './support/server.js';
import { phpApiClient, type ApiCall } from './support/php-api-call.js';
import type { CreatedAccount } from '../src/core/accounts/accounts.js';

type Json = Record<string, unknown>;

function nativeClient(baseUrl: string, apiKey: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Json) : {} };
  };
}
type NativeCall = ReturnType<typeof nativeClient>;

interface Seeded {
  office: number;
  office2: number;
  user: number;
  field: number;
  group: number;
  contact: number;
  email: string;
  mobile: string;
}

async function seed(api: NativeCall, tag: string): Promise<Seeded> {
  const created = async (path: string, body: unknown): Promise<Json> => {
    const res = await api('POST', path, body);
    assert.equal(res.status, 201, `${path}: ${JSON.stringify(res.json)}`);
    return res.json;
  };
  const office = (await created('/offices', { name: `${tag} office`, postCodeAllocation: ['BN14'] })).id as number;
  const office2 = (await created('/offices', { name: `${tag} office 2` })).id as number;
  const user = (await created('/users', { username: `${tag}.user`, password: 'Qwertyu1', firstName: 'Joe', lastName: 'Bloggs', email: `${tag}@example.com`, active: true, offices: [office] })).id as number;
  const field = (await created('/custom-fields', { name: `${tag} spend`, description: 'Yearly spend' })).id as number;
  const groups = (await created('/contact-groups', { name: `${tag} prospects`, offices: [office] })).items as Json[];
  const group = groups[0]!.id as number;
  const email = `${tag}.contact@example.com`;
  const mobile = '+447123456789';
  const contact = (await created('/contacts', { officeId: office, email, firstName: 'Ann', mobile, groups: [group], customFields: { [String(field)]: '£30,000' } })).id as number;
  return { office, office2, user, field, group, contact, email, mobile };
}

/** Everything account A can see of itself, through both APIs. */
async function snapshot(native: NativeCall, fm: ApiCall, a: Seeded): Promise<unknown> {
  const views: unknown[] = [];
  for (const path of ['/offices', '/users', '/custom-fields', '/contact-groups', '/contacts?limit=500']) views.push(await native('GET', path));
  for (const path of [`/offices/${a.office}`, `/users/${a.user}`, `/custom-fields/${a.field}`, `/contact-groups/${a.group}`, `/contacts/${a.contact}`]) {
    views.push(await native('GET', path));
  }
  for (const path of ['/offices', '/users', '/customfields', '/contactgroups', '/contacts?limit=500&offset=0']) views.push((await fm('GET', path)).json);
  return views;
}

describeEachDatabase('isolation between accounts', (kind) => {
  let server: TestServer;
  let accountA: CreatedAccount;
  let accountB: CreatedAccount;
  let nativeA: NativeCall;
  let nativeB: NativeCall;
  let fmA: ApiCall;
  let fmB: ApiCall;
  let a: Seeded;
  let b: Seeded;
  let before0: unknown;

  before(async () => {
    server = await startTestServer(kind);
    accountA = await server.createAccount('A');
    accountB = await server.createAccount('B');
    nativeA = nativeClient(server.baseUrl, accountA.credentials.native.apiKey);
    nativeB = nativeClient(server.baseUrl, accountB.credentials.native.apiKey);
    fmA = phpApiClient(server.baseUrl, accountA.credentials.franchisemailer);
    fmB = phpApiClient(server.baseUrl, accountB.credentials.franchisemailer);
    a = await seed(nativeA, 'a');
    b = await seed(nativeB, 'b');
    before0 = await snapshot(nativeA, fmA, a);
  });
  after(() => server.close());

  test('native API: B gets 404 for every read, change and delete of A\'s records', async () => {
    const targets: Array<[string, unknown]> = [
      [`/offices/${a.office}`, { name: 'stolen' }],
      [`/users/${a.user}`, { firstName: 'stolen' }],
      [`/custom-fields/${a.field}`, { name: 'stolen' }],
      [`/contact-groups/${a.group}`, { name: 'stolen' }],
      [`/contacts/${a.contact}`, { firstName: 'stolen' }],
    ];
    for (const [path, patch] of targets) {
      for (const [method, body] of [['GET', undefined], ['PATCH', patch], ['PUT', patch], ['DELETE', undefined]] as const) {
        const res = await nativeB(method, path, body);
        assert.equal(res.status, 404, `${method} ${path} → ${res.status} ${JSON.stringify(res.json)}`);
        assert.ok(!JSON.stringify(res.json).includes('a.contact@example.com'));
      }
    }
  });

  test('native API: B\'s lists, filters and lookups never show A\'s records', async () => {
    const lists = ['/offices', '/users', '/custom-fields', '/contact-groups', '/contacts?limit=500'];
    for (const path of lists) {
      const res = await nativeB('GET', path);
      assert.equal(res.status, 200, path);
      const text = JSON.stringify(res.json);
      assert.ok(!/"a[ .]/.test(text) && !text.includes('a.contact@'), `${path} leaks A: ${text}`);
    }
    for (const path of [`/contacts?officeId=${a.office}`, `/contacts?groupId=${a.group}`, `/contact-groups?officeId=${a.office}`]) {
      const res = await nativeB('GET', path);
      if (res.status === 200) {
        const items = res.json.items as unknown[];
        assert.equal(items.length, 0, `${path} shows A's records`);
      } else {
        assert.ok(res.status === 400 || res.status === 404, `${path} → ${res.status}`);
      }
    }
    const byEmail = await nativeB('GET', `/contacts/by-email/${encodeURIComponent(a.email)}`);
    assert.deepEqual(byEmail.json.items, []);
    const byPhone = await nativeB('GET', `/contacts/by-phone/${encodeURIComponent(a.mobile)}`);
    assert.deepEqual((byPhone.json.items as Json[]).map((c) => c.id), [b.contact], 'only B\'s own contact with that number');
  });

  test('native API: B cannot attach its records to A\'s offices, groups or custom fields', async () => {
    const attempts: Array<[string, string, unknown]> = [
      ['POST', '/contacts', { officeId: a.office, email: 'x1@example.com' }],
      ['POST', '/contacts', { officeId: b.office, email: 'x2@example.com', groups: [a.group] }],
      ['POST', '/contacts', { officeId: b.office, email: 'x3@example.com', customFields: { [String(a.field)]: 'v' } }],
      ['POST', '/users', { username: 'x.user', password: 'Qwertyu1', firstName: 'X', lastName: 'Y', email: 'x@example.com', active: true, offices: [a.office] }],
      ['POST', '/contact-groups', { name: 'x group', offices: [a.office] }],
      ['PATCH', `/contacts/${b.contact}`, { officeId: a.office }],
      ['PATCH', `/contacts/${b.contact}`, { groups: [a.group] }],
      ['PATCH', `/users/${b.user}`, { offices: [a.office] }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await nativeB(method, path, body);
      assert.ok(res.status === 400 || res.status === 404, `${method} ${path} ${JSON.stringify(body)} → ${res.status}`);
    }
    const contacts = await nativeB('GET', '/contacts?limit=500');
    assert.equal(contacts.json.total, 1, 'no contact was created by the refused requests');
  });

  test('FranchiseMailer face: B gets 404 for every read, change and delete of A\'s records', async () => {
    const targets: Array<[string, Record<string, string>]> = [
      [`/offices/${a.office}`, { name: 'stolen' }],
      [`/users/${a.user}`, { first_name: 'stolen' }],
      [`/customfields/${a.field}`, { name: 'stolen' }],
      [`/contactgroups/${a.group}`, { name: 'stolen' }],
      [`/contacts/${a.contact}`, { first_name: 'stolen' }],
      [`/sso/${a.user}`, {}],
    ];
    for (const [path, patch] of targets) {
      const methods = path.startsWith('/sso') ? (['GET', 'DELETE'] as const) : (['GET', 'PUT', 'DELETE'] as const);
      for (const method of methods) {
        const res = await fmB(method, path, method === 'PUT' ? patch : undefined);
        assert.equal(res.status, 404, `${method} ${path} → ${res.status} ${res.text}`);
      }
    }
  });

  test('FranchiseMailer face: B\'s lists and filters never show A\'s records, and B cannot use A\'s ids', async () => {
    for (const path of ['/offices', '/users', '/customfields', '/contactgroups', '/contacts']) {
      const res = await fmB('GET', path);
      assert.equal(res.status, 200, path);
      assert.ok(!res.text.includes('a office') && !res.text.includes('a.contact@'), `${path} leaks A`);
    }
    for (const path of [`/contacts?office=${a.office}`, `/contacts?group=${a.group}`, `/contactgroups?office=${a.office}`]) {
      const res = await fmB('GET', path);
      if (res.status === 200) assert.ok(!res.text.includes('a.contact@') && !res.text.includes('a prospects'), `${path} leaks A`);
      else assert.ok(res.status === 400 || res.status === 404, `${path} → ${res.status}`);
    }
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['/contacts', { email: 'y1@example.com', office: String(a.office), groups: String(b.group), status: 'Permitted' }],
      ['/contacts', { email: 'y2@example.com', office: String(b.office), groups: String(a.group), status: 'Permitted' }],
      ['/contacts', { email: 'y3@example.com', office: String(b.office), groups: String(b.group), custom_fields: { [String(a.field)]: 'v' } }],
      ['/contactgroups', { name: 'y group', offices: String(a.office) }],
      ['/users', { username: 'y.user', password: 'Qwertyu1', first_name: 'Y', last_name: 'Z', email: 'y@example.com', active: 'true', offices: String(a.office) }],
    ];
    for (const [path, body] of attempts) {
      const res = await fmB('POST', path, body as never);
      assert.ok(res.status === 400 || res.status === 404, `POST ${path} → ${res.status} ${res.text}`);
    }
  });

  test('A\'s data is unchanged after everything B tried', async () => {
    assert.deepEqual(await snapshot(nativeA, fmA, a), before0);
  });
});
