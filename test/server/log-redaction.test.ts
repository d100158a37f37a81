import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { describeOnDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { gmdateR } from '../support/php-api-call.js';
import { getResult, openPath, phpUrlencode, sfRequest } from '../support/smartfocus-client.js';
import { REDACTED, redactText, redactUrl } from '../../src/server/log-redaction.js';
import type { CreatedAccount } from '../../src/core/accounts/accounts.js';
import { createOffice } from '../../src/core/audience/offices/offices.js';
import { createUser } from '../../src/core/audience/users/users.js';
import { startSso } from '../../src/core/audience/users/sso.js';

const R = REDACTED;

describe('redactUrl', () => {
  const cases: Array<[string, string]> = [
    ['/apimember/services/rest/connect/open/LOGIN/PASS%2Bx/KEY', `/apimember/services/rest/connect/open/${R}/${R}/${R}`],
    ['/apimember/services/rest/CONNECT/Open/LOGIN/PASS/KEY', `/apimember/services/rest/CONNECT/Open/${R}/${R}/${R}`],
    ['/apimember/services/rest/connect/close/TOK', `/apimember/services/rest/connect/close/${R}`],
    ['/apimember/services/rest/connect/open?login=L&password=P&key=K', `/apimember/services/rest/connect/open?login=${R}&password=${R}&key=${R}`],
    ['/apimember/services/rest/member/getMemberByEmail/TOK/a@b.c', `/apimember/services/rest/member/getMemberByEmail/${R}/a@b.c`],
    ['/apimember/services/rest/member/insert?token=TOK&email=a@b.c', `/apimember/services/rest/member/insert?token=${R}&email=a@b.c`],
    ['/apimember/services/rest/getListMembersByPage/TOK/2', `/apimember/services/rest/getListMembersByPage/${R}/2`],
    ['/apibatchmember/services/rest/batchmemberservice/TOK/batchmember/insertUpload', `/apibatchmember/services/rest/batchmemberservice/${R}/batchmember/insertUpload`],
    ['/apibatchmember/services/rest/connect/open/L/P/K', `/apibatchmember/services/rest/connect/open/${R}/${R}/${R}`],
    ['/NMSREST?random=RND&encrypt=ENC&email=a@b.c&dyn=x:y', `/NMSREST?random=${R}&encrypt=${R}&email=a@b.c&dyn=x:y`],
    ['/NMSREST/RND/ENC/a@b.c/2030-01-01/1/NOTHING', `/NMSREST/${R}/${R}/a@b.c/2030-01-01/1/NOTHING`],
    ['/service/user/getOwnBalance?output=json&apiKey=KEY', `/service/user/getOwnBalance?output=json&apiKey=${R}`],
    ['/service/user/getOwnBalance?APIKEY=KEY&data%5BapiKey%5D=K2', `/service/user/getOwnBalance?APIKEY=${R}&data%5BapiKey%5D=${R}`],
    ['/api/transapi.php?user_id=7&sign=SIG', `/api/transapi.php?user_id=7&sign=${R}`],
    ['/v1/contacts?hmac=H&accesskey=A&page=2', `/v1/contacts?hmac=${R}&accesskey=${R}&page=2`],
    ['/sso/start?t=TOK', `/sso/start?t=${R}`],
    ['/sso/start/?t=TOK', `/sso/start/?t=${R}`],
    ['/senders/verify?token=TOK', `/senders/verify?token=${R}`],
    ['/u/TOK.SIG', `/u/${R}`],
    ['/t/o/TOK', `/t/o/${R}`],
    ['/t/c/TOK/more', `/t/c/${R}/${R}`],
    ['https://h.example:8443/sso/start?t=TOK', `https://h.example:8443/sso/start?t=${R}`],
    ['smtp://user:pass@relay.example:587', `smtp://${R}@relay.example:587`],
    ['postgres://herald:pw@db/herald', `postgres://${R}@db/herald`],
    // No secret: unchanged, byte for byte (no re-encoding).
    ['/api/v1/contacts?page=2&search=a%20b&t=1', '/api/v1/contacts?page=2&search=a%20b&t=1'],
    ['/s/abc123', '/s/abc123'],
    ['/healthz', '/healthz'],
    ['/u/', '/u/'],
  ];
  for (const [input, expected] of cases) {
    it(`${input} → ${expected}`, () => assert.equal(redactUrl(input), expected));
  }
});

describe('redactText', () => {
  it('redacts URLs inside messages and leaves the rest', () => {
    assert.equal(redactText('Route GET:/sso/start/x?apiKey=K not found'), `Route GET:/sso/start/x?apiKey=${R} not found`);
    assert.equal(redactText('link https://h.example/u/TOK sent'), `link https://h.example/u/${R} sent`);
    assert.equal(redactText('relay smtp://u:p@relay.example:587 refused'), `relay smtp://${R}@relay.example:587 refused`);
    assert.equal(redactText(`Unexpected token in JSON: "{"user_id":"7","sign":"ab\\"c","data":[]}"`), `Unexpected token in JSON: "{"user_id":"7","sign":"${R}","data":[]}"`);
    assert.equal(redactText('body user_id=7&sign=abc&action=x'), `body user_id=7&sign=${R}&action=x`);
    assert.equal(redactText('{"Password" : "p", "name": "n"}'), `{"Password" : "${R}", "name": "n"}`);
    assert.equal(redactText('at f (/srv/herald/dist/server/app.js:10:3)'), 'at f (/srv/herald/dist/server/app.js:10:3)');
  });
});

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');
const OPERATOR_KEY = 'operator-key-SECRET-0123456789abcdef';

/** Requests of every face with known secrets, good and bad, against a server logging at trace level. */
describeOnDatabase('sqlite', 'the request log holds no secret', () => {
  let server: TestServer;
  let account: CreatedAccount;
  let log = '';
  const secrets = new Set<string>();
  const secret = (value: string): string => {
    secrets.add(value);
    return value;
  };

  before(async () => {
    server = await startTestServer('sqlite', { operatorKey: OPERATOR_KEY, log: { level: 'trace', stream: { write: (chunk: string) => void (log += chunk) } } });
    account = await server.createAccount();
    const c = account.credentials;
    [c.smartfocus.login, c.smartfocus.password, c.smartfocus.key, c.mobizon.apiKey, c.franchisemailer.accessKey, c.franchisemailer.secretKey, c.sendexpert.key, c.native.apiKey, OPERATOR_KEY].forEach(secret);
  });
  after(() => server?.close());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.baseUrl}${path}`, { headers, redirect: 'manual' });

  it('SmartFocus Member and Batch Member: connect/open, session tokens in paths and queries, bad credentials', async () => {
    const { login, password, key } = account.credentials.smartfocus;
    for (const prefix of ['/apimember/services/rest', '/apibatchmember/services/rest']) {
      const token = secret(getResult((await sfRequest(server.baseUrl, 'GET', openPath(prefix, login, password, key))).body));
      const member = prefix.startsWith('/apimember');
      await sfRequest(server.baseUrl, 'GET', member ? `${prefix}/member/getMemberByEmail/${token}/nobody@example.com` : `${prefix}/batchmemberservice/${token}/batchmember/getLastUpload`);
      await sfRequest(server.baseUrl, 'GET', member ? `${prefix}/member/descMemberTable?token=${token}` : `${prefix}/batchmemberservice/${token}/uploads/1`);
      if (!member) await sfRequest(server.baseUrl, 'PUT', `${prefix}/batchmemberservice/${token}/batchmember/insertUpload`, 'not multipart', { 'Content-Type': 'text/plain' });
      await sfRequest(server.baseUrl, 'GET', openPath(prefix, login, secret('wrong-password-SECRET-1'), key));
      await sfRequest(server.baseUrl, 'GET', `${prefix}/connect/open?login=${login}&password=${phpUrlencode(password)}&key=${key}`);
      await sfRequest(server.baseUrl, 'GET', `${prefix}/connect/close/${token}`);
    }
  });

  it('SmartFocus Notification, Mobizon, SendExpert', async () => {
    await get(`/NMSREST?random=${secret('RANDOM-SECRET-0001')}&encrypt=${secret('ENCRYPT-SECRET-0001')}&email=a@example.com`);
    await get(`/NMSREST/${secret('RANDOM-SECRET-0002')}/${secret('ENCRYPT-SECRET-0002')}/a@example.com/2030-01-01/1/NOTHING`);
    const apiKey = account.credentials.mobizon.apiKey;
    await get(`/service/user/getOwnBalance?output=json&apiKey=${apiKey}`);
    await get(`/service/user/getOwnBalance?apiKey=${secret('BAD-MOBIZON-KEY-SECRET')}`);
    await fetch(`${server.baseUrl}/service/user/getOwnBalance`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `apiKey=${apiKey}` });
    const { userId, key } = account.credentials.sendexpert;
    const sign = secret(md5(`${key}[]`));
    await fetch(`${server.baseUrl}/api/transapi.php`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: userId, action: 'account.account_info', data: [], sign }) });
    await fetch(`${server.baseUrl}/api/transapi.php`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"user_id":"${userId}","sign":"${secret('BROKEN-JSON-SIGN-SECRET')}",` });
    await fetch(`${server.baseUrl}/api/v1/contacts`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${account.credentials.native.apiKey}` }, body: `{"password":"${secret('BROKEN-JSON-NATIVE-SECRET')}",` });
    await fetch(`${server.baseUrl}/api/transapi.php?user_id=${userId}&sign=${secret('BAD-SIGN-SECRET-0001')}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `user_id=${userId}&sign=x&action=account.account_info&request=[]` });
  });

  it('FranchiseMailer (HMAC headers, good and bad), SSO link and session cookie', async () => {
    const { accessKey, secretKey } = account.credentials.franchisemailer;
    const date = gmdateR();
    const hmac = secret(createHmac('sha1', secretKey).update(date).digest('hex'));
    assert.equal((await get('/v1/offices', { accesskey: accessKey, requestdate: date, hmac })).status, 200);
    await get('/v1/offices', { accesskey: accessKey, requestdate: date, hmac: secret('0123456789abcdef0123456789abcdefBADHMAC') });
    await get(`/v1/offices?accesskey=${accessKey}&hmac=${hmac}`);
    const scope = { db: server.core.db, accountId: account.id };
    const office = await createOffice(scope, { name: 'Office' });
    const user = await createUser(scope, { username: 'sso.user', password: 'password1', firstName: 'Sam', lastName: 'Smith', email: 'sam@example.com', active: true, offices: [office.id] });
    const { sessionUrl } = await startSso(server.core, scope, user.id);
    secret(new URL(sessionUrl).searchParams.get('t')!);
    const start = await fetch(sessionUrl, { redirect: 'manual' });
    assert.equal(start.status, 302);
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    secret(cookie.split('=')[1]!);
    assert.equal((await get('/session', { cookie })).status, 200);
    await fetch(sessionUrl, { redirect: 'manual' });
  });

  it('native and operator keys, sender verification, unsubscribe and tracking links, unknown routes', async () => {
    assert.equal((await get('/api/v1/account', { authorization: `Bearer ${account.credentials.native.apiKey}` })).status, 200);
    await get('/api/v1/account', { authorization: `Bearer ${secret('hk_BAD-NATIVE-KEY-SECRET')}` });
    assert.equal((await get('/api/v1/operator/sms/prices', { authorization: `Bearer ${OPERATOR_KEY}` })).status, 200);
    await get(`/senders/verify?token=${secret('VERIFY-TOKEN-SECRET-0001')}`);
    await get(`/u/${secret('UNSUBSCRIBE-TOKEN-SECRET-0001')}`);
    await fetch(`${server.baseUrl}/u/${secret('UNSUBSCRIBE-TOKEN-SECRET-0002')}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await get(`/t/o/${secret('OPEN-TOKEN-SECRET-0001')}`);
    await get(`/t/c/${secret('CLICK-TOKEN-SECRET-0001')}`);
    await get(`/no/such/route?apiKey=${secret('NOT-FOUND-KEY-SECRET-0001')}`);
    await get(`/sso/start/extra?token=${secret('NOT-FOUND-TOKEN-SECRET-0001')}`);
  });

  it('no secret appears anywhere in the log, which keeps the route shapes', () => {
    assert.ok(log.split('\n').filter((l) => l.includes('"incoming request"')).length >= 30, 'every request is logged');
    for (const s of secrets) {
      for (const form of new Set([s, encodeURIComponent(s), phpUrlencode(s)])) {
        assert.ok(!log.includes(form), `the log holds a secret: ${form}`);
      }
    }
    assert.ok(log.includes(`/apimember/services/rest/connect/open/${R}/${R}/${R}`));
    assert.ok(log.includes(`/sso/start?t=${R}`));
    assert.ok(log.includes(`Route GET:/no/such/route?apiKey=${R} not found`));
  });
});
