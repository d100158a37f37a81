import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { getResult, openPath, sfRequest } from '../../support/smartfocus-client.js';
import type { CreatedAccount } from '../../../src/core/accounts/accounts.js';
import { MAX_OPEN_TOKENS } from '../../../src/faces/smartfocus/common/connection.js';
import { headWithoutBody, requestFrom, type FromResponse } from '../../support/http-from.js';
import { setTimeout as sleep } from 'node:timers/promises';

const PREFIXES = ['/apimember/services/rest', '/apibatchmember/services/rest'];
const SUCCESS = /^<\?xml version="1\.0" encoding="utf-8" standalone="yes"\?><response responseStatus="success"><result xsi:type="xs:string" xmlns:xs="http:\/\/www\.w3\.org\/2001\/XMLSchema" xmlns:xsi="http:\/\/www\.w3\.org\/2001\/XMLSchema-instance">([A-Za-z0-9]+)<\/result><\/response>$/;

describeEachDatabase('SmartFocus connect/open and connect/close', (kind) => {
  let server: TestServer;
  let account: CreatedAccount;
  before(async () => {
    server = await startTestServer(kind);
    account = await server.createAccount('SF');
  });
  after(() => server.close());

  for (const prefix of PREFIXES) {
    test(`${prefix}: open returns a token exactly as the vendor emits it; close closes it once`, async () => {
      const sf = account.credentials.smartfocus;
      const opened = await sfRequest(server.baseUrl, 'GET', openPath(prefix, sf.login, sf.password, sf.key));
      assert.equal(opened.status, 200);
      assert.match(opened.body, SUCCESS);
      const token = getResult(opened.body);
      assert.match(token, /^[A-Za-z0-9]{48}$/);
      const closed = await sfRequest(server.baseUrl, 'GET', `${prefix}/connect/close/${token}`);
      assert.equal(getResult(closed.body), 'connection closed');
      const again = await sfRequest(server.baseUrl, 'GET', `${prefix}/connect/close/${token}`);
      assert.equal(again.status, 500);
      assert.match(again.body, /<response responseStatus="failed"><description>No available connection for the specified token\.<\/description><fields>[A-Za-z0-9]+<\/fields><status>CLOSE_CONNECTION_FAILED<\/status><\/response>$/);
      assert.doesNotMatch(again.body, /<result/);
    });

    test(`${prefix}: query-string forms of open and close`, async () => {
      const sf = account.credentials.smartfocus;
      const q = new URLSearchParams({ login: sf.login, password: sf.password, key: sf.key });
      const token = getResult((await sfRequest(server.baseUrl, 'GET', `${prefix}/connect/open?${q}`)).body);
      assert.equal(getResult((await sfRequest(server.baseUrl, 'GET', `${prefix}/connect/close?token=${token}`)).body), 'connection closed');
    });

    test(`${prefix}: wrong login, password or key give the documented texts and no token`, async () => {
      const sf = account.credentials.smartfocus;
      const cases: Array<[string, RegExp]> = [
        [openPath(prefix, 'nobody', sf.password, sf.key), /No manager retrieved for those login, password\./],
        [openPath(prefix, sf.login, 'wrong pw', sf.key), /No manager retrieved for those login, password\./],
        [openPath(prefix, sf.login, sf.password, 'wrongkey'), /No manager retrieved for those login, password\./],
      ];
      for (const [path, text] of cases) {
        const res = await sfRequest(server.baseUrl, 'GET', path);
        assert.equal(res.status, 500);
        assert.match(res.body, text);
        assert.throws(() => getResult(res.body));
      }
    });
  }

  test('a password with urlencoded specials (space, slash, plus, %, &) is decoded as PHP encoded it', async () => {
    // The generated password is alphanumeric; exercise the decoder with the vector from docs/protocols/smartfocus.md §Paths.
    const res = await sfRequest(server.baseUrl, 'GET', `/apimember/services/rest/connect/open/${account.credentials.smartfocus.login}/p%40ss+w%2Frd%2B%26%25/${account.credentials.smartfocus.key}`);
    assert.match(res.body, /No manager retrieved for those login, password\./, 'reached the credential check with one path segment');
  });

  test('an account holds at most MAX_OPEN_TOKENS open tokens per API', async () => {
    const other = await server.createAccount('Cap');
    const sf = other.credentials.smartfocus;
    const tokens: string[] = [];
    for (let i = 0; i < MAX_OPEN_TOKENS; i++) tokens.push(getResult((await sfRequest(server.baseUrl, 'GET', openPath(PREFIXES[0]!, sf.login, sf.password, sf.key))).body));
    const refused = await sfRequest(server.baseUrl, 'GET', openPath(PREFIXES[0]!, sf.login, sf.password, sf.key));
    assert.match(refused.body, new RegExp(`No available connection for manager ${sf.login}\\.`));
    // The batch API has its own allowance.
    assert.ok(getResult((await sfRequest(server.baseUrl, 'GET', openPath(PREFIXES[1]!, sf.login, sf.password, sf.key))).body));
    await sfRequest(server.baseUrl, 'GET', `${PREFIXES[0]}/connect/close/${tokens[0]}`);
    assert.ok(getResult((await sfRequest(server.baseUrl, 'GET', openPath(PREFIXES[0]!, sf.login, sf.password, sf.key))).body));
  });

  test('a member token does not work on the batch API', async () => {
    const sf = account.credentials.smartfocus;
    const token = getResult((await sfRequest(server.baseUrl, 'GET', openPath(PREFIXES[0]!, sf.login, sf.password, sf.key))).body);
    const res = await sfRequest(server.baseUrl, 'GET', `${PREFIXES[1]}/connect/close/${token}`);
    assert.equal(res.status, 500);
  });
});

