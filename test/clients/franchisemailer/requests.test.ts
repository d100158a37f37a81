/**
 * Every endpoint of the document: the exact request the client sends (method, URL with query,
 * headers, body) and the typed result it parses from the document's example response.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FranchiseMailerClient, FranchiseMailerProtocolError } from '../../../src/clients/franchisemailer/index.js';
import { RecordingTransport, responseOf, type HttpRequest } from '../../../src/clients/transport.js';
import { CONTACT, CONTACT_JSON, CREATED_GROUPS_JSON, FIELD, FIELD_JSON, GROUP_JSON, LIST_META, NEW_USER_JSON, OFFICE, OFFICE_JSON, SSO_JSON, USER, USER_JSON, success } from './doc-examples.js';

const BASE = 'https://api.franchisemailer.co.uk/v1';
// gmdate('r', 1700000000) and its HMAC with the document's secret (docs/protocols/franchisemailer.md §Test vectors).
const SIGNED = {
  Accept: '*/*',
  accesskey: 'b6b581087d3a65b71f119e4db6efa6b7',
  requestdate: 'Tue, 14 Nov 2023 22:13:20 +0000',
  hmac: 'f98f560e3094becec5ef1b35b06a674d54583fb5',
};
const FORM = { ...SIGNED, 'Content-Type': 'application/x-www-form-urlencoded' };

const OFFICE_BODY =
  'name=Worthing&property=118&street=Long+Street&area=Tarring&town=Worthing&county=West+Sussex&post_code=BN14+8AD' +
  '&telephone=01903+123+456&fax=01903+123+456&email=worthing%40yourfranchise.co.uk' +
  '&website=http%3A%2F%2Fwww.yourfranchise.co.uk%2Fworthing&post_code_allocation=BN1%2CBN2%2CBN3';
const USER_BODY =
  'username=joe.bloggs&password=Qwertyu1&first_name=Joe&last_name=Bloggs&email=job.bloggs%40yourfranchise.co.uk' +
  '&telephone=01903+123+456&job_title=Marketing+Director&active=true&offices=1%2C3%2C4';
const CONTACT_BODY =
  'title=Mr&first_name=Joe&middle_name=Michael&last_name=Bloggs&addressee=Mr+Joe+Bloggs&date_of_birth=2013-01-31' +
  '&gender=Male&telephone=01903+123+456&mobile=07123456789&fax=01903+123+456&email=job.bloggs%40example.com' +
  '&website=http%3A%2F%2Fwww.example.com&company=JB+Trading&job_title=Sales+Director&property=118&street=Long+Street' +
  '&area=Tarring&town=Worthing&county=West+Sussex&post_code=BN14+8AD&country=GB&status=Permitted&office=1' +
  '&groups=1%2C3%2C4&common_groups=1%2C3%2C4&custom_fields%5B1%5D=%C2%A330%2C000';

const OFFICE_TYPED = { ...OFFICE_JSON, post_code_allocation: ['BN1', 'BN2', 'BN3'] };
const USER_TYPED = { ...USER_JSON, active: true, offices: ['1', '3', '4'] };
const CONTACT_TYPED = { ...CONTACT_JSON, groups: ['1', '3', '4'], common_groups: ['1', '3', '4'] };
const GROUP_TYPED = { ...GROUP_JSON, total: 233, permitted: 200, dormant: 14, excluded: 7, invalid: 12 };

/** A client whose transport answers `body` with `status` and records what was sent. */
function clientAnswering(body: string, status = 200) {
  const transport = new RecordingTransport(() => responseOf(status, body));
  const client = new FranchiseMailerClient({
    accessKey: 'b6b581087d3a65b71f119e4db6efa6b7',
    secretKey: '7790b9c0a39bf5cffde1da8851f25b5e7fb21a95',
    transport,
    now: () => new Date(1700000000 * 1000),
  });
  return { client, sent: (): HttpRequest => transport.requests.at(-1)! };
}

const DELETED = success(null);

