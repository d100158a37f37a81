import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { accountApi, expectError, ok } from './client.js';

interface Office {
  id: number;
  name: string;
  town: string;
  email: string;
  postCodeAllocation: string[];
}
interface User {
  id: number;
  username: string;
  firstName: string;
  active: boolean;
  offices: number[];
  lastLogin: string | null;
}

describeEachDatabase('native API offices and users', (kind) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(kind);
  });
  after(() => server.close());

  test('offices: create, get, list, patch, put, delete', async () => {
    const api = await accountApi(server);
    const created = ok<Office>(await api.post('/offices', { name: 'Worthing', town: 'Worthing', postCodeAllocation: ['bn14'] }), 201);
    assert.equal(typeof created.id, 'number');
    assert.equal(created.name, 'Worthing');
    assert.deepEqual(created.postCodeAllocation, ['BN14']);
    assert.deepEqual(ok<Office>(await api.get(`/offices/${created.id}`)), created);
    assert.deepEqual(ok<{ items: Office[] }>(await api.get('/offices')).items, [created]);

    const patched = ok<Office>(await api.patch(`/offices/${created.id}`, { town: 'Brighton' }));
    assert.equal(patched.town, 'Brighton');
    assert.equal(patched.name, 'Worthing', 'absent fields are kept');
    const put = ok<Office>(await api.put(`/offices/${created.id}`, { email: 'office@example.com' }));
    assert.equal(put.email, 'office@example.com');
    assert.equal(put.town, 'Brighton', 'PUT is a partial update too');

    const del = await api.delete(`/offices/${created.id}`);
    assert.equal(del.status, 204);
    assert.equal(del.body, null);
    expectError(await api.get(`/offices/${created.id}`), 404, 'not_found');
    expectError(await api.delete(`/offices/${created.id}`), 404, 'not_found');
  });

  test('offices: invalid input is a 400 and changes nothing', async () => {
    const api = await accountApi(server);
    const office = ok<Office>(await api.post('/offices', { name: 'Hove' }), 201);
    expectError(await api.post('/offices', { town: 'Nowhere' }), 400, 'validation_failed', ['name']);
    expectError(await api.post('/offices', { name: '   ' }), 400, 'validation_failed', ['name']);
    expectError(await api.post('/offices', { name: 'X', email: 'not-an-email' }), 400, 'validation_failed', ['email']);
    expectError(await api.patch(`/offices/${office.id}`, { name: ['Hove'] }), 400, 'validation_failed', ['name']);
    expectError(await api.patch(`/offices/${office.id}`, { name: '', town: 'Hove' }), 400, 'validation_failed', ['name']);
    expectError(await api.patch('/offices/999999', { name: 'Y' }), 404, 'not_found');
    assert.deepEqual(ok<{ items: Office[] }>(await api.get('/offices')).items, [office]);
  });

  test('offices: deleting an office that still has contacts is a 409', async () => {
    const api = await accountApi(server);
    const office = ok<Office>(await api.post('/offices', { name: 'Busy' }), 201);
    ok(await api.post('/contacts', { officeId: office.id, email: 'someone@example.com' }), 201);
    expectError(await api.delete(`/offices/${office.id}`), 409, 'conflict');
    ok(await api.get(`/offices/${office.id}`));
  });

  test('accounts are isolated: another account’s office is a 404', async () => {
    const a = await accountApi(server);
    const b = await accountApi(server);
    const office = ok<Office>(await a.post('/offices', { name: 'Mine' }), 201);
    expectError(await b.get(`/offices/${office.id}`), 404, 'not_found');
    expectError(await b.patch(`/offices/${office.id}`, { name: 'Stolen' }), 404, 'not_found');
    expectError(await b.delete(`/offices/${office.id}`), 404, 'not_found');
    assert.equal(ok<Office>(await a.get(`/offices/${office.id}`)).name, 'Mine');
  });

  test('users: CRUD, and the password is never returned', async () => {
    const api = await accountApi(server);
    const office = ok<Office>(await api.post('/offices', { name: 'HQ' }), 201);
    const input = { username: 'jdoe', password: 'S3cret-pass!', firstName: 'Jane', lastName: 'Doe', email: 'jane@example.com', offices: [office.id] };
    const res = await api.post('/users', input);
    const user = ok<User>(res, 201);
    assert.equal(user.username, 'jdoe');
    assert.equal(user.active, false, 'active defaults to false');
    assert.deepEqual(user.offices, [office.id]);
    assert.equal(user.lastLogin, null);
    for (const body of [res.body, ok(await api.get(`/users/${user.id}`)), ok(await api.get('/users'))]) {
      const text = JSON.stringify(body);
      assert.ok(!/password|hash|S3cret/i.test(text.replace(/lastPasswordChange/g, '')), `leaked: ${text}`);
    }
    const patched = ok<User>(await api.patch(`/users/${user.id}`, { active: true, firstName: 'Janet' }));
    assert.equal(patched.active, true);
    assert.equal(patched.firstName, 'Janet');
    assert.equal(patched.username, 'jdoe');
    const put = ok<User>(await api.put(`/users/${user.id}`, { password: 'An0ther-pass!' }));
    assert.equal(put.firstName, 'Janet');
    assert.ok(!JSON.stringify(put).includes('An0ther'));
    assert.equal((await api.delete(`/users/${user.id}`)).status, 204);
    expectError(await api.get(`/users/${user.id}`), 404, 'not_found');
  });

  test('users: missing fields, wrong types, unknown offices and duplicate usernames', async () => {
    const api = await accountApi(server);
    const office = ok<Office>(await api.post('/offices', { name: 'HQ' }), 201);
    const valid = { username: 'sam', password: 'pw-Secret-1', firstName: 'Sam', lastName: 'Smith', email: 'sam@example.com', offices: [office.id] };
    expectError(await api.post('/users', { username: 'x' }), 400, 'validation_failed', ['password', 'firstName', 'lastName', 'email', 'offices']);
    expectError(await api.post('/users', { ...valid, offices: ['1'] }), 400, 'validation_failed', ['offices.0']);
    expectError(await api.post('/users', { ...valid, email: 'nope' }), 400, 'validation_failed', ['email']);
    const unknownOffice = expectError(await api.post('/users', { ...valid, offices: [office.id + 1000] }), 400, 'validation_failed', ['offices']);
    assert.equal(unknownOffice.error.details[0]?.code, 'unknown');
    assert.deepEqual(ok<{ items: User[] }>(await api.get('/users')).items, []);
    ok(await api.post('/users', valid), 201);
    const dup = expectError(await api.post('/users', { ...valid, email: 'other@example.com' }), 409, 'conflict', ['username']);
    assert.equal(dup.error.details[0]?.code, 'conflict');
    assert.equal(ok<{ items: User[] }>(await api.get('/users')).items.length, 1);
  });
});
