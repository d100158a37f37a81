import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { accountApi, expectError, ok, type Api } from './client.js';

interface CustomField {
  id: number;
  name: string;
  description: string;
}
interface Group {
  id: number;
  commonId: number;
  name: string;
  officeId: number;
  counts: { total: number; permitted: number; dormant: number; excluded: number; invalid: number };
}

async function office(api: Api, name: string): Promise<number> {
  return ok<{ id: number }>(await api.post('/offices', { name }), 201).id;
}

describeEachDatabase('native API custom fields and contact groups', (kind) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(kind);
  });
  after(() => server.close());

  test('custom fields: create, get, list, patch, put, delete', async () => {
    const api = await accountApi(server);
    const field = ok<CustomField>(await api.post('/custom-fields', { name: 'Pet', description: 'Name of the pet' }), 201);
    assert.deepEqual(Object.keys(field).sort(), ['description', 'id', 'name']);
    assert.deepEqual(ok<CustomField>(await api.get(`/custom-fields/${field.id}`)), field);
    assert.deepEqual(ok<{ items: CustomField[] }>(await api.get('/custom-fields')).items, [field]);
    assert.equal(ok<CustomField>(await api.patch(`/custom-fields/${field.id}`, { description: 'Pet name' })).description, 'Pet name');
    const put = ok<CustomField>(await api.put(`/custom-fields/${field.id}`, { name: 'Pet name' }));
    assert.deepEqual(put, { id: field.id, name: 'Pet name', description: 'Pet name' });
    assert.equal((await api.delete(`/custom-fields/${field.id}`)).status, 204);
    expectError(await api.get(`/custom-fields/${field.id}`), 404, 'not_found');
  });

  test('custom fields: required, over-long and duplicate names change nothing', async () => {
    const api = await accountApi(server);
    const field = ok<CustomField>(await api.post('/custom-fields', { name: 'Colour', description: 'Favourite colour' }), 201);
    expectError(await api.post('/custom-fields', { name: 'X' }), 400, 'validation_failed', ['description']);
    const long = expectError(await api.post('/custom-fields', { name: 'x'.repeat(21), description: 'd' }), 400, 'validation_failed', ['name']);
    assert.equal(long.error.details[0]?.code, 'too_long');
    expectError(await api.post('/custom-fields', { name: 'colour', description: 'again' }), 409, 'conflict', ['name']);
    expectError(await api.patch(`/custom-fields/${field.id}`, { name: 'y'.repeat(30) }), 400, 'validation_failed', ['name']);
    expectError(await api.patch(`/custom-fields/${field.id}`, { description: 42 }), 400, 'validation_failed', ['description']);
    expectError(await api.put('/custom-fields/424242', { name: 'Nope' }), 404, 'not_found');
    assert.deepEqual(ok<{ items: CustomField[] }>(await api.get('/custom-fields')).items, [field]);
  });

  test('groups: one POST creates the group in each office; get, filter, rename, delete', async () => {
    const api = await accountApi(server);
    const a = await office(api, 'A');
    const b = await office(api, 'B');
    const created = ok<{ items: Group[] }>(await api.post('/contact-groups', { name: 'Newsletter', offices: [a, b] }), 201).items;
    assert.equal(created.length, 2);
    assert.deepEqual(created.map((g) => g.officeId).sort(), [a, b].sort());
    assert.equal(created[0]?.commonId, created[1]?.commonId);
    assert.deepEqual(created[0]?.counts, { total: 0, permitted: 0, dormant: 0, excluded: 0, invalid: 0 });
    const inA = created.find((g) => g.officeId === a) as Group;
    assert.deepEqual(ok<Group>(await api.get(`/contact-groups/${inA.id}`)), inA);
    assert.deepEqual(ok<{ items: Group[] }>(await api.get(`/contact-groups?officeId=${a}`)).items, [inA]);
    assert.equal(ok<{ items: Group[] }>(await api.get('/contact-groups')).items.length, 2);

    const everywhere = ok<{ items: Group[] }>(await api.post('/contact-groups', { name: 'VIP', offices: 'all' }), 201).items;
    assert.equal(everywhere.length, 2);

    assert.equal(ok<Group>(await api.patch(`/contact-groups/${inA.id}`, { name: 'News' })).name, 'News');
    assert.equal(ok<Group>(await api.put(`/contact-groups/${inA.id}`, { name: 'News 2' })).name, 'News 2');
    assert.equal((await api.delete(`/contact-groups/${inA.id}`)).status, 204);
    expectError(await api.get(`/contact-groups/${inA.id}`), 404, 'not_found');
    assert.equal(ok<{ items: Group[] }>(await api.get('/contact-groups')).items.length, 3);
  });

  test('groups: invalid input is a 400 and creates nothing', async () => {
    const api = await accountApi(server);
    const a = await office(api, 'A');
    expectError(await api.post('/contact-groups', { offices: [a] }), 400, 'validation_failed', ['name']);
    expectError(await api.post('/contact-groups', { name: 'G' }), 400, 'validation_failed', ['offices']);
    expectError(await api.post('/contact-groups', { name: 'G', offices: [] }), 400, 'validation_failed', ['offices']);
    const long = expectError(await api.post('/contact-groups', { name: 'g'.repeat(41), offices: [a] }), 400, 'validation_failed', ['name']);
    assert.equal(long.error.details[0]?.code, 'too_long');
    expectError(await api.post('/contact-groups', { name: 'G', offices: [a, a + 1000] }), 400, 'validation_failed', ['offices']);
    expectError(await api.get('/contact-groups?officeId=0'), 400, 'validation_failed', ['querystring.officeId']);
    assert.deepEqual(ok<{ items: Group[] }>(await api.get('/contact-groups')).items, []);
    const group = ok<{ items: Group[] }>(await api.post('/contact-groups', { name: 'Kept', offices: [a] }), 201).items[0] as Group;
    expectError(await api.patch(`/contact-groups/${group.id}`, { name: 'k'.repeat(41) }), 400, 'validation_failed', ['name']);
    expectError(await api.patch(`/contact-groups/${group.id}`, { officeId: a }), 400, 'validation_failed', ['officeId']);
    expectError(await api.post('/contact-groups', { name: 'kept', offices: [a] }), 409, 'conflict', ['name']);
    assert.equal(ok<Group>(await api.get(`/contact-groups/${group.id}`)).name, 'Kept');
  });
});