test('Offices: list, create, get, update, delete', async () => {
  let t = clientAnswering(success({ offices: [OFFICE_JSON] }));
  assert.deepEqual(await t.client.offices.list(), [OFFICE_TYPED]);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/offices`, headers: SIGNED });

  t = clientAnswering(success({ office: OFFICE_JSON }), 201);
  assert.deepEqual(await t.client.offices.create(OFFICE), OFFICE_TYPED);
  assert.deepEqual(t.sent(), { method: 'POST', url: `${BASE}/offices`, headers: FORM, body: OFFICE_BODY });

  t = clientAnswering(success({ office: OFFICE_JSON }));
  assert.deepEqual(await t.client.offices.get('1'), OFFICE_TYPED);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/offices/1`, headers: SIGNED });

  // The allocation may be given as a list; it is sent as the document's comma-separated text.
  await t.client.offices.update(1, { ...OFFICE, post_code_allocation: ['BN1', 'BN2', 'BN3'] });
  assert.deepEqual(t.sent(), { method: 'PUT', url: `${BASE}/offices/1`, headers: FORM, body: OFFICE_BODY });

  t = clientAnswering(DELETED);
  assert.equal(await t.client.offices.delete('1'), undefined);
  assert.deepEqual(t.sent(), { method: 'DELETE', url: `${BASE}/offices/1`, headers: SIGNED });
});

test('Users: list, create, get, update, delete', async () => {
  let t = clientAnswering(success({ users: [USER_JSON] }));
  assert.deepEqual(await t.client.users.list(), [USER_TYPED]);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/users`, headers: SIGNED });

  t = clientAnswering(success({ user: NEW_USER_JSON }), 201);
  assert.deepEqual(await t.client.users.create(USER), { ...USER_TYPED, last_login: null, last_password_change: null });
  assert.deepEqual(t.sent(), { method: 'POST', url: `${BASE}/users`, headers: FORM, body: USER_BODY });
  // Typed values write the same bytes: true → "true" (not PHP's "1"), [1, 3, 4] → "1,3,4".
  await t.client.users.create({ ...USER, active: true, offices: [1, 3, 4] });
  assert.equal(t.sent().body, USER_BODY);

  t = clientAnswering(success({ user: USER_JSON }));
  assert.deepEqual(await t.client.users.get('1'), USER_TYPED);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/users/1`, headers: SIGNED });
  assert.deepEqual(await t.client.users.update('1', USER), USER_TYPED);
  assert.deepEqual(t.sent(), { method: 'PUT', url: `${BASE}/users/1`, headers: FORM, body: USER_BODY });
  await t.client.users.update('1', { active: false });
  assert.equal(t.sent().body, 'active=false');

  t = clientAnswering(DELETED);
  await t.client.users.delete(1);
  assert.deepEqual(t.sent(), { method: 'DELETE', url: `${BASE}/users/1`, headers: SIGNED });
});

test('Contacts: list with the meta block, create, get, update, delete', async () => {
  // The list example writes date_of_birth as 31/01/1980; it is passed through as text.
  const listed = { ...CONTACT_JSON, date_of_birth: '31/01/1980' };
  let t = clientAnswering(success({ contacts: [listed] }, LIST_META));
  assert.deepEqual(await t.client.contacts.list({ office: '1', group: '1', limit: 500, offset: 0 }), {
    contacts: [{ ...CONTACT_TYPED, date_of_birth: '31/01/1980' }],
    meta: LIST_META,
  });
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/contacts?office=1&group=1&limit=500&offset=0`, headers: SIGNED });
  await t.client.contacts.list();
  assert.equal(t.sent().url, `${BASE}/contacts`);

  t = clientAnswering(success({ contact: CONTACT_JSON }), 201);
  assert.deepEqual(await t.client.contacts.create(CONTACT), CONTACT_TYPED);
  assert.deepEqual(t.sent(), { method: 'POST', url: `${BASE}/contacts`, headers: FORM, body: CONTACT_BODY });
  await t.client.contacts.create({ ...CONTACT, office: 1, groups: [1, 3, 4], common_groups: ['1', '3', '4'] });
  assert.equal(t.sent().body, CONTACT_BODY);

  t = clientAnswering(success({ contact: CONTACT_JSON }));
  assert.deepEqual(await t.client.contacts.get('1'), CONTACT_TYPED);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/contacts/1`, headers: SIGNED });
  assert.deepEqual(await t.client.contacts.update('1', CONTACT), CONTACT_TYPED);
  assert.deepEqual(t.sent(), { method: 'PUT', url: `${BASE}/contacts/1`, headers: FORM, body: CONTACT_BODY });

  t = clientAnswering(DELETED);
  await t.client.contacts.delete('1');
  assert.deepEqual(t.sent(), { method: 'DELETE', url: `${BASE}/contacts/1`, headers: SIGNED });
});

