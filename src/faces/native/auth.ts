import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountScope, CoreContext } from '../../core/context.js';
import { accountIdByNativeKey } from '../../core/accounts/accounts.js';
import { TooManyAttemptsError, UnauthorizedError } from './errors.js';
import { authGate } from '../common/auth-gate.js';

/**
 * The brute-force limit of the native face (account and operator keys). The keys are the only
 * credential, so failures count per client address; a missing key is no guess and is not counted.
 */
export function nativeKeyGate(core: CoreContext, request: FastifyRequest, face: 'native' | 'native-operator'): { failed(): void } {
  const gate = authGate(core, request, face, null);
  if (gate.refusal) throw new TooManyAttemptsError(gate.refusal.retryAfterSeconds);
  return gate;
}

/**
 * Scopes live in a WeakMap rather than a request decorator: the decorator's type would be
 * visible on every face's requests, and this way a missing scope is a loud bug, not `undefined`.
 */
const scopes = new WeakMap<FastifyRequest, AccountScope>();

/** `Bearer <key>`; the scheme name is case-insensitive (RFC 7235). */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

/**
 * Authenticates every request of the instance it is added to. It runs in onRequest, before the
 * body is read, so an anonymous caller cannot make the server parse large payloads.
 */
export function requireApiKey(app: FastifyInstance, core: CoreContext): void {
  app.addHook('onRequest', async (request) => {
    const gate = nativeKeyGate(core, request, 'native');
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new UnauthorizedError('Send the account API key as "Authorization: Bearer <key>"');
    const accountId = await accountIdByNativeKey(core, token);
    if (accountId === null) {
      gate.failed();
      throw new UnauthorizedError('Invalid API key');
    }
    scopes.set(request, { db: core.db, accountId });
  });
}

export function scopeOf(request: FastifyRequest): AccountScope {
  const scope = scopes.get(request);
  if (!scope) throw new Error('native API route reached without authentication');
  return scope;
}
