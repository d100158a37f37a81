import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../support/databases.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { rejectsWith, twoAccounts, type TwoAccounts } from './fixture.js';
import { NotFoundError, ValidationError } from '../../src/core/errors.js';
import type { AccountScope } from '../../src/core/context.js';
import { createOffice } from '../../src/core/audience/offices/offices.js';
import { createUser, getUser, updateUser, type User } from '../../src/core/audience/users/users.js';
import { endUserSessions, getSessionUser, redeemSsoToken, startSso } from '../../src/core/audience/users/sso.js';
import { digestKey } from '../../src/core/secrets/hashing.js';

let userCount = 0;
async function activeUser(scope: AccountScope, names: { firstName?: string; lastName?: string } = {}): Promise<User> {
  const office = await createOffice(scope, { name: 'Office' });
  return createUser(scope, {
    username: `user${++userCount}`,
    password: 'password1',
    firstName: names.firstName ?? 'Sam',
    lastName: names.lastName ?? 'Smith',
    email: 'sam@example.com',
    active: true,
    offices: [office.id],
  });
}

const tokenOf = (sessionUrl: string): string => new URL(sessionUrl).searchParams.get('t')!;

describeEachDatabase('single sign-on', (kind) => {
  let t: TwoAccounts;
  before(async () => {
    t = await twoAccounts(kind);
  });
  after(() => t.dispose());

  test('start: URL under publicUrl, 20 s expiry, only the token digest stored', async () => {
    const user = await activeUser(t.a);
    const now = new Date('2030-01-01T12:00:00.000Z');
    const start = await startSso(t.ctx, t.a, user.id, now);
    assert.match(start.sessionUrl, /^https:\/\/herald\.example\/sso\/start\?t=[0-9a-f]{32}$/);
    assert.equal(start.expiresAt, '2030-01-01T12:00:20.000Z');
    const rows = await t.a.db.selectFrom('ssoTokens').select('tokenHash').where('userId', '=', user.id).execute();
    assert.deepEqual(rows, [{ tokenHash: digestKey(tokenOf(start.sessionUrl)) }]);
  });

  test('start refuses inactive users, and users of other accounts as not found', async () => {
    const user = await activeUser(t.a);
    await updateUser(t.a, user.id, { active: false });
    const err = await rejectsWith(startSso(t.ctx, t.a, user.id), ValidationError);
    assert.equal(err.message, 'User is not active');
    await rejectsWith(startSso(t.ctx, t.b, user.id), NotFoundError);
    await rejectsWith(startSso(t.ctx, t.a, 999_999), NotFoundError);
  });

  test('a token works once: session opened, last login set', async () => {
    const user = await activeUser(t.a);
    const token = tokenOf((await startSso(t.ctx, t.a, user.id)).sessionUrl);
    const at = new Date();
    const redeemed = await redeemSsoToken(t.a.db, token, at);
    assert.ok(redeemed);
    assert.equal(redeemed.accountId, t.a.accountId);
    assert.equal(redeemed.userId, user.id);
    assert.equal((await getUser(t.a, user.id)).lastLogin, at.toISOString());
    assert.equal(await redeemSsoToken(t.a.db, token), null);
    const signedIn = await getSessionUser(t.a.db, redeemed.sessionToken);
    assert.equal(signedIn?.accountId, t.a.accountId);
    assert.equal(signedIn?.user.id, user.id);
    const stored = await t.a.db.selectFrom('userSessions').select('tokenHash').where('userId', '=', user.id).execute();
    assert.deepEqual(stored, [{ tokenHash: digestKey(redeemed.sessionToken) }]);
    assert.equal(await redeemSsoToken(t.a.db, 'f'.repeat(32)), null);
    assert.equal(await getSessionUser(t.a.db, 'f'.repeat(64)), null);
  });

  test('a token expires 20 seconds after issue', async () => {
    const user = await activeUser(t.a);
    const issued = new Date();
    const late = tokenOf((await startSso(t.ctx, t.a, user.id, issued)).sessionUrl);
    assert.equal(await redeemSsoToken(t.a.db, late, new Date(issued.getTime() + 20_000)), null);
    const inTime = tokenOf((await startSso(t.ctx, t.a, user.id, issued)).sessionUrl);
    assert.ok(await redeemSsoToken(t.a.db, inTime, new Date(issued.getTime() + 19_999)));
  });

  test('concurrent redemptions of one token: exactly one wins', async () => {
    const user = await activeUser(t.a);
    const token = tokenOf((await startSso(t.ctx, t.a, user.id)).sessionUrl);
    const results = await Promise.all(Array.from({ length: 8 }, () => redeemSsoToken(t.a.db, token)));
    assert.equal(results.filter((r) => r !== null).length, 1);
    const sessions = await t.a.db.selectFrom('userSessions').select('id').where('userId', '=', user.id).execute();
    assert.equal(sessions.length, 1);
  });

  test('a user deactivated after issue cannot redeem', async () => {
    const user = await activeUser(t.a);
    const token = tokenOf((await startSso(t.ctx, t.a, user.id)).sessionUrl);
    await updateUser(t.a, user.id, { active: false });
    assert.equal(await redeemSsoToken(t.a.db, token), null);
  });

  test('endUserSessions ends open sessions and voids unused links', async () => {
    const user = await activeUser(t.a);
    const sessions = [];
    for (let i = 0; i < 2; i++) sessions.push((await redeemSsoToken(t.a.db, tokenOf((await startSso(t.ctx, t.a, user.id)).sessionUrl)))!);
    const pending = tokenOf((await startSso(t.ctx, t.a, user.id)).sessionUrl);
    await rejectsWith(endUserSessions(t.b, user.id), NotFoundError);
    assert.ok(await getSessionUser(t.a.db, sessions[0]!.sessionToken));
    assert.equal(await endUserSessions(t.a, user.id), 2);
    for (const s of sessions) assert.equal(await getSessionUser(t.a.db, s.sessionToken), null);
    assert.equal(await redeemSsoToken(t.a.db, pending), null);
    assert.equal(await endUserSessions(t.a, user.id), 0);
  });
});