test('Contact groups: list by office, create for several offices, get, update, delete', async () => {
  let t = clientAnswering(success({ contact_groups: [GROUP_JSON] }));
  assert.deepEqual(await t.client.contactGroups.list({ office: '1' }), [GROUP_TYPED]);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/contactgroups?office=1`, headers: SIGNED });
  await t.client.contactGroups.list();
  assert.equal(t.sent().url, `${BASE}/contactgroups`);

  t = clientAnswering(success({ contact_groups: CREATED_GROUPS_JSON }), 201);
  assert.deepEqual(await t.client.contactGroups.create({ name: 'Prospects', offices: '1,3,4' }), CREATED_GROUPS_JSON);
  assert.deepEqual(t.sent(), { method: 'POST', url: `${BASE}/contactgroups`, headers: FORM, body: 'name=Prospects&offices=1%2C3%2C4' });
  await t.client.contactGroups.create({ name: 'Everyone', offices: 0 });
  assert.equal(t.sent().body, 'name=Everyone&offices=0');

  t = clientAnswering(success({ contact_group: GROUP_JSON }));
  assert.deepEqual(await t.client.contactGroups.get('1'), GROUP_TYPED);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/contactgroups/1`, headers: SIGNED });
  assert.deepEqual(await t.client.contactGroups.update('1', { name: 'Prospects' }), GROUP_TYPED);
  assert.deepEqual(t.sent(), { method: 'PUT', url: `${BASE}/contactgroups/1`, headers: FORM, body: 'name=Prospects' });

  t = clientAnswering(DELETED);
  await t.client.contactGroups.delete('1');
  assert.deepEqual(t.sent(), { method: 'DELETE', url: `${BASE}/contactgroups/1`, headers: SIGNED });
});

test('Custom fields: list, create, get, update, delete', async () => {
  const body = 'name=Yearly+Spend&description=The+amount+the+contact+spends+per+year';
  let t = clientAnswering(success({ custom_fields: [FIELD_JSON] }));
  assert.deepEqual(await t.client.customFields.list(), [FIELD_JSON]);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/customfields`, headers: SIGNED });

  t = clientAnswering(success({ custom_field: FIELD_JSON }), 201);
  assert.deepEqual(await t.client.customFields.create(FIELD), FIELD_JSON);
  assert.deepEqual(t.sent(), { method: 'POST', url: `${BASE}/customfields`, headers: FORM, body });

  t = clientAnswering(success({ custom_field: FIELD_JSON }));
  assert.deepEqual(await t.client.customFields.get('1'), FIELD_JSON);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/customfields/1`, headers: SIGNED });
  assert.deepEqual(await t.client.customFields.update('1', FIELD), FIELD_JSON);
  assert.deepEqual(t.sent(), { method: 'PUT', url: `${BASE}/customfields/1`, headers: FORM, body });

  t = clientAnswering(DELETED);
  await t.client.customFields.delete('1');
  assert.deepEqual(t.sent(), { method: 'DELETE', url: `${BASE}/customfields/1`, headers: SIGNED });
});

test('Single sign-on: start and end a session', async () => {
  let t = clientAnswering(success({ sso: SSO_JSON }));
  assert.deepEqual(await t.client.sso.start('1'), SSO_JSON);
  assert.deepEqual(t.sent(), { method: 'GET', url: `${BASE}/sso/1`, headers: SIGNED });

  t = clientAnswering(DELETED);
  await t.client.sso.end('1');
  assert.deepEqual(t.sent(), { method: 'DELETE', url: `${BASE}/sso/1`, headers: SIGNED });
});

test('call() is api_call(): raw path with its own query, params, baseUrl without a trailing slash', async () => {
  const transport = new RecordingTransport(() => responseOf(200, success({ offices: [] })));
  const client = new FranchiseMailerClient({ baseUrl: 'http://127.0.0.1:8080/v1/', accessKey: 'a', secretKey: 's', transport, now: () => new Date(0) });
  const result = await client.call('GET', '/contacts?office=1', { group: '1', limit: 500, offset: 0 });
  assert.deepEqual(result, { status: 200, data: { offices: [] }, meta: undefined });
  assert.equal(transport.requests[0]!.url, 'http://127.0.0.1:8080/v1/contacts?office=1&group=1&limit=500&offset=0');
  assert.equal(transport.requests[0]!.headers.requestdate, 'Thu, 01 Jan 1970 00:00:00 +0000');
  await client.call('PUT', '/offices/1');
  assert.equal(transport.requests[1]!.body, '', 'an empty PUT still sends an (empty) form body, as curl does');
  // Ids are path segments: anything odd is escaped rather than changing the path.
  await assert.rejects(client.offices.get('1/../users'), FranchiseMailerProtocolError, 'a list where an office was expected');
  assert.equal(transport.requests[2]!.url, 'http://127.0.0.1:8080/v1/offices/1%2F..%2Fusers');
});
