import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import type { ApiCall } from '../../support/php-api-call.js';
import { fmError, fmFixture, makeOffice, ok } from './fixture.js';

type Row = Record<string, unknown>;
type Params = Record<string, string | Record<string, string>>;

/** Office, three groups in it and the "Yearly Spend" custom field, created through the API. */
async function setup(api: ApiCall, officeName: string, allocation = '') {
  const office = await makeOffice(api, officeName, allocation);
  const groups: Row[] = [];
  for (const name of ['Prospects', 'Customers', 'Suppliers']) {
    groups.push(...(ok(await api('POST', '/contactgroups', { name, offices: office }), 201).contact_groups as Row[]));
  }
  // Field names are unique per account: the first setup uses the document's name.
  const fieldName = officeName === 'Worthing' ? 'Yearly Spend' : `Spend ${officeName}`;
  const field = ok(await api('POST', '/customfields', { name: fieldName, description: 'The amount the contact spends per year' }), 201);
  return {
    office,
    groupIds: groups.map((g) => g.id as string),
    commonIds: groups.map((g) => g.common_id as string),
    fieldId: (field.custom_field as Row).id as string,
  };
}

/** The document's Create Contact payload with real ids. */
function docContact(s: Awaited<ReturnType<typeof setup>>, email = 'job.bloggs@example.com') {
  return {
    title: 'Mr',
    first_name: 'Joe',
    middle_name: 'Michael',
    last_name: 'Bloggs',
    addressee: 'Mr Joe Bloggs',
    date_of_birth: '2013-01-31',
    gender: 'Male',
    telephone: '01903 123 456',
    mobile: '07123456789',
    fax: '01903 123 456',
    email,
    website: 'http://www.example.com',
    company: 'JB Trading',
    job_title: 'Sales Director',
    property: '118',
    street: 'Long Street',
    area: 'Tarring',
    town: 'Worthing',
    county: 'West Sussex',
    post_code: 'BN14 8AD',
    country: 'GB',
    status: 'Permitted',
    office: s.office,
    groups: s.groupIds.join(','),
    common_groups: s.commonIds.join(','),
    custom_fields: { [s.fieldId]: '£30,000' },
  };
}

const sortCsv = (v: unknown): string => String(v).split(',').sort().join(',');

