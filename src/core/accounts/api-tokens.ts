import { randomAlphanumeric } from '../secrets/generation.js';
import { digestKey } from '../secrets/hashing.js';
import type { Db } from '../../store/database.js';

/**
 * Session tokens for faces whose clients open a connection first (SmartFocus connect/open) and then
 * pass the token on every call. Only the token's digest is stored.
 */
export interface TokenPolicy {
  /** e.g. 'smartfocus-member', 'smartfocus-batch'. */
  kind: string;
  lifetimeMs: number;
  /** Open (unclosed, unexpired) tokens one account may hold for this kind. */
  maxOpen: number;
}

export type OpenTokenResult = { ok: true; token: string; expiresAt: string } | { ok: false; reason: 'too_many_open' };
export type TokenCheck = { ok: true; accountId: number } | { ok: false; reason: 'unknown' | 'closed' | 'expired' };

export async function openApiToken(db: Db, accountId: number, policy: TokenPolicy, now = new Date()): Promise<OpenTokenResult> {
  const nowIso = now.toISOString();
  const open = await db
    .selectFrom('apiTokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('accountId', '=', accountId)
    .where('kind', '=', policy.kind)
    .where('closedAt', 'is', null)
    .where('expiresAt', '>', nowIso)
    .executeTakeFirstOrThrow();
  if (Number(open.n) >= policy.maxOpen) return { ok: false, reason: 'too_many_open' };
  const token = randomAlphanumeric(48);
  const expiresAt = new Date(now.getTime() + policy.lifetimeMs).toISOString();
  await db
    .insertInto('apiTokens')
    .values({ accountId, kind: policy.kind, tokenHash: digestKey(token), createdAt: nowIso, expiresAt, closedAt: null })
    .execute();
  return { ok: true, token, expiresAt };
}

/** Checks a token and counts the call against it. */
export async function useApiToken(db: Db, kind: string, token: string, now = new Date()): Promise<TokenCheck> {
  const row = await db
    .selectFrom('apiTokens')
    .select(['id', 'accountId', 'expiresAt', 'closedAt'])
    .where('tokenHash', '=', digestKey(token))
    .where('kind', '=', kind)
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.closedAt !== null) return { ok: false, reason: 'closed' };
  if (row.expiresAt <= now.toISOString()) return { ok: false, reason: 'expired' };
  await db.updateTable('apiTokens').set((eb) => ({ calls: eb('calls', '+', 1) })).where('id', '=', row.id).execute();
  return { ok: true, accountId: row.accountId };
}

/** Closes an open token; false when it is unknown, already closed or expired. */
export async function closeApiToken(db: Db, kind: string, token: string, now = new Date()): Promise<boolean> {
  const nowIso = now.toISOString();
  const result = await db
    .updateTable('apiTokens')
    .set({ closedAt: nowIso })
    .where('tokenHash', '=', digestKey(token))
    .where('kind', '=', kind)
    .where('closedAt', 'is', null)
    .where('expiresAt', '>', nowIso)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
