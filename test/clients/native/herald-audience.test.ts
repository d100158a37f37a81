import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { waitUntil } from '../../support/wait.js';
import { HeraldApiError, createHeraldClient, multipart, unwrap, type HeraldClient } from '../../../src/clients/native/index.js';

/* The generated client against a real Herald: offices, users, custom fields, contacts, groups, imports, exports. */

describeEachDatabase('native client against Herald: audience', (kind) => {
  let server: TestServer;
  let client: HeraldClient;

  before(async () => {
    server = await startTestServer(kind);
    const account = await server.createAccount();
    client = createHeraldClient({ baseUrl: server.baseUrl, apiKey: account.credentials.native.apiKey });
  });
  after(() => server.close());

  it('offices: create, list, get, update, put, delete', async () => {
    const office = unwrap(await client.POST('/api/v1/offices', { body: { name: 'Brighton', postCodeAllocation: ['BN1'] } }));
    assert.deepEqual(office.postCodeAllocation, ['BN1']);
    assert.ok(unwrap(await client.GET('/api/v1/offices')).items.some((o) => o.id === office.id));
    assert.equal(unwrap(await client.GET('/api/v1/offices/{id}', { params: { path: { id: office.id } } })).name, 'Brighton');
    assert.equal(unwrap(await client.PATCH('/api/v1/offices/{id}', { params: { path: { id: office.id } }, body: { town: 'Brighton' } })).town, 'Brighton');
    assert.equal(unwrap(await client.PUT('/api/v1/offices/{id}', { params: { path: { id: office.id } }, body: { name: 'Hove' } })).name, 'Hove');
    assert.equal((await client.DELETE('/api/v1/offices/{id}', { params: { path: { id: office.id } } })).response.status, 204);
    const gone = await client.GET('/api/v1/offices/{id}', { params: { path: { id: office.id } } });
    assert.equal(gone.response.status, 404);
    assert.equal(gone.error?.error.code, 'not_found');
  });

  it('users and custom fields: full CRUD', async () => {
    const office = unwrap(await client.POST('/api/v1/offices', { body: { name: 'Users office' } }));
    const user = unwrap(await client.POST('/api/v1/users', { body: { username: `ann-${kind}`, password: 'correct horse battery', firstName: 'Ann', lastName: 'Able', email: 'ann@example.com', offices: [office.id] } }));
    assert.ok(!('password' in user), 'passwords are write-only');
    assert.ok(unwrap(await client.GET('/api/v1/users')).items.some((u) => u.id === user.id));
    assert.equal(unwrap(await client.GET('/api/v1/users/{id}', { params: { path: { id: user.id } } })).username, `ann-${kind}`);
    assert.equal(unwrap(await client.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { jobTitle: 'Manager' } })).jobTitle, 'Manager');
    assert.equal(unwrap(await client.PUT('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { active: false } })).active, false);
    unwrap(await client.DELETE('/api/v1/users/{id}', { params: { path: { id: user.id } } }));

    const field = unwrap(await client.POST('/api/v1/custom-fields', { body: { name: 'Shoe size', description: 'UK sizes' } }));
    assert.ok(unwrap(await client.GET('/api/v1/custom-fields')).items.some((f) => f.id === field.id));
    assert.equal(unwrap(await client.GET('/api/v1/custom-fields/{id}', { params: { path: { id: field.id } } })).name, 'Shoe size');
    assert.equal(unwrap(await client.PATCH('/api/v1/custom-fields/{id}', { params: { path: { id: field.id } }, body: { description: 'EU sizes' } })).description, 'EU sizes');
    assert.equal(unwrap(await client.PUT('/api/v1/custom-fields/{id}', { params: { path: { id: field.id } }, body: { name: 'Size' } })).name, 'Size');
    unwrap(await client.DELETE('/api/v1/custom-fields/{id}', { params: { path: { id: field.id } } }));
  });

  it('contacts and groups: CRUD, filters, lookups by email and phone', async () => {
    const office = unwrap(await client.POST('/api/v1/offices', { body: { name: 'Contacts office' } }));
    const [group] = unwrap(await client.POST('/api/v1/contact-groups', { body: { name: 'Newsletter', offices: [office.id] } })).items;
    assert.ok(group);
    assert.ok(unwrap(await client.GET('/api/v1/contact-groups', { params: { query: { officeId: office.id } } })).items.some((g) => g.id === group.id));
    assert.equal(unwrap(await client.PATCH('/api/v1/contact-groups/{id}', { params: { path: { id: group.id } }, body: { name: 'News' } })).name, 'News');
    assert.equal(unwrap(await client.PUT('/api/v1/contact-groups/{id}', { params: { path: { id: group.id } }, body: { name: 'Letters' } })).name, 'Letters');

    const contact = unwrap(await client.POST('/api/v1/contacts', { body: { officeId: office.id, email: 'Cy@Example.com', mobile: '07123 456789', firstName: 'Cy', groups: [group.id] } }));
    assert.equal(contact.mobile, '+447123456789');
    assert.deepEqual(contact.groups, [group.id]);
    const page = unwrap(await client.GET('/api/v1/contacts', { params: { query: { groupId: group.id, status: 'Permitted', limit: 10, offset: 0 } } }));
    assert.deepEqual(page.items.map((c) => c.id), [contact.id]);
    assert.equal(page.total, 1);
    assert.deepEqual(unwrap(await client.GET('/api/v1/contacts/by-email/{email}', { params: { path: { email: 'cy@example.com' } } })).items.map((c) => c.id), [contact.id]);
    assert.deepEqual(unwrap(await client.GET('/api/v1/contacts/by-phone/{phone}', { params: { path: { phone: '+447123456789' } } })).items.map((c) => c.id), [contact.id]);
    assert.equal(unwrap(await client.GET('/api/v1/contacts/{id}', { params: { path: { id: contact.id } } })).firstName, 'Cy');
    assert.equal(unwrap(await client.PATCH('/api/v1/contacts/{id}', { params: { path: { id: contact.id } }, body: { status: 'Dormant' } })).status, 'Dormant');
    assert.equal(unwrap(await client.PUT('/api/v1/contacts/{id}', { params: { path: { id: contact.id } }, body: { lastName: 'Cole' } })).lastName, 'Cole');
    assert.equal(unwrap(await client.GET('/api/v1/contact-groups/{id}', { params: { path: { id: group.id } } })).counts.dormant, 1);

    const duplicate = await client.POST('/api/v1/contacts', { body: { officeId: office.id, email: 'cy@example.com' } });
    assert.equal(duplicate.response.status, 409);
    assert.throws(() => unwrap(duplicate), (err: unknown) => err instanceof HeraldApiError && err.code === 'conflict');

    unwrap(await client.DELETE('/api/v1/contacts/{id}', { params: { path: { id: contact.id } } }));
    unwrap(await client.DELETE('/api/v1/contact-groups/{id}', { params: { path: { id: group.id } } }));
  });

  it('imports (multipart upload, job, log) and exports (CSV text, XLSX bytes)', async () => {
    const office = unwrap(await client.POST('/api/v1/offices', { body: { name: 'Import office' } }));
    const file = new File(['email,firstName\r\nimp1@example.com,Imp\r\nnot-an-email,Bad\r\n'], 'contacts.csv', { type: 'text/csv' });
    const job = unwrap(await client.POST('/api/v1/imports', { body: { mode: 'insert', officeId: String(office.id), file }, bodySerializer: multipart }));
    await waitUntil(async () => ['done', 'done_with_errors', 'failed'].includes(unwrap(await client.GET('/api/v1/imports/{id}', { params: { path: { id: job.id } } })).status), 30_000, `import ${job.id}`);
    const done = unwrap(await client.GET('/api/v1/imports/{id}', { params: { path: { id: job.id } } }));
    assert.equal(done.counters.inserted, 1);
    assert.equal(done.counters.rejected, 1);
    assert.ok(unwrap(await client.GET('/api/v1/imports')).items.some((j) => j.id === job.id));
    const log = await client.GET('/api/v1/imports/{id}/log', { params: { path: { id: job.id } }, parseAs: 'text' });
    assert.equal(log.response.status, 200);
    assert.match(String(log.data), /^row 3, column email: Invalid Email Address$/m);
    const bad = await client.GET('/api/v1/imports/{id}/bad-file', { params: { path: { id: job.id } }, parseAs: 'text' });
    assert.match(String(bad.data), /not-an-email/);

    const csv = await client.GET('/api/v1/exports', { params: { query: { format: 'csv', officeId: office.id } }, parseAs: 'text' });
    assert.equal(csv.response.status, 200);
    assert.match(String(csv.data), /imp1@example\.com/);
    const xlsx = await client.GET('/api/v1/exports', { params: { query: { format: 'xlsx', officeId: office.id } }, parseAs: 'arrayBuffer' });
    assert.equal(Buffer.from(xlsx.data!).subarray(0, 2).toString('latin1'), 'PK', 'an XLSX file is a zip');
  });
});
