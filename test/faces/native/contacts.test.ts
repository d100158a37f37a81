import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { accountApi, expectError, ok, type Api } from './client.js';

interface Contact {
  id: number;
  officeId: number;
  firstName: string;
  lastName: string;
  email: string | null;
  mobile: string;
  dateOfBirth: string | null;
  gender: string | null;
  country: string;
  status: string;
  groups: number[];
  commonGroups: number[];
  customFields: Record<string, string>;
  joinedAt: string;
  createdAt: string;
  updatedAt: string;
  unsubscribedAt: string | null;
}
interface Page {
  items: Contact[];
  total: number;
  limit: number;
  offset: number;
}

interface Setup {
  api: Api;
  office: number;
  otherOffice: number;
  group: number;
  commonId: number;
  field: number;
}

async function setup(server: TestServer): Promise<Setup> {
  const api = await accountApi(server);
  const office = ok<{ id: number }>(await api.post('/offices', { name: 'Worthing', postCodeAllocation: ['BN14'] }), 201).id;
  const otherOffice = ok<{ id: number }>(await api.post('/offices', { name: 'Hove' }), 201).id;
  const groups = ok<{ items: { id: number; officeId: number; commonId: number }[] }>(await api.post('/contact-groups', { name: 'News', offices: [office] }), 201).items;
  const field = ok<{ id: number }>(await api.post('/custom-fields', { name: 'Pet', description: 'Pet name' }), 201).id;
  return { api, office, otherOffice, group: groups[0]?.id ?? 0, commonId: groups[0]?.commonId ?? 0, field };
}