describeEachDatabase('SmartFocus connect/open brute-force limit', (kind) => {
  const PREFIX = '/apimember/services/rest';
  const POLICY = { windowMs: 5000, maxPerIp: 15, maxPerCredential: 10 };
  let server: TestServer;
  let a: CreatedAccount;
  let b: CreatedAccount;
  before(async () => {
    server = await startTestServer(kind, { authThrottle: POLICY });
    a = await server.createAccount('Target');
    b = await server.createAccount('Bystander');
  });
  after(() => server.close());

  const open = (account: CreatedAccount, password: string, from = '127.0.0.1') => {
    const sf = account.credentials.smartfocus;
    return requestFrom(server.baseUrl, { path: openPath(PREFIX, sf.login, password, sf.key), from });
  };
  const opened = (res: FromResponse) => SUCCESS.test(res.body) && res.status === 200;
  const throttled = (res: FromResponse) => res.status === 429 && /<status>OPEN_CONNECTION_FAILED<\/status>/.test(res.body) && Number(res.headers['retry-after']) >= 1;

  test('200 wrong passwords: the ceiling, then every answer throttled, the right password too, until the window passes', async () => {
    const answers: FromResponse[] = [];
    for (let i = 0; i < 200; i++) answers.push(await open(a, `guess-${i}`));
    assert.equal(answers.filter((r) => r.status === 500 && r.body.includes('No manager retrieved for those login, password.')).length, POLICY.maxPerCredential);
    assert.ok(answers.slice(POLICY.maxPerCredential).every(throttled), 'every attempt past the ceiling is throttled');

    assert.ok(throttled(await open(a, a.credentials.smartfocus.password)), 'the right password is refused from that address');
    assert.ok(throttled(await open(a, a.credentials.smartfocus.password, '127.0.0.2')), 'and for that login from another address');
    assert.ok(opened(await open(b, b.credentials.smartfocus.password)), 'another login from the same address still works');

    // Five more failures (another login) take the address to its ceiling: now it is refused for every login.
    for (let i = 0; i < POLICY.maxPerIp - POLICY.maxPerCredential; i++) assert.equal((await open(b, `guess-${i}`)).status, 500);
    const refused = await open(b, b.credentials.smartfocus.password);
    assert.ok(throttled(refused), 'the address is over its ceiling');
    assert.ok(opened(await open(b, b.credentials.smartfocus.password, '127.0.0.2')), 'another address is unaffected');

    await sleep(Number(refused.headers['retry-after']) * 1000 + 200);
    assert.ok(opened(await open(a, a.credentials.smartfocus.password)), 'after the window the right password works again');
  });

  test('a wrong login and a wrong password get byte-identical answers', async () => {
    const sf = b.credentials.smartfocus;
    const wrongLogin = await requestFrom(server.baseUrl, { path: openPath(PREFIX, 'nobody_at_all', 'guess', sf.key), from: '127.0.0.3' });
    const wrongPassword = await requestFrom(server.baseUrl, { path: openPath(PREFIX, sf.login, 'guess', sf.key), from: '127.0.0.3' });
    const wrongKey = await requestFrom(server.baseUrl, { path: openPath(PREFIX, sf.login, sf.password, 'wrongkey'), from: '127.0.0.3' });
    for (const res of [wrongPassword, wrongKey]) {
      assert.deepEqual([res.status, res.headers['content-type'], res.headers['content-length'], res.body], [wrongLogin.status, wrongLogin.headers['content-type'], wrongLogin.headers['content-length'], wrongLogin.body]);
    }
    assert.match(wrongLogin.body, /<description>No manager retrieved for those login, password\.<\/description>/);
  });

  test('a token route answers a bad token before the declared body is read', async () => {
    const answer = await headWithoutBody(
      server.baseUrl,
      { method: 'POST', path: `${PREFIX}/member/insertOrUpdateMember/not-a-token`, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, declaredLength: 900_000 },
      2000,
    );
    assert.ok(answer !== null, 'answered without waiting for the body');
    assert.match(answer, /^HTTP\/1\.1 500 /);
  });
});