describeEachDatabase('FranchiseMailer contacts', (kind) => {
  const f = fmFixture(kind);

  it('create, get, update, delete with the document’s payload (custom field £30,000)', async () => {
    const s = await setup(f.api, 'Worthing');
    const params = docContact(s);
    const created = ok(await f.api('POST', '/contacts', params), 201).contact as Row;
    assert.match(created.id as string, /^\d+$/);
    const { custom_fields: _cf, ...plain } = params;
    const expected = {
      id: created.id,
      ...plain,
      // The core stores phone numbers in E.164.
      telephone: '+441903123456',
      mobile: '+447123456789',
      fax: '+441903123456',
      groups: sortCsv(params.groups),
      common_groups: sortCsv(params.common_groups),
      custom_fields: { [s.fieldId]: '£30,000' },
    };
    assert.deepEqual({ ...created, groups: sortCsv(created.groups), common_groups: sortCsv(created.common_groups) }, expected);
    assert.deepEqual(Object.keys(created), ['id', ...Object.keys(params).filter((k) => k !== 'custom_fields'), 'custom_fields']);

    const fetched = ok(await f.api('GET', `/contacts/${created.id}`)).contact;
    assert.deepEqual(fetched, created);

    const updated = ok(await f.api('PUT', `/contacts/${created.id}`, { status: 'Dormant', first_name: 'Joseph', groups: s.groupIds[0]!, custom_fields: { [s.fieldId]: '£40,000' } })).contact as Row;
    assert.equal(updated.status, 'Dormant');
    assert.equal(updated.first_name, 'Joseph');
    assert.equal(updated.last_name, 'Bloggs');
    assert.equal(updated.groups, s.groupIds[0]);
    assert.deepEqual(updated.custom_fields, { [s.fieldId]: '£40,000' });

    assert.deepEqual((await f.api('DELETE', `/contacts/${created.id}`)).json, { status: 'success', data: null });
    fmError(await f.api('GET', `/contacts/${created.id}`), 404, 'Contact Not Found');
    fmError(await f.api('PUT', `/contacts/${created.id}`, { first_name: 'x' }), 404, 'Contact Not Found');
  });

  it('common_groups alone, default status Permitted, office 0 allocates by post code', async () => {
    const s = await setup(f.api, 'Tarring', 'BN14');
    const created = ok(await f.api('POST', '/contacts', { email: 'auto@example.com', office: '0', post_code: 'BN14 8AD', common_groups: s.commonIds[1]! }), 201).contact as Row;
    assert.equal(created.office, s.office);
    assert.equal(created.status, 'Permitted');
    assert.equal(created.groups, s.groupIds[1]);
    assert.equal(created.date_of_birth, '');
    assert.equal(created.gender, '');
    assert.deepEqual(created.custom_fields, {});
  });

  it('validation errors are 400 in the FM format and change nothing', async () => {
    const s = await setup(f.api, 'Lancing');
    const params = docContact(s, 'valid@example.com');
    const list = async () => ok(await f.api('GET', `/contacts?office=${s.office}`));
    const before = await list();
    const cases: [Params, string | RegExp][] = [
      [{ ...params, email: '' }, 'Email Address Required'],
      [{ ...params, office: '' }, 'Office Required'],
      [{ ...params, office: 'one' }, 'Office must contain only digits'],
      [{ ...params, groups: '', common_groups: '' }, 'Groups Required'],
      [{ ...params, groups: '1,x' }, 'Groups: Only digits and commas accepted'],
      [{ ...params, status: 'Happy' }, 'Status must be Permitted, Dormant or Excluded'],
      [{ ...params, custom_fields: { abc: 'x' } }, 'Custom Fields must be keyed by custom field id'],
      [{ ...params, email: 'not-an-email' }, /./],
      [{ ...params, date_of_birth: '31/31/2013' }, /./],
      [{ ...params, office: '999999' }, /./],
    ];
    for (const [body, message] of cases) fmError(await f.api('POST', '/contacts', body), 400, message);
    assert.deepEqual(await list(), before);

    const created = ok(await f.api('POST', '/contacts', params), 201).contact as Row;
    fmError(await f.api('POST', '/contacts', params), 400, /already exists/);
    fmError(await f.api('PUT', `/contacts/${created.id}`, { status: 'Gone' }), 400, 'Status must be Permitted, Dormant or Excluded');
    assert.equal((ok(await f.api('GET', `/contacts/${created.id}`)).contact as Row).status, 'Permitted');
  });

  it('lists with office/group filters and the meta paging block', async () => {
    const s = await setup(f.api, 'Paging');
    for (let i = 0; i < 5; i++) ok(await f.api('POST', '/contacts', { email: `p${i}@example.com`, office: s.office, groups: s.groupIds[i % 2]! }), 201);
    const page = async (query: string) => (await f.api('GET', `/contacts?${query}`)).json as { status: string; meta: Row; data: { contacts: Row[] } };

    const all = await page(`office=${s.office}&limit=500&offset=0`);
    assert.deepEqual(Object.keys(all), ['status', 'meta', 'data']);
    assert.deepEqual(all.meta, { limit: 500, next: null, offset: 0, previous: null, total_count: 5 });
    assert.equal(all.data.contacts.length, 5);

    const first = await page(`office=${s.office}&limit=2&offset=0`);
    assert.deepEqual(first.meta, { limit: 2, next: `/v1/contacts?office=${s.office}&limit=2&offset=2`, offset: 0, previous: null, total_count: 5 });
    const middle = await page(`office=${s.office}&limit=2&offset=2`);
    assert.equal(middle.meta.previous, `/v1/contacts?office=${s.office}&limit=2&offset=0`);
    assert.equal(middle.meta.next, `/v1/contacts?office=${s.office}&limit=2&offset=4`);
    const last = await page(`office=${s.office}&limit=2&offset=4`);
    assert.equal(last.meta.next, null);
    assert.equal(last.data.contacts.length, 1);
    const seen = [...first.data.contacts, ...middle.data.contacts, ...last.data.contacts].map((c) => c.id);
    assert.equal(new Set(seen).size, 5);

    const group = await page(`office=${s.office}&group=${s.groupIds[0]}&limit=2&offset=0`);
    assert.equal(group.meta.total_count, 3);
    assert.equal(group.meta.next, `/v1/contacts?office=${s.office}&group=${s.groupIds[0]}&limit=2&offset=2`);
    assert.ok(group.data.contacts.every((c) => String(c.groups).split(',').includes(s.groupIds[0]!)));

    const defaults = await page(`office=${s.office}`);
    assert.deepEqual(defaults.meta, { limit: 500, next: null, offset: 0, previous: null, total_count: 5 });

    fmError(await f.api('GET', '/contacts?limit=501'), 400, 'Limit must be between 1 and 500');
    fmError(await f.api('GET', '/contacts?limit=0'), 400, 'Limit must be between 1 and 500');
    fmError(await f.api('GET', '/contacts?offset=-1'), 400, 'Offset must contain only digits');
    fmError(await f.api('GET', '/contacts?office=x'), 400, 'Office must contain only digits');
  });
});
