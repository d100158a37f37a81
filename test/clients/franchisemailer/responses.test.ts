/** Errors in the documented envelope, tolerant parsing, and paging over limit / offset / meta. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FranchiseMailerClient, FranchiseMailerError, FranchiseMailerProtocolError, nextOffset, type PageMeta } from '../../../src/clients/franchisemailer/index.js';
import { RecordingTransport, responseOf, type HttpRequest, type HttpResponse } from '../../../src/clients/transport.js';
import { CONTACT_JSON, ERROR_JSON, success } from './doc-examples.js';

function clientWith(answer: (request: HttpRequest) => HttpResponse) {
  const transport = new RecordingTransport(answer);
  return { client: new FranchiseMailerClient({ baseUrl: 'http://fm.test/v1', accessKey: 'a', secretKey: 's', transport }), transport };
}

test('the documented error envelope is thrown with its HTTP status and message', async () => {
  const text = JSON.stringify(ERROR_JSON, null, 4);
  const { client } = clientWith(() => responseOf(400, text, { 'content-type': 'application/json' }));
  const err = await client.contacts.create({ email: '', office: 1, groups: '1' }).catch((e: unknown) => e);
  assert.ok(err instanceof FranchiseMailerError);
  assert.equal(err.status, 400);
  assert.equal(err.message, 'Email Address Required');
  assert.deepEqual(err.messages, ERROR_JSON.messages);
  assert.equal(err.body, text);
});

test('403 and other failures without an envelope still throw FranchiseMailerError', async () => {
  const { client } = clientWith(() => responseOf(403, '<html>Forbidden</html>'));
  await assert.rejects(client.offices.list(), (err: unknown) => err instanceof FranchiseMailerError && err.status === 403 && err.message === 'HTTP 403' && err.messages === undefined);
  const empty = clientWith(() => responseOf(500, ''));
  await assert.rejects(empty.client.users.list(), { name: 'FranchiseMailerError', status: 500 });
});

test('an error envelope is an error even under a 200', async () => {
  const { client } = clientWith(() => responseOf(200, JSON.stringify(ERROR_JSON)));
  await assert.rejects(client.offices.list(), { name: 'FranchiseMailerError', status: 200, message: 'Email Address Required' });
});

test('success statuses without the success envelope are protocol errors', async () => {
  for (const body of ['not json', '{"status":"error","data":null}', '{"data":{}}', '']) {
    const { client } = clientWith(() => responseOf(200, body));
    await assert.rejects(client.customFields.list(), FranchiseMailerProtocolError, body);
  }
  const { client } = clientWith(() => responseOf(200, success({ users: 'none' })));
  await assert.rejects(client.users.list(), /no "users" list/);
});

test('parsing tolerates numbers for strings, "1" for true, [] for an empty custom_fields map', async () => {
  const contact = { ...CONTACT_JSON, id: 7, office: 2, groups: '', common_groups: '5', custom_fields: [], date_of_birth: '' };
  const { client } = clientWith(() => responseOf(200, success({ contact, user: { id: 3, active: '1', offices: '', last_login: '' }, contact_group: { id: '1', total: 233, permitted: 'x' } })));
  const parsed = await client.contacts.get(7);
  assert.equal(parsed.id, '7');
  assert.equal(parsed.office, '2');
  assert.deepEqual(parsed.groups, []);
  assert.deepEqual(parsed.common_groups, ['5']);
  assert.deepEqual(parsed.custom_fields, {});
  assert.equal(parsed.date_of_birth, null);
  const user = await client.users.get(3);
  assert.equal(user.active, true);
  assert.deepEqual(user.offices, []);
  assert.equal(user.last_login, null);
  assert.equal(user.username, '');
  const group = await client.contactGroups.get(1);
  assert.equal(group.total, 233);
  assert.equal(group.permitted, 0);
});

const meta = (m: Partial<PageMeta>): PageMeta => ({ limit: 2, offset: 0, next: 'x', previous: null, total_count: 5, ...m });

test('nextOffset: meta.next null ends, an empty page ends, no meta → a short page ends', () => {
  assert.equal(nextOffset(0, 2, 2, meta({})), 2);
  assert.equal(nextOffset(4, 2, 1, meta({ next: null })), null);
  assert.equal(nextOffset(4, 2, 0, meta({})), null);
  // A service capping the page below the asked limit: advance by what came back.
  assert.equal(nextOffset(0, 500, 100, meta({ limit: 100 })), 100);
  assert.equal(nextOffset(0, 2, 2, undefined), 2);
  assert.equal(nextOffset(2, 2, 1, undefined), null);
});

/** A fake List Contacts over `total` contacts that writes Herald-style meta (or none). */
function contactServer(total: number, withMeta: boolean) {
  return (request: HttpRequest): HttpResponse => {
    const q = new URL(request.url).searchParams;
    const limit = Number(q.get('limit'));
    const offset = Number(q.get('offset'));
    const contacts = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => ({ ...CONTACT_JSON, id: String(offset + i + 1) }));
    const m = { limit, next: offset + limit < total ? `/v1/contacts?limit=${limit}&offset=${offset + limit}` : null, offset, previous: null, total_count: total };
    return responseOf(200, success({ contacts }, withMeta ? m : undefined));
  };
}

test('contacts.all() iterates every contact across pages, keeping the filters', async () => {
  for (const withMeta of [true, false]) {
    const { client, transport } = clientWith(contactServer(5, withMeta));
    const ids: string[] = [];
    for await (const c of client.contacts.all({ office: 1, group: 3, pageSize: 2 })) ids.push(c.id);
    assert.deepEqual(ids, ['1', '2', '3', '4', '5']);
    const urls = transport.requests.map((r) => r.url);
    const expected = ['http://fm.test/v1/contacts?office=1&group=3&limit=2&offset=0', 'http://fm.test/v1/contacts?office=1&group=3&limit=2&offset=2', 'http://fm.test/v1/contacts?office=1&group=3&limit=2&offset=4'];
    assert.deepEqual(urls, expected, withMeta ? 'with meta' : 'without meta');
  }
});

test('contacts.all() defaults to pages of 500; an exact multiple ends on the empty page or meta.next', async () => {
  const { client, transport } = clientWith(contactServer(4, true));
  let n = 0;
  for await (const _ of client.contacts.all()) n++;
  assert.equal(n, 4);
  assert.deepEqual(transport.requests.map((r) => r.url), ['http://fm.test/v1/contacts?limit=500&offset=0']);
  const bare = clientWith(contactServer(4, false));
  n = 0;
  for await (const _ of bare.client.contacts.all({ pageSize: 2 })) n++;
  assert.equal(n, 4);
  assert.equal(bare.transport.requests.length, 3, 'without meta a full last page needs one more (empty) request');
});

test('contacts.pages() is lazy and starts at the given offset', async () => {
  const { client, transport } = clientWith(contactServer(10, true));
  for await (const page of client.contacts.pages({ limit: 3, offset: 3 })) {
    assert.deepEqual(page.contacts.map((c) => c.id), ['4', '5', '6']);
    assert.equal(page.meta?.total_count, 10);
    break;
  }
  assert.equal(transport.requests.length, 1);
});
