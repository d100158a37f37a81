/**
 * The client against a running Herald (its /v1 face), on both databases: every endpoint the face
 * implements, paging through all contacts, and the documented errors (validation, not found,
 * credentials, request date, IP allow-list).
 */
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { setFranchiseMailerAllowedIps } from '../../../src/core/accounts/accounts.js';
import type { CreatedAccount } from '../../../src/core/accounts/accounts.js';
import { FranchiseMailerClient, FranchiseMailerError, type FranchiseMailerClientOptions } from '../../../src/clients/franchisemailer/index.js';
import { CONTACT, FIELD, OFFICE, USER } from './doc-examples.js';

describeEachDatabase('FranchiseMailer client against Herald', (kind) => {
  let server: TestServer;
  let account: CreatedAccount;
  let fm: FranchiseMailerClient;
  const clientFor = (extra: Partial<FranchiseMailerClientOptions> = {}) =>
    new FranchiseMailerClient({ baseUrl: `${server.baseUrl}/v1`, ...account.credentials.franchisemailer, ...extra });

  before(async () => {
    server = await startTestServer(kind);
    account = await server.createAccount();
    fm = clientFor();
  });
  after(async () => {
    await server?.close();
  });

  /** Rejects with the FM error envelope's status and message. */
  async function rejects(promise: Promise<unknown>, status: number, message?: string | RegExp): Promise<void> {
    const err = await promise.then(
      () => assert.fail('expected a FranchiseMailerError'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof FranchiseMailerError, String(err));
    assert.equal(err.status, status, err.body);
    assert.equal(err.messages?.error.message, err.message);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
  }

  it('offices: create, get, list, update, delete', async () => {
    const office = await fm.offices.create(OFFICE);
    assert.match(office.id, /^\d+$/);
    assert.deepEqual(office, { ...OFFICE, id: office.id, post_code_allocation: ['BN1', 'BN2', 'BN3'] });
    assert.deepEqual(await fm.offices.get(office.id), office);
    assert.deepEqual(await fm.offices.list(), [office]);
    const updated = await fm.offices.update(office.id, { name: 'Tarring', post_code_allocation: ['BN14', 'BN13'] });
    assert.deepEqual(updated, { ...office, name: 'Tarring', post_code_allocation: ['BN14', 'BN13'] });
    await fm.offices.delete(office.id);
    await rejects(fm.offices.get(office.id), 404, 'Office Not Found');
    await rejects(fm.offices.create({ ...OFFICE, name: '' }), 400, 'Name Required');
  });

  it('users: create, get, list, update, delete; validation errors', async () => {
    const offices = [await fm.offices.create({ name: 'U1' }), await fm.offices.create({ name: 'U2' })].map((o) => o.id);
    const user = await fm.users.create({ ...USER, active: true, offices });
    const { password: _pw, ...visible } = USER;
    assert.deepEqual({ ...user, last_password_change: null }, { ...visible, id: user.id, active: true, offices, last_login: null, last_password_change: null });
    assert.deepEqual(await fm.users.get(user.id), user);
    assert.deepEqual(await fm.users.list(), [user]);
    const updated = await fm.users.update(user.id, { active: false, offices: [offices[0]!], job_title: 'CEO' });
    assert.equal(updated.active, false);
    assert.deepEqual(updated.offices, [offices[0]]);
    assert.equal(updated.job_title, 'CEO');
    await rejects(fm.users.create({ ...USER, username: 'other', active: 'true', offices: '1;2' }), 400, 'Offices: Only digits and commas accepted');
    await fm.users.delete(user.id);
    await rejects(fm.users.get(user.id), 404, 'User Not Found');
  });

  it('custom fields: create, get, list, update, delete', async () => {
    const field = await fm.customFields.create(FIELD);
    assert.deepEqual(field, { id: field.id, ...FIELD });
    assert.deepEqual(await fm.customFields.get(field.id), field);
    assert.deepEqual(await fm.customFields.list(), [field]);
    assert.deepEqual(await fm.customFields.update(field.id, { description: 'Per year' }), { ...field, description: 'Per year' });
    await rejects(fm.customFields.create({ name: 'x'.repeat(21), description: 'd' }), 400, 'Name must be 20 characters or less');
    await fm.customFields.delete(field.id);
    await rejects(fm.customFields.get(field.id), 404, 'Custom Field Not Found');
  });

  it('contact groups and contacts: the document’s contact, counts, update, delete', async () => {
    const offices = [await fm.offices.create({ name: 'Worthing' }), await fm.offices.create({ name: 'Hove' })].map((o) => o.id);
    const created = await fm.contactGroups.create({ name: 'Prospects', offices });
    assert.deepEqual(created.map((g) => g.office), offices);
    assert.equal(new Set(created.map((g) => g.common_id)).size, 1);
    const everyOffice = await fm.contactGroups.create({ name: 'Everyone', offices: 0 });
    assert.ok(everyOffice.length >= 2);
    const group = created[0]!;
    const field = await fm.customFields.create({ name: 'Yearly Spend', description: 'The amount the contact spends per year' });

    const contact = await fm.contacts.create({ ...CONTACT, office: group.office, groups: [group.id], common_groups: [], custom_fields: { [field.id]: '£30,000' } });
    assert.equal(contact.email, CONTACT.email);
    assert.equal(contact.office, group.office);
    assert.deepEqual(contact.groups, [group.id]);
    assert.deepEqual(contact.common_groups, [group.common_id]);
    assert.deepEqual(contact.custom_fields, { [field.id]: '£30,000' });
    assert.equal(contact.date_of_birth, '2013-01-31');
    assert.equal(contact.mobile, '+447123456789', 'Herald stores E.164');
    assert.deepEqual(await fm.contacts.get(contact.id), contact);

    await fm.contacts.create({ email: 'excluded@example.com', office: group.office, common_groups: group.common_id, status: 'Excluded' });
    assert.deepEqual(await fm.contactGroups.get(group.id), { ...group, total: 2, permitted: 1, dormant: 0, excluded: 1, invalid: 0 });
    const inOffice = await fm.contactGroups.list({ office: group.office });
    assert.ok(inOffice.some((g) => g.id === group.id && g.total === 2));
    assert.ok((await fm.contactGroups.list()).length >= 4);
    const renamed = await fm.contactGroups.update(group.id, { name: 'Leads' });
    assert.equal(renamed.name, 'Leads');

    const updated = await fm.contacts.update(contact.id, { status: 'Dormant', first_name: 'Joseph', custom_fields: { [field.id]: '£40,000' } });
    assert.equal(updated.status, 'Dormant');
    assert.equal(updated.first_name, 'Joseph');
    assert.equal(updated.last_name, 'Bloggs');
    assert.deepEqual(updated.custom_fields, { [field.id]: '£40,000' });
    await rejects(fm.contacts.update(contact.id, { status: 'Gone' as 'Dormant' }), 400, 'Status must be Permitted, Dormant or Excluded');
    await rejects(fm.contacts.create({ email: '', office: group.office, groups: group.id }), 400, 'Email Address Required');
    await rejects(fm.contacts.create({ ...CONTACT, office: group.office, groups: group.id, common_groups: [], custom_fields: {} }), 400, /already exists/);

    await fm.contacts.delete(contact.id);
    await rejects(fm.contacts.get(contact.id), 404, 'Contact Not Found');
    await fm.contactGroups.delete(group.id);
    await rejects(fm.contactGroups.get(group.id), 404, 'Contact Group Not Found');
  });

  it('paging: list() with meta, pages() and all() over every contact of an office and group', async () => {
    const office = (await fm.offices.create({ name: 'Paging' })).id;
    const [a, b] = await fm.contactGroups.create({ name: 'Paging A', offices: office }).then(async (g) => [g[0]!, (await fm.contactGroups.create({ name: 'Paging B', offices: office }))[0]!]);
    const emails: string[] = [];
    for (let i = 0; i < 7; i++) {
      emails.push(`page${i}@example.com`);
      await fm.contacts.create({ email: emails[i]!, office, groups: [i % 2 === 0 ? a!.id : b!.id] });
    }
    const first = await fm.contacts.list({ office, limit: 3, offset: 0 });
    assert.equal(first.contacts.length, 3);
    assert.deepEqual(first.meta, { limit: 3, offset: 0, next: `/v1/contacts?office=${office}&limit=3&offset=3`, previous: null, total_count: 7 });

    const seen: string[] = [];
    for await (const c of fm.contacts.all({ office, pageSize: 3 })) seen.push(c.email);
    assert.deepEqual(seen.sort(), [...emails].sort());
    const defaults: string[] = [];
    for await (const c of fm.contacts.all({ office })) defaults.push(c.id);
    assert.equal(defaults.length, 7);

    const sizes: number[] = [];
    for await (const page of fm.contacts.pages({ office, group: a!.id, limit: 2 })) sizes.push(page.contacts.length);
    assert.deepEqual(sizes, [2, 2]);

    const everyone: string[] = [];
    for await (const c of fm.contacts.all()) everyone.push(c.id);
    assert.ok(everyone.length >= 7);
    await rejects(fm.contacts.list({ limit: 501 }), 400, 'Limit must be between 1 and 500');
  });

  it('single sign-on: start returns a session URL, end ends the sessions', async () => {
    const office = (await fm.offices.create({ name: 'SSO' })).id;
    const user = await fm.users.create({ ...USER, username: 'sso.user', email: 'sso@example.com', offices: office });
    const session = await fm.sso.start(user.id);
    assert.ok(session.session_url.startsWith(`${server.baseUrl}/`), session.session_url);
    assert.match(session.session_url, /[?&]t=[0-9a-f]{32}$/);
    await fm.sso.end(user.id);
    await rejects(fm.sso.start('999999'), 404, 'User Not Found');
    await rejects(fm.sso.end('999999'), 404, 'User Not Found');
  });

  it('authentication: wrong keys, a stale requestdate and an IP off the allow-list are 403', async () => {
    await rejects(clientFor({ secretKey: '7790b9c0a39bf5cffde1da8851f25b5e7fb21a95' }).offices.list(), 403, 'Invalid credentials');
    await rejects(clientFor({ accessKey: 'b6b581087d3a65b71f119e4db6efa6b7' }).offices.list(), 403, 'Invalid credentials');
    const skewed = (minutes: number) => clientFor({ now: () => new Date(Date.now() + minutes * 60_000) });
    await skewed(-4).offices.list();
    await rejects(skewed(6).offices.list(), 403, 'Invalid request date');
    try {
      await setFranchiseMailerAllowedIps(server.core, account.id, ['10.9.9.9']);
      await rejects(fm.offices.list(), 403, 'IP address not allowed');
      await setFranchiseMailerAllowedIps(server.core, account.id, ['127.0.0.0/8']);
      await fm.offices.list();
    } finally {
      await setFranchiseMailerAllowedIps(server.core, account.id, account.credentials.franchisemailer.allowedIps);
    }
  });

  it('call(): the raw api_call for a wrong method gives the documented 405 envelope', async () => {
    const result = await fm.call('GET', '/customfields');
    assert.equal(result.status, 200);
    await rejects(fm.call('PUT', '/sso/1'), 405, 'Method Not Allowed');
    await rejects(fm.call('GET', '/nothing'), 404, 'Not Found');
  });
});
