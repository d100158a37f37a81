import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { DOC_OFFICE, fmError, fmFixture, ISO_PHP, makeOffice, ok } from './fixture.js';

describeEachDatabase('FranchiseMailer offices', (kind) => {
  const f = fmFixture(kind);

  it('create, get, list, update and delete with the document’s payloads and envelopes', async () => {
    const createdRes = await f.api('POST', '/offices', DOC_OFFICE);
    const created = ok(createdRes, 201);
    const office = created.office as Record<string, string>;
    assert.match(office.id!, /^\d+$/);
    assert.deepEqual(created, { office: { id: office.id, ...DOC_OFFICE } });
    assert.deepEqual(ok(await f.api('GET', `/offices/${office.id}`)), created);
    assert.deepEqual(ok(await f.api('GET', '/offices')), { offices: [created.office] });

    const updated = ok(await f.api('PUT', `/offices/${office.id}`, { name: 'Tarring', post_code_allocation: 'BN14,BN13' }));
    assert.deepEqual(updated, { office: { ...office, name: 'Tarring', post_code_allocation: 'BN14,BN13' } });

    const del = await f.api('DELETE', `/offices/${office.id}`);
    assert.equal(del.status, 200);
    assert.deepEqual(del.json, { status: 'success', data: null });
    fmError(await f.api('GET', `/offices/${office.id}`), 404, 'Office Not Found');
    fmError(await f.api('PUT', `/offices/${office.id}`, { name: 'x' }), 404, 'Office Not Found');
    fmError(await f.api('DELETE', `/offices/${office.id}`), 404, 'Office Not Found');
  });

  it('name is required; nothing is created on a validation error', async () => {
    const before = ok(await f.api('GET', '/offices'));
    fmError(await f.api('POST', '/offices', { ...DOC_OFFICE, name: '' }), 400, 'Name Required');
    const { name: _omit, ...noName } = DOC_OFFICE;
    fmError(await f.api('POST', '/offices', noName), 400, 'Name Required');
    assert.deepEqual(ok(await f.api('GET', '/offices')), before);
  });
});

describeEachDatabase('FranchiseMailer users', (kind) => {
  const f = fmFixture(kind);

  /** The document's Create User payload with its office ids replaced by real ones. */
  async function docUser(): Promise<Record<string, string>> {
    const ids = [await makeOffice(f.api, 'Worthing'), await makeOffice(f.api, 'Brighton'), await makeOffice(f.api, 'Hove')];
    return {
      username: 'joe.bloggs',
      password: 'Qwertyu1',
      first_name: 'Joe',
      last_name: 'Bloggs',
      email: 'job.bloggs@yourfranchise.co.uk',
      telephone: '01903 123 456',
      job_title: 'Marketing Director',
      active: 'true',
      offices: ids.join(','),
    };
  }

  it('create, get, list, update and delete as documented', async () => {
    const params = await docUser();
    const created = ok(await f.api('POST', '/users', params), 201);
    const user = created.user as Record<string, string>;
    const { password: _pw, ...visible } = params;
    assert.match(user.id!, /^\d+$/);
    assert.deepEqual(Object.keys(user), ['id', 'username', 'first_name', 'last_name', 'email', 'telephone', 'job_title', 'active', 'offices', 'last_login', 'last_password_change']);
    assert.deepEqual({ ...user, last_login: '', last_password_change: '' }, { id: user.id, ...visible, last_login: '', last_password_change: '' });
    assert.equal(user.last_login, '');
    assert.match(user.last_password_change!, new RegExp(`^$|${ISO_PHP.source}`));
    assert.equal('password' in user, false);

    assert.deepEqual(ok(await f.api('GET', `/users/${user.id}`)), created);
    assert.deepEqual(ok(await f.api('GET', '/users')), { users: [user] });

    const firstOffice = params.offices!.split(',')[0]!;
    const updated = ok(await f.api('PUT', `/users/${user.id}`, { active: 'false', offices: firstOffice, job_title: 'CEO' })).user as Record<string, string>;
    assert.equal(updated.active, 'false');
    assert.equal(updated.offices, firstOffice);
    assert.equal(updated.job_title, 'CEO');
    assert.equal(updated.username, 'joe.bloggs');

    assert.deepEqual((await f.api('DELETE', `/users/${user.id}`)).json, { status: 'success', data: null });
    fmError(await f.api('GET', `/users/${user.id}`), 404, 'User Not Found');
  });

  it('validation: required fields, true/false, digits and commas, duplicate username', async () => {
    const params = await docUser();
    const cases: [Record<string, string>, string | RegExp][] = [
      [{ ...params, username: '' }, 'Username Required'],
      [{ ...params, password: '' }, 'Password Required'],
      [{ ...params, first_name: '' }, 'First Name Required'],
      [{ ...params, last_name: '' }, 'Last Name Required'],
      [{ ...params, email: '' }, 'Email Address Required'],
      [{ ...params, offices: '' }, 'Offices Required'],
      [{ ...params, offices: '1;2' }, 'Offices: Only digits and commas accepted'],
      [{ ...params, offices: '1, a' }, 'Offices: Only digits and commas accepted'],
      [{ ...params, active: 'yes' }, 'Active must be true or false'],
    ];
    for (const [body, message] of cases) fmError(await f.api('POST', '/users', body), 400, message);
    const { active: _a, ...noActive } = params;
    fmError(await f.api('POST', '/users', noActive), 400, 'Active Required');
    assert.deepEqual(ok(await f.api('GET', '/users')), { users: [] }, 'nothing created');

    const user = (ok(await f.api('POST', '/users', params), 201).user as { id: string }).id;
    fmError(await f.api('POST', '/users', params), 400);
    fmError(await f.api('PUT', `/users/${user}`, { active: 'maybe' }), 400, 'Active must be true or false');
    fmError(await f.api('PUT', `/users/${user}`, { username: '' }), 400, 'Username Required');
    assert.equal((ok(await f.api('GET', `/users/${user}`)).user as { active: string }).active, 'true', 'unchanged');
  });
});
