/**
 * Every face's authentication goes through the shared brute-force limit and answers a throttled
 * caller in its own format. Each face is tried from its own loopback address, as the per-address
 * count is shared by all faces.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../support/databases.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { headWithoutBody, requestFrom, type FromRequest, type FromResponse } from '../../support/http-from.js';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createDatabase } from '../../support/databases.js';
import { freePort, spawnCli, waitFor } from '../../support/processes.js';

const MAX_PER_IP = 3;
const OPERATOR_KEY = 'operator-key-for-tests-0123456789';

interface FaceCase {
  name: string;
  request: Omit<FromRequest, 'from'>;
  /** What a plain wrong credential gets. */
  failed: (res: FromResponse) => void;
  /** What the attempt past the ceiling gets, in the face's own format. */
  throttled: (res: FromResponse) => void;
}

const json = (res: FromResponse): unknown => JSON.parse(res.body);

const nativeTooMany = (res: FromResponse): void => {
  assert.equal(res.status, 429);
  assert.equal((json(res) as { error: { code: string } }).error.code, 'too_many_requests');
};

const CASES: FaceCase[] = [
  {
    name: 'native (Bearer key)',
    request: { path: '/api/v1/offices', headers: { authorization: 'Bearer hk_wrong' } },
    failed: (res) => assert.equal(res.status, 401),
    throttled: nativeTooMany,
  },
  {
    name: 'native operator key',
    request: { path: '/api/v1/operator/sms/prices', headers: { authorization: 'Bearer not-the-operator-key' } },
    failed: (res) => assert.equal(res.status, 401),
    throttled: nativeTooMany,
  },
  {
    name: 'FranchiseMailer (signed headers)',
    request: { path: '/v1/offices', headers: { accesskey: 'b6b581087d3a65b71f119e4db6efa6b7', requestdate: new Date().toUTCString(), hmac: '0'.repeat(40) } },
    failed: (res) => assert.deepEqual([res.status, json(res)], [403, { messages: { error: { message: 'Invalid credentials' } } }]),
    throttled: (res) => assert.deepEqual([res.status, json(res)], [429, { messages: { error: { message: 'Too Many Requests' } } }]),
  },
  {
    name: 'SendExpert (signed form)',
    request: { method: 'POST', path: '/api/transapi.php', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: '123456789', action: 'checkAPI', data: [], sign: '0'.repeat(32) }) },
    failed: (res) => assert.deepEqual([res.status, json(res)], [200, { error: 'ERROR_SIGN', result: '' }]),
    throttled: (res) => assert.deepEqual([res.status, json(res)], [200, { error: 'TOO_MANY_ATTEMPTS', result: '' }]),
  },
  {
    name: 'Mobizon (apiKey)',
    request: { path: '/service/user/getOwnBalance?apiKey=0123456789abcdef0123456789abcdef01234567' },
    failed: (res) => assert.equal((json(res) as { code: number }).code, 8),
    throttled: (res) => assert.deepEqual([res.status, (json(res) as { code: number }).code], [200, 30]),
  },
  {
    name: 'SmartFocus session token',
    request: { path: '/apimember/services/rest/member/getMemberJobStatus/not-a-token/1' },
    failed: (res) => assert.match(res.body, /<status>CHECK_TOKEN_FAILED<\/status>/),
    throttled: (res) => {
      assert.equal(res.status, 429);
      assert.match(res.body, /<response responseStatus="failed"><description>Too many failed authentication attempts; retry in \d+ seconds\.<\/description><fields\/?>(<\/fields>)?<status>CHECK_TOKEN_FAILED<\/status><\/response>$/);
    },
  },
  {
    name: 'SmartFocus Notification (random + encrypt)',
    request: { path: '/NMSREST?random=F02F0D6E0C6B1A2E&encrypt=wrong&email=a%40example.com' },
    failed: (res) => assert.match(res.body, /Bad authentication!!! Random parameter is wrong/),
    throttled: (res) => {
      assert.equal(res.status, 429);
      assert.match(res.body, /<description>Too many failed authentication attempts; retry in \d+ seconds\.<\/description>.*<status>CREATE_SENDREQUEST_FAILED<\/status>/);
    },
  },
  {
    name: 'single sign-on link',
    request: { path: '/sso/start?t=not-a-token' },
    failed: (res) => assert.equal(res.status, 403),
    throttled: (res) => assert.equal(res.status, 429),
  },
];

