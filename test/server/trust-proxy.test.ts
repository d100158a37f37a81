import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { gmdateR, hashHmacSha1 } from '../support/php-api-call.js';
import { setFranchiseMailerAllowedIps, type CreatedAccount } from '../../src/core/accounts/accounts.js';

const CLIENT = '203.0.113.7';

/** A signed FranchiseMailer call from 127.0.0.1, optionally claiming another address through a proxy header. */
async function officesFrom(server: TestServer, account: CreatedAccount, forwardedFor?: string): Promise<{ status: number; text: string }> {
  const { accessKey, secretKey } = account.credentials.franchisemailer;
  const date = gmdateR();
  const headers: Record<string, string> = { accesskey: accessKey, requestdate: date, hmac: hashHmacSha1(date, secretKey) };
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  const res = await fetch(`${server.baseUrl}/v1/offices`, { headers });
  return { status: res.status, text: await res.text() };
}

for (const trusted of [false, true]) {
  describeOnDatabase('sqlite', `FranchiseMailer IP allow-list ${trusted ? 'behind a trusted proxy (HERALD_TRUST_PROXY=127.0.0.1)' : 'without HERALD_TRUST_PROXY'}`, () => {
    let server: TestServer;
    let account: CreatedAccount;
    before(async () => {
      server = await startTestServer('sqlite', trusted ? { config: { trustProxy: ['127.0.0.1'] } } : {});
      account = await server.createAccount();
    });
    after(() => server?.close());

    it(trusted ? 'checks the forwarded address' : 'ignores X-Forwarded-For and checks the socket address', async () => {
      await setFranchiseMailerAllowedIps(server.core, account.id, [CLIENT]);
      assert.equal((await officesFrom(server, account, CLIENT)).status, trusted ? 200 : 403);
      assert.equal((await officesFrom(server, account, '198.51.100.1')).status, 403);
      assert.match((await officesFrom(server, account)).text, /IP address not allowed/);
      await setFranchiseMailerAllowedIps(server.core, account.id, ['127.0.0.1']);
      assert.equal((await officesFrom(server, account, CLIENT)).status, trusted ? 403 : 200);
      assert.equal((await officesFrom(server, account)).status, 200);
    });
  });
}