describeEachDatabase('native API contacts', (kind) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(kind);
  });
  after(() => server.close());

  test('create, get, patch, put and delete a contact with groups and custom fields', async () => {
    const { api, office, group, commonId, field } = await setup(server);
    const created = ok<Contact>(
      await api.post('/contacts', {
        officeId: office,
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        mobile: '07123 456789',
        dateOfBirth: '1815-12-10',
        gender: 'Female',
        country: 'GB',
        groups: [group],
        customFields: { [field]: 'Rex' },
      }),
      201,
    );
    assert.equal(created.officeId, office);
    assert.equal(created.mobile, '+447123456789');
    assert.equal(created.dateOfBirth, '1815-12-10');
    assert.equal(created.status, 'Permitted');
    assert.deepEqual(created.groups, [group]);
    assert.deepEqual(created.commonGroups, [commonId]);
    assert.deepEqual(created.customFields, { [String(field)]: 'Rex' });
    assert.ok(!Number.isNaN(Date.parse(created.createdAt)));
    assert.equal(created.unsubscribedAt, null);
    assert.deepEqual(ok<Contact>(await api.get(`/contacts/${created.id}`)), created);

    const patched = ok<Contact>(await api.patch(`/contacts/${created.id}`, { lastName: 'King', customFields: { [field]: null } }));
    assert.equal(patched.lastName, 'King');
    assert.equal(patched.firstName, 'Ada');
    assert.deepEqual(patched.customFields, {}, 'null removes a custom value');
    assert.deepEqual(patched.groups, [group], 'absent groups are kept');
    const put = ok<Contact>(await api.put(`/contacts/${created.id}`, { status: 'Dormant', groups: [] }));
    assert.equal(put.status, 'Dormant');
    assert.deepEqual(put.groups, []);
    assert.equal(put.lastName, 'King');

    assert.equal((await api.delete(`/contacts/${created.id}`)).status, 204);
    expectError(await api.get(`/contacts/${created.id}`), 404, 'not_found');
    expectError(await api.patch(`/contacts/${created.id}`, { firstName: 'X' }), 404, 'not_found');
  });

  test('list filters and paginates; lookups by email and phone', async () => {
    const { api, office, otherOffice, group } = await setup(server);
    const made: Contact[] = [];
    for (let i = 0; i < 5; i++) {
      made.push(ok<Contact>(await api.post('/contacts', { officeId: i < 3 ? office : otherOffice, firstName: `Person${i}`, email: `p${i}@example.com`, groups: i === 0 ? [group] : [] }), 201));
    }
    ok(await api.post('/contacts', { officeId: office, firstName: 'Sleepy', mobile: '+447123999888', status: 'Dormant' }), 201);

    const all = ok<Page>(await api.get('/contacts'));
    assert.equal(all.total, 6);
    assert.equal(all.limit, 50);
    assert.equal(all.offset, 0);
    const page = ok<Page>(await api.get('/contacts?limit=2&offset=1'));
    assert.equal(page.total, 6);
    assert.equal(page.items.length, 2);
    assert.deepEqual([page.limit, page.offset], [2, 1]);
    assert.equal(ok<Page>(await api.get(`/contacts?officeId=${otherOffice}`)).total, 2);
    assert.deepEqual(ok<Page>(await api.get(`/contacts?groupId=${group}`)).items.map((c) => c.id), [made[0]?.id]);
    assert.equal(ok<Page>(await api.get('/contacts?status=Dormant')).total, 1);
    assert.deepEqual(ok<Page>(await api.get('/contacts?search=person3')).items.map((c) => c.id), [made[3]?.id]);

    const byEmail = ok<{ items: Contact[] }>(await api.get(`/contacts/by-email/${encodeURIComponent('P2@Example.com')}`));
    assert.deepEqual(byEmail.items.map((c) => c.id), [made[2]?.id]);
    assert.deepEqual(ok<{ items: Contact[] }>(await api.get('/contacts/by-email/nobody%40example.com')).items, []);
    const byPhone = ok<{ items: Contact[] }>(await api.get(`/contacts/by-phone/${encodeURIComponent('07123 999888')}`));
    assert.equal(byPhone.items.length, 1);
    assert.equal(byPhone.items[0]?.firstName, 'Sleepy');
  });

  test('invalid contacts are 400s with details and nothing is written', async () => {
    const { api, office, otherOffice, group, field } = await setup(server);
    expectError(await api.post('/contacts', { email: 'x@example.com' }), 400, 'validation_failed', ['officeId']);
    expectError(await api.post('/contacts', { officeId: office }), 400, 'validation_failed', ['email']);
    expectError(await api.post('/contacts', { officeId: office, email: 'x@example.com', dateOfBirth: '1990-13-45' }), 400, 'validation_failed', ['dateOfBirth']);
    expectError(await api.post('/contacts', { officeId: office, email: 'x@example.com', dateOfBirth: 'yesterday' }), 400, 'validation_failed', ['dateOfBirth']);
    expectError(await api.post('/contacts', { officeId: office, email: 'not an email' }), 400, 'validation_failed', ['email']);
    expectError(await api.post('/contacts', { officeId: office, email: 'x@example.com', gender: 'Other' }), 400, 'validation_failed', ['gender']);
    expectError(await api.post('/contacts', { officeId: office, email: 'x@example.com', status: 'Happy' }), 400, 'validation_failed', ['status']);
    expectError(await api.post('/contacts', { officeId: office, email: 'x@example.com', groups: 'all' }), 400, 'validation_failed', ['groups']);
    expectError(await api.post('/contacts', { officeId: office, email: 'x@example.com', customFields: { pet: 'Rex' } }), 400, 'validation_failed');
    expectError(await api.post('/contacts', { officeId: office, email: 'x@example.com', customFields: { [field]: 7 } }), 400, 'validation_failed');
    // Unknown ids are reported by the core as field issues.
    expectError(await api.post('/contacts', { officeId: office + 1000, email: 'x@example.com' }), 400, 'validation_failed', ['officeId']);
    expectError(await api.post('/contacts', { officeId: otherOffice, email: 'x@example.com', groups: [group] }), 400, 'validation_failed', ['groups']);
    expectError(await api.post('/contacts', { officeId: office, email: 'x@example.com', customFields: { [field + 1000]: 'x' } }), 400, 'validation_failed', ['customFields']);
    assert.equal(ok<Page>(await api.get('/contacts')).total, 0);

    const contact = ok<Contact>(await api.post('/contacts', { officeId: office, email: 'keep@example.com', firstName: 'Keep' }), 201);
    expectError(await api.post('/contacts', { officeId: office, email: 'KEEP@example.com' }), 409, 'conflict', ['email']);
    expectError(await api.patch(`/contacts/${contact.id}`, { firstName: 'Changed', dateOfBirth: '2001-02-30' }), 400, 'validation_failed', ['dateOfBirth']);
    expectError(await api.patch(`/contacts/${contact.id}`, { firstName: 'Changed', mobile: 12345 }), 400, 'validation_failed', ['mobile']);
    expectError(await api.put(`/contacts/${contact.id}`, { firstName: 'Changed', officeId: -1 }), 400, 'validation_failed', ['officeId']);
    const after = ok<Contact>(await api.get(`/contacts/${contact.id}`));
    assert.deepEqual(after, contact);
  });
});