describeEachDatabase('brute-force limit on every face', (kind) => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer(kind, { operatorKey: OPERATOR_KEY, authThrottle: { windowMs: 60_000, maxPerIp: MAX_PER_IP, maxPerCredential: 100 } });
  });
  after(() => server.close());

  CASES.forEach((face, i) => {
    test(`${face.name}: refused in its own format, with Retry-After, after ${MAX_PER_IP} failures from one address`, async () => {
      const from = `127.0.1.${i + 1}`;
      for (let n = 0; n < MAX_PER_IP; n++) face.failed(await requestFrom(server.baseUrl, { ...face.request, from }));
      const refused = await requestFrom(server.baseUrl, { ...face.request, from });
      face.throttled(refused);
      assert.ok(Number(refused.headers['retry-after']) >= 1, 'Retry-After');
      face.failed(await requestFrom(server.baseUrl, { ...face.request, from: `127.0.2.${i + 1}` }));
    });
  });

  test('credentials in headers, path or query are checked before a declared body is read', async () => {
    const heads: { method: string; path: string; headers: Record<string, string>; status: number }[] = [
      { method: 'POST', path: '/api/v1/offices', headers: { authorization: 'Bearer hk_wrong', 'content-type': 'application/json' }, status: 401 },
      { method: 'POST', path: '/v1/offices', headers: { accesskey: 'nobody', requestdate: new Date().toUTCString(), hmac: 'x', 'content-type': 'application/json' }, status: 403 },
      { method: 'POST', path: '/service/message/sendSMSMessage?apiKey=0123456789abcdef0123456789abcdef01234567', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 200 },
      { method: 'PUT', path: '/apibatchmember/services/rest/batchmemberservice/not-a-token/batchmember/insertUpload', headers: { 'content-type': 'text/xml' }, status: 500 },
      { method: 'PUT', path: '/apimember/services/rest/no/such/method', headers: { 'content-type': 'text/xml' }, status: 404 },
    ];
    for (const [i, head] of heads.entries()) {
      const answer = await headWithoutBody(server.baseUrl, { ...head, declaredLength: 900_000, from: `127.0.3.${i + 1}` }, 2000);
      assert.ok(answer !== null, `${head.path}: answered without waiting for the body`);
      assert.match(answer, new RegExp(`^HTTP/1\\.1 ${head.status} `), head.path);
    }
  });

  test('an address over its ceiling is refused before a body carrying credentials is read (SendExpert)', async () => {
    const sendExpert = CASES.find((c) => c.name.startsWith('SendExpert'))!;
    const from = '127.0.4.1';
    for (let n = 0; n < MAX_PER_IP; n++) sendExpert.failed(await requestFrom(server.baseUrl, { ...sendExpert.request, from }));
    const answer = await headWithoutBody(server.baseUrl, { method: 'POST', path: '/api/transapi.php', headers: { 'content-type': 'application/json' }, declaredLength: 900_000, from }, 2000);
    assert.ok(answer !== null, 'answered without waiting for the body');
    assert.match(answer, /^HTTP\/1\.1 200 [\s\S]*retry-after: \d+/i);
  });
});

test('failures are logged (warn) with face, address and login, never the secret, even at info level', async () => {
  const database = await createDatabase('sqlite');
  await database.store.close(); // the server opens it itself
  const port = await freePort();
  const child = spawnCli(['serve'], { ...database.env, HERALD_PORT: String(port), HERALD_LOG_LEVEL: 'info', HERALD_AUTH_MAX_FAILURES_PER_CREDENTIAL: '1' });
  let stdout = '';
  child.stdout!.on('data', (d) => (stdout += d));
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/readyz`);
    const demo = JSON.parse(readFileSync(`${database.env.HERALD_DATA_DIR}/demo-account.json`, 'utf8')) as { smartfocus: { login: string; password: string; key: string }; mobizon: { apiKey: string } };
    const { login, key } = demo.smartfocus;
    const guess = 'Guessed-Secret-4711';
    const wrongKey = 'f'.repeat(40);
    assert.equal((await requestFrom(base, { path: `/apimember/services/rest/connect/open/${login}/${guess}/${key}` })).status, 500);
    assert.equal((await requestFrom(base, { path: `/apimember/services/rest/connect/open/${login}/${demo.smartfocus.password}/${key}` })).status, 429);
    await requestFrom(base, { path: `/service/user/getOwnBalance?apiKey=${wrongKey}` });
    await requestFrom(base, { path: `/service/user/getOwnBalance?apiKey=${demo.mobizon.apiKey}` });
    child.kill('SIGTERM');
    await once(child, 'exit');
    // The demo account's credentials are printed once at start, outside the log lines.
    const logText = stdout.split('\n').filter((l) => l.startsWith('{"level"'));
    const lines = logText.map((l) => JSON.parse(l) as Record<string, unknown>);
    const warned = lines.filter((l) => l.level === 40 && l.msg === 'authentication failed');
    assert.deepEqual(warned.map((l) => [l.face, l.ip, l.credential]), [['smartfocus', '127.0.0.1', login], ['mobizon', '127.0.0.1', null]]);
    assert.ok(lines.some((l) => l.level === 40 && l.msg === 'authentication throttled' && l.credential === login), 'the throttled attempt is logged too');
    for (const secret of [guess, demo.smartfocus.password, key, wrongKey, demo.mobizon.apiKey]) assert.ok(!logText.join('\n').includes(secret), 'no secret in the log');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await database.dispose().catch(() => undefined);
  }
});