describeEachDatabase('session web routes', (kind) => {
  let server: TestServer;
  let scope: AccountScope;
  before(async () => {
    server = await startTestServer(kind);
    const account = await server.createAccount();
    scope = { db: server.core.db, accountId: account.id };
  });
  after(() => server.close());

  test('GET /sso/start sets an HttpOnly cookie, redirects, and /session shows the user', async () => {
    const user = await activeUser(scope, { firstName: '<b>Jo & Co</b>', lastName: 'O"Neil' });
    const { sessionUrl } = await startSso(server.core, scope, user.id);
    assert.ok(sessionUrl.startsWith(`${server.baseUrl}/sso/start?t=`));
    const start = await fetch(sessionUrl, { redirect: 'manual' });
    assert.equal(start.status, 302);
    assert.equal(start.headers.get('location'), '/session');
    const cookie = start.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^herald_session=[0-9a-f]{64}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    const session = await fetch(`${server.baseUrl}/session`, { headers: { cookie: `other=1; ${cookie.split(';')[0]}` } });
    assert.equal(session.status, 200);
    assert.match(session.headers.get('content-type') ?? '', /text\/html/);
    const html = await session.text();
    assert.ok(html.includes(`Signed in as &lt;b&gt;Jo &amp; Co&lt;/b&gt; O&quot;Neil (${user.username})`), html);
    assert.ok(!html.includes('<b>'));

    const again = await fetch(sessionUrl, { redirect: 'manual' });
    assert.equal(again.status, 403);
    assert.match(await again.text(), /This sign-in link is invalid or has expired/);

    await endUserSessions(scope, user.id);
    const ended = await fetch(`${server.baseUrl}/session`, { headers: { cookie: cookie.split(';')[0]! } });
    assert.equal(ended.status, 401);
    assert.match(await ended.text(), /Not signed in/);
  });

  test('unknown or missing tokens get 403, no cookie gets 401', async () => {
    for (const path of ['/sso/start?t=0123456789abcdef0123456789abcdef', '/sso/start', '/sso/start?t=a&t=b']) {
      const res = await fetch(`${server.baseUrl}${path}`, { redirect: 'manual' });
      assert.equal(res.status, 403, path);
      assert.equal(res.headers.get('set-cookie'), null);
      assert.match(await res.text(), /This sign-in link is invalid or has expired/);
    }
    for (const cookie of [undefined, 'herald_session=nope', 'herald_session=%E0%A4%A']) {
      const res = await fetch(`${server.baseUrl}/session`, cookie ? { headers: { cookie } } : {});
      assert.equal(res.status, 401, cookie);
    }
  });
});
