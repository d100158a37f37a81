import { it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { setFranchiseMailerAllowedIps } from '../../../src/core/accounts/accounts.js';
import { phpApiClient } from '../../support/php-api-call.js';
import { DOC_OFFICE, fmError, fmFixture, ok } from './fixture.js';

const MIN = 60 * 1000;

describeEachDatabase('FranchiseMailer authentication and protocol errors', (kind) => {
  const f = fmFixture(kind);

  it('accepts the vendor snippet’s request and rejects every broken credential with 403', async () => {
    ok(await f.api('GET', '/offices'));
    const wrongKey = phpApiClient(f.server.baseUrl, { ...f.account.credentials.franchisemailer, accessKey: 'b6b581087d3a65b71f119e4db6efa6b7' });
    fmError(await wrongKey('GET', '/offices'), 403, 'Invalid credentials');
    const wrongSecret = phpApiClient(f.server.baseUrl, { ...f.account.credentials.franchisemailer, secretKey: '7790b9c0a39bf5cffde1da8851f25b5e7fb21a95' });
    fmError(await wrongSecret('GET', '/offices'), 403, 'Invalid credentials');
    fmError(await f.api('GET', '/offices', {}, { headers: { hmac: '0'.repeat(40) } }), 403, 'Invalid credentials');
    for (const header of ['accesskey', 'requestdate', 'hmac']) {
      fmError(await f.api('GET', '/offices', {}, { headers: { [header]: null } }), 403);
    }
  });

  it('requestdate must be RFC 2822 within ±5 minutes (a signed date replays only that long)', async () => {
    // The date has whole seconds and the request takes a moment: a few seconds either side of the edge.
    const SEC = 1000;
    ok(await f.api('GET', '/offices', {}, { now: new Date(Date.now() - 5 * MIN + 5 * SEC) }));
    ok(await f.api('GET', '/offices', {}, { now: new Date(Date.now() + 5 * MIN - 5 * SEC) }));
    fmError(await f.api('GET', '/offices', {}, { now: new Date(Date.now() - 5 * MIN - 5 * SEC) }), 403, 'Invalid request date');
    fmError(await f.api('GET', '/offices', {}, { now: new Date(Date.now() + 5 * MIN + 5 * SEC) }), 403, 'Invalid request date');
  });

  it('the caller IP must be on the account allow-list (addresses or CIDR)', async () => {
    const id = f.account.id;
    try {
      await setFranchiseMailerAllowedIps(f.server.core, id, ['10.9.9.9']);
      const before = await f.server.core.db.selectFrom('offices').select('id').execute();
      fmError(await f.api('POST', '/offices', DOC_OFFICE), 403, 'IP address not allowed');
      assert.deepEqual(await f.server.core.db.selectFrom('offices').select('id').execute(), before, 'nothing written');
      await setFranchiseMailerAllowedIps(f.server.core, id, ['127.0.0.0/8']);
      ok(await f.api('GET', '/offices'));
      await setFranchiseMailerAllowedIps(f.server.core, id, []);
      fmError(await f.api('GET', '/offices'), 403, 'IP address not allowed');
    } finally {
      await setFranchiseMailerAllowedIps(f.server.core, id, ['127.0.0.1', '::1']);
    }
  });

  it('accounts are isolated: another account’s office is Not Found', async () => {
    const mine = ok(await f.api('POST', '/offices', DOC_OFFICE), 201);
    const other = await f.server.createAccount('Other');
    const theirs = phpApiClient(f.server.baseUrl, other.credentials.franchisemailer);
    const id = (mine.office as { id: string }).id;
    fmError(await theirs('GET', `/offices/${id}`), 404, 'Office Not Found');
    assert.deepEqual(ok(await theirs('GET', '/offices')), { offices: [] });
  });

  it('unknown paths 404, wrong methods 405, bad ids 404, all in the FM error format', async () => {
    fmError(await f.api('GET', '/nothing'), 404, 'Not Found');
    const patch = await f.api('PATCH', '/offices');
    fmError(patch, 405, 'Method Not Allowed');
    assert.equal(patch.headers.allow, 'GET, POST');
    fmError(await f.api('POST', '/offices/1', DOC_OFFICE), 405);
    fmError(await f.api('PUT', '/sso/1', {}), 405);
    fmError(await f.api('GET', '/offices/abc'), 404, 'Office Not Found');
    fmError(await f.api('GET', '/offices/999999'), 404, 'Office Not Found');
    fmError(await f.api('DELETE', '/contacts/999999'), 404, 'Contact Not Found');
  });

  it('unauthenticated requests get 403 before any routing or body handling', async () => {
    const wrongKey = phpApiClient(f.server.baseUrl, { accessKey: 'x', secretKey: 'y' });
    fmError(await wrongKey('GET', '/nothing'), 403);
    fmError(await wrongKey('PATCH', '/offices'), 403);
  });

  it('bodies: JSON accepted, other types and malformed JSON are 400, oversized 413', async () => {
    const json = { contentType: 'application/json', body: JSON.stringify({ ...DOC_OFFICE, name: 'Json Office' }) };
    const created = ok(await f.api('POST', '/offices', {}, { rawBody: json }), 201);
    assert.equal((created.office as { name: string }).name, 'Json Office');
    fmError(await f.api('POST', '/offices', {}, { rawBody: { contentType: 'application/json', body: '{"name":' } }), 400);
    fmError(await f.api('POST', '/offices', {}, { rawBody: { contentType: 'text/plain', body: 'name=x' } }), 400);
    fmError(await f.api('POST', '/offices', { name: 'x'.repeat(1100 * 1024) }), 413);
    fmError(await f.api('POST', '/offices', { name: ['a', 'b'] }), 400, 'Name must be a single value');
  });
});
