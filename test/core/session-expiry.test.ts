import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { twoAccounts, type TwoAccounts } from './fixture.js';
import type { AccountScope } from '../../src/core/context.js';
import { createOffice } from '../../src/core/audience/offices/offices.js';
import { createUser, type User } from '../../src/core/audience/users/users.js';
import { getSessionUser, redeemSsoToken, startSso } from '../../src/core/audience/users/sso.js';
import { sessionExpired, type SessionPolicy } from '../../src/core/audience/users/session-expiry.js';
import { digestKey } from '../../src/core/secrets/hashing.js';

const MIN = 60_000;
const POLICY: SessionPolicy = { idleMs: 30 * MIN, absoluteMs: 12 * 60 * MIN };
const T0 = '2030-01-01T00:00:00.000Z';
const at = (minutes: number): Date => new Date(Date.parse(T0) + minutes * MIN);

describe('sessionExpired', () => {
  const cases: Array<[string, string | null, number, boolean]> = [
    ['just opened', T0, 0, false],
    ['idle 29 min', T0, 29, false],
    ['idle exactly 30 min', T0, 30, true],
    ['never used, opened 31 min ago', null, 31, true],
    ['used 10 min ago, opened 11 h ago', at(650).toISOString(), 660, false],
    ['used 1 min ago, opened 12 h ago', at(719).toISOString(), 720, true],
    ['used 1 min ago, opened 13 h ago', at(779).toISOString(), 780, true],
  ];
  for (const [name, lastUsedAt, minutes, expired] of cases) {
    test(name, () => assert.equal(sessionExpired({ createdAt: T0, lastUsedAt }, at(minutes), POLICY), expired));
  }
});

let users = 0;
async function activeUser(scope: AccountScope): Promise<User> {
  const office = await createOffice(scope, { name: 'Office' });
  return createUser(scope, { username: `expiry${++users}`, password: 'password1', firstName: 'Sam', lastName: 'Smith', email: 'sam@example.com', active: true, offices: [office.id] });
}

describeEachDatabase('session expiry', (kind) => {
  let t: TwoAccounts;
  before(async () => {
    t = await twoAccounts(kind);
  });
  after(() => t.dispose());

  async function openSession(scope: AccountScope, when: Date): Promise<string> {
    const user = await activeUser(scope);
    const { sessionUrl } = await startSso(t.ctx, scope, user.id, when);
    const redeemed = await redeemSsoToken(scope.db, new URL(sessionUrl).searchParams.get('t')!, when, POLICY);
    return redeemed!.sessionToken;
  }
  const stored = (token: string) => t.a.db.selectFrom('userSessions').select('id').where('tokenHash', '=', digestKey(token)).executeTakeFirst();

  test('idle: each use extends it; 30 idle minutes end it, and the expired session is deleted', async () => {
    const token = await openSession(t.a, at(0));
    assert.ok(await getSessionUser(t.a.db, token, at(25), POLICY));
    assert.ok(await getSessionUser(t.a.db, token, at(50), POLICY), 'used at 25 min: still valid 25 min later');
    assert.equal(await getSessionUser(t.a.db, token, at(80), POLICY), null);
    assert.equal(await stored(token), undefined);
    assert.equal(await getSessionUser(t.a.db, token, at(81), POLICY), null);
  });

  test('absolute: 12 hours after opening, however recently used', async () => {
    const token = await openSession(t.a, at(0));
    for (let m = 20; m < 720; m += 20) assert.ok(await getSessionUser(t.a.db, token, at(m), POLICY), `at ${m} min`);
    assert.equal(await getSessionUser(t.a.db, token, at(720), POLICY), null);
    assert.equal(await stored(token), undefined);
  });

  test('opening a session purges the account’s expired ones, not other accounts’', async () => {
    const old = await openSession(t.a, at(0));
    const otherAccount = await openSession(t.b, at(0));
    await openSession(t.a, at(100));
    assert.equal(await stored(old), undefined);
    assert.ok(await t.b.db.selectFrom('userSessions').select('id').where('tokenHash', '=', digestKey(otherAccount)).executeTakeFirst());
  });
});

describeEachDatabase('session expiry on the web routes', (kind) => {
  let server: TestServer;
  let scope: AccountScope;
  before(async () => {
    server = await startTestServer(kind, { config: { sessions: { idleMs: 800, absoluteMs: 2000 } } });
    scope = { db: server.core.db, accountId: (await server.createAccount()).id };
  });
  after(() => server.close());

  async function signIn(): Promise<string> {
    const user = await activeUser(scope);
    const start = await fetch((await startSso(server.core, scope, user.id)).sessionUrl, { redirect: 'manual' });
    assert.equal(start.status, 302);
    return start.headers.get('set-cookie')!.split(';')[0]!;
  }
  const session = async (cookie: string): Promise<number> => (await fetch(`${server.baseUrl}/session`, { headers: { cookie } })).status;

  test('a session left idle past the configured limit is refused', async () => {
    const cookie = await signIn();
    assert.equal(await session(cookie), 200);
    await delay(1000);
    assert.equal(await session(cookie), 401);
  });

  test('a session in use is refused at the configured absolute limit', async () => {
    const cookie = await signIn();
    const started = Date.now();
    while (Date.now() - started < 1600) {
      assert.equal(await session(cookie), 200);
      await delay(250);
    }
    await delay(500);
    assert.equal(await session(cookie), 401);
  });
});
