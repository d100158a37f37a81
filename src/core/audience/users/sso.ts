import type { AccountScope, CoreContext } from '../../context.js';
import type { Db } from '../../../store/database.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { randomHex } from '../../secrets/generation.js';
import { digestKey } from '../../secrets/hashing.js';
import { getUser, type User } from './users.js';
import { DEFAULT_SESSION_POLICY, expiryCutoffs, sessionExpired, type SessionPolicy } from './session-expiry.js';

export interface SsoStart {
  /** URL under CoreContext.publicUrl that starts the session; works once, expires 20 s after issue. */
  sessionUrl: string;
  expiresAt: string;
}

export const SSO_TOKEN_LIFETIME_MS = 20_000;
/** Spent and expired tokens are kept this long (for inspection) before startSso purges them. */
const SSO_TOKEN_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * @param now injectable for tests.
 * @throws NotFoundError for an unknown user, ValidationError for an inactive one.
 */
export async function startSso(ctx: CoreContext, scope: AccountScope, userId: number, now: Date = new Date()): Promise<SsoStart> {
  const { accountId } = scope;
  const user = await scope.db.selectFrom('users').select('active').where('accountId', '=', accountId).where('id', '=', userId).executeTakeFirst();
  if (!user) throw new NotFoundError('User', userId);
  if (user.active !== 1) throw ValidationError.single('active', 'not_allowed', 'User is not active');
  // 16 random bytes: unguessable within the 20 seconds; only the digest is stored.
  const token = randomHex(16);
  const expiresAt = new Date(now.getTime() + SSO_TOKEN_LIFETIME_MS).toISOString();
  await scope.db
    .insertInto('ssoTokens')
    .values({ accountId, userId, tokenHash: digestKey(token), expiresAt, usedAt: null, createdAt: now.toISOString() })
    .execute();
  await scope.db
    .deleteFrom('ssoTokens')
    .where('accountId', '=', accountId)
    .where('expiresAt', '<', new Date(now.getTime() - SSO_TOKEN_RETENTION_MS).toISOString())
    .execute();
  return { sessionUrl: `${ctx.publicUrl.replace(/\/+$/, '')}/sso/start?t=${token}`, expiresAt };
}

export interface RedeemedSso {
  accountId: number;
  userId: number;
  /** Secret for the session cookie; only its digest is stored. */
  sessionToken: string;
}

/**
 * Spends an SSO token and opens a session. Null when the token is unknown, used, expired, or its
 * user is no longer active. Works once even when redeemed concurrently: the conditional UPDATE
 * marks the token used, and only the caller whose UPDATE changed the row goes on. Purges the
 * account's sessions that have expired under `policy`.
 */
export async function redeemSsoToken(db: Db, token: string, now: Date = new Date(), policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<RedeemedSso | null> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const spent = await trx
      .updateTable('ssoTokens')
      .set({ usedAt: at })
      .where('tokenHash', '=', digestKey(token))
      .where('usedAt', 'is', null)
      .where('expiresAt', '>', at)
      .returning(['accountId', 'userId'])
      .executeTakeFirst();
    if (!spent) return null;
    const { accountId, userId } = spent;
    const user = await trx.selectFrom('users').select('active').where('accountId', '=', accountId).where('id', '=', userId).executeTakeFirst();
    // The token stays spent: a link issued before deactivation must not work afterwards either.
    if (user?.active !== 1) return null;
    const sessionToken = randomHex(32);
    await trx.insertInto('userSessions').values({ accountId, userId, tokenHash: digestKey(sessionToken), createdAt: at, lastUsedAt: at, endedAt: null }).execute();
    const { openedBefore, usedBefore } = expiryCutoffs(now, policy);
    await trx
      .deleteFrom('userSessions')
      .where('accountId', '=', accountId)
      .where((eb) => eb.or([eb('createdAt', '<=', openedBefore), eb('lastUsedAt', '<=', usedBefore)]))
      .execute();
    await trx.updateTable('users').set({ lastLogin: at }).where('accountId', '=', accountId).where('id', '=', userId).execute();
    return { accountId, userId, sessionToken };
  });
}

export interface SessionUser {
  accountId: number;
  user: User;
}

/**
 * The user signed in with this session token, and the session's use recorded; null once the
 * session ended or the user is inactive. An expired session (`policy`) is deleted and refused.
 */
export async function getSessionUser(db: Db, sessionToken: string, now: Date = new Date(), policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<SessionUser | null> {
  const session = await db
    .selectFrom('userSessions')
    .select(['id', 'accountId', 'userId', 'createdAt', 'lastUsedAt'])
    .where('tokenHash', '=', digestKey(sessionToken))
    .where('endedAt', 'is', null)
    .executeTakeFirst();
  if (!session) return null;
  if (sessionExpired(session, now, policy)) {
    await db.deleteFrom('userSessions').where('id', '=', session.id).execute();
    return null;
  }
  await db.updateTable('userSessions').set({ lastUsedAt: now.toISOString() }).where('id', '=', session.id).execute();
  try {
    const user = await getUser({ db, accountId: session.accountId }, session.userId);
    return user.active ? { accountId: session.accountId, user } : null;
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

/**
 * Ends every open session of the user and voids SSO links not yet used; returns how many sessions
 * were open. @throws NotFoundError
 */
export async function endUserSessions(scope: AccountScope, userId: number, now: Date = new Date()): Promise<number> {
  const { accountId } = scope;
  const at = now.toISOString();
  return scope.db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').select('id').where('accountId', '=', accountId).where('id', '=', userId).executeTakeFirst();
    if (!user) throw new NotFoundError('User', userId);
    await trx.updateTable('ssoTokens').set({ usedAt: at }).where('accountId', '=', accountId).where('userId', '=', userId).where('usedAt', 'is', null).execute();
    const ended = await trx
      .updateTable('userSessions')
      .set({ endedAt: at })
      .where('accountId', '=', accountId)
      .where('userId', '=', userId)
      .where('endedAt', 'is', null)
      .executeTakeFirst();
    return Number(ended.numUpdatedRows);
  });
}
