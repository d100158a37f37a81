import { it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { describeEachDatabase } from '../../support/databases.js';
import { fmError, fmFixture, makeOffice, ok } from './fixture.js';

type Row = Record<string, string>;

describeEachDatabase('FranchiseMailer contact groups', (kind) => {
  const f = fmFixture(kind);

  it('creates one group per listed office with a shared common id, then get/list/update/delete with counts', async () => {
    const offices = [await makeOffice(f.api, 'Worthing'), await makeOffice(f.api, 'Brighton'), await makeOffice(f.api, 'Hove')];
    const created = ok(await f.api('POST', '/contactgroups', { name: 'Prospects', offices: offices.join(',') }), 201).contact_groups as unknown as Row[];
    assert.equal(created.length, 3);
    const common = created[0]!.common_id;
    assert.deepEqual(
      created.map((g) => ({ ...g, id: 'x' })),
      offices.map((office) => ({ id: 'x', common_id: common, name: 'Prospects', office })),
    );

    const g = created[0]!;
    ok(await f.api('POST', '/contacts', { email: 'a@example.com', office: g.office, groups: g.id }), 201);
    ok(await f.api('POST', '/contacts', { email: 'b@example.com', office: g.office, groups: g.id, status: 'Excluded' }), 201);
    const counted = { ...g, total: '2', permitted: '1', dormant: '0', excluded: '1', invalid: '0' };
    assert.deepEqual(ok(await f.api('GET', `/contactgroups/${g.id}`)), { contact_group: counted });
    assert.deepEqual(ok(await f.api('GET', `/contactgroups?office=${g.office}`)), { contact_groups: [counted] });
    assert.equal((ok(await f.api('GET', '/contactgroups')).contact_groups as unknown as Row[]).length, 3);

    // Renaming may move the group to another common id (common ids follow names in the core).
    const renamed = ok(await f.api('PUT', `/contactgroups/${g.id}`, { name: 'Leads' })).contact_group as Row;
    assert.match(renamed.common_id!, /^\d+$/);
    assert.deepEqual({ ...renamed, common_id: common }, { ...counted, name: 'Leads' });
    assert.deepEqual((await f.api('DELETE', `/contactgroups/${g.id}`)).json, { status: 'success', data: null });
    fmError(await f.api('GET', `/contactgroups/${g.id}`), 404, 'Contact Group Not Found');
    fmError(await f.api('PUT', `/contactgroups/${g.id}`, { name: 'x' }), 404, 'Contact Group Not Found');
  });

  it('offices 0 creates the group in every office', async () => {
    const all = ok(await f.api('GET', '/offices')).offices as unknown as Row[];
    const created = ok(await f.api('POST', '/contactgroups', { name: 'Everyone', offices: '0' }), 201).contact_groups as unknown as Row[];
    assert.deepEqual(created.map((g) => g.office).sort(), all.map((o) => o.id).sort());
    assert.equal(new Set(created.map((g) => g.common_id)).size, 1);
  });

  it('validation: name required and at most 40 characters, offices required', async () => {
    const office = await makeOffice(f.api, 'Lancing');
    const before = ok(await f.api('GET', '/contactgroups'));
    fmError(await f.api('POST', '/contactgroups', { name: '', offices: office }), 400, 'Name Required');
    fmError(await f.api('POST', '/contactgroups', { name: 'x'.repeat(41), offices: office }), 400, 'Name must be 40 characters or less');
    fmError(await f.api('POST', '/contactgroups', { name: 'Valid' }), 400, 'Offices Required');
    fmError(await f.api('POST', '/contactgroups', { name: 'Valid', offices: '1;2' }), 400, 'Offices: Only digits and commas accepted');
    fmError(await f.api('GET', '/contactgroups?office=abc'), 400, 'Office must contain only digits');
    assert.deepEqual(ok(await f.api('GET', '/contactgroups')), before);
    const g = (ok(await f.api('POST', '/contactgroups', { name: 'x'.repeat(40), offices: office }), 201).contact_groups as unknown as Row[])[0]!;
    fmError(await f.api('PUT', `/contactgroups/${g.id}`, { name: 'y'.repeat(41) }), 400, 'Name must be 40 characters or less');
  });
});

describeEachDatabase('FranchiseMailer custom fields', (kind) => {
  const f = fmFixture(kind);
  const doc = { name: 'Yearly Spend', description: 'The amount the contact spends per year' };

  it('create, get, list, update and delete as documented', async () => {
    const created = ok(await f.api('POST', '/customfields', doc), 201);
    const id = (created.custom_field as Row).id!;
    assert.deepEqual(created, { custom_field: { id, ...doc } });
    assert.deepEqual(ok(await f.api('GET', `/customfields/${id}`)), created);
    assert.deepEqual(ok(await f.api('GET', '/customfields')), { custom_fields: [created.custom_field] });
    assert.deepEqual(ok(await f.api('PUT', `/customfields/${id}`, { description: 'Per year' })), { custom_field: { id, ...doc, description: 'Per year' } });
    assert.deepEqual((await f.api('DELETE', `/customfields/${id}`)).json, { status: 'success', data: null });
    fmError(await f.api('GET', `/customfields/${id}`), 404, 'Custom Field Not Found');
  });

  it('validation: name ≤ 20 characters and description required, duplicates refused', async () => {
    fmError(await f.api('POST', '/customfields', { ...doc, name: 'x'.repeat(21) }), 400, 'Name must be 20 characters or less');
    fmError(await f.api('POST', '/customfields', { name: 'Spend' }), 400, 'Description Required');
    fmError(await f.api('POST', '/customfields', { description: 'x' }), 400, 'Name Required');
    assert.deepEqual(ok(await f.api('GET', '/customfields')), { custom_fields: [] });
    const id = (ok(await f.api('POST', '/customfields', doc), 201).custom_field as Row).id!;
    fmError(await f.api('POST', '/customfields', doc), 400);
    fmError(await f.api('PUT', `/customfields/${id}`, { name: '' }), 400, 'Name Required');
  });
});

/** A plain GET that does not follow redirects. */
function get(url: string, cookie?: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: cookie ? { cookie } : {} }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describeEachDatabase('FranchiseMailer single sign-on', (kind) => {
  const f = fmFixture(kind);

  it('GET /sso/{user_id} returns a one-time session URL; DELETE ends the user’s sessions', async () => {
    const office = await makeOffice(f.api, 'Worthing');
    const base = { password: 'Qwertyu1', first_name: 'Joe', last_name: 'Bloggs', email: 'joe@example.com', offices: office };
    const user = (ok(await f.api('POST', '/users', { ...base, username: 'joe.bloggs', active: 'true' }), 201).user as Row).id!;
    const sso = ok(await f.api('GET', `/sso/${user}`));
    const url = (sso.sso as Row).session_url!;
    assert.deepEqual(Object.keys(sso), ['sso']);
    assert.ok(url.startsWith(`${f.server.baseUrl}/`), url);
    assert.match(url, /[?&]t=[0-9a-f]{32}$/);

    // The web route is built separately; check the redirect once it exists.
    if (f.server.app.hasRoute({ method: 'GET', url: '/sso/start' })) {
      const start = await get(url);
      assert.equal(start.status, 302);
      const cookie = String(start.headers['set-cookie']).split(';')[0]!;
      assert.equal((await get(url)).status, 403, 'the token works once');
      const session = await get(`${f.server.baseUrl}/session`, cookie);
      assert.equal(session.status, 200);
      assert.match(session.body, /joe\.bloggs/);
      assert.deepEqual((await f.api('DELETE', `/sso/${user}`)).json, { status: 'success', data: null });
      assert.equal((await get(`${f.server.baseUrl}/session`, cookie)).status, 401);
    } else {
      assert.deepEqual((await f.api('DELETE', `/sso/${user}`)).json, { status: 'success', data: null });
    }
  });

  it('unknown users are 404, inactive users 400', async () => {
    fmError(await f.api('GET', '/sso/999999'), 404, 'User Not Found');
    fmError(await f.api('DELETE', '/sso/999999'), 404, 'User Not Found');
    const office = await makeOffice(f.api, 'Hove');
    const params = { username: 'sleepy', password: 'Qwertyu1', first_name: 'S', last_name: 'L', email: 's@example.com', active: 'false', offices: office };
    const user = (ok(await f.api('POST', '/users', params), 201).user as Row).id!;
    fmError(await f.api('GET', `/sso/${user}`), 400);
  });
});
