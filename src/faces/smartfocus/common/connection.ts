import type { CoreContext, AccountScope } from '../../../core/context.js';
import { checkSmartFocusLogin } from '../../../core/accounts/accounts.js';
import { closeApiToken, openApiToken, useApiToken, type TokenPolicy } from '../../../core/accounts/api-tokens.js';
import { authGate, type Refusal } from '../../common/auth-gate.js';
import type { SfHandler, SfReply, SfRequest, SfRoute } from './router.js';
import { failureResponse, resultResponse } from './xml.js';

/** Tokens live 60 minutes (vendor doc §1.4); an account may hold this many open at once per API. */
export const TOKEN_LIFETIME_MS = 60 * 60 * 1000;
export const MAX_OPEN_TOKENS = 20;

export function tokenPolicy(kind: string): TokenPolicy {
  return { kind, lifetimeMs: TOKEN_LIFETIME_MS, maxOpen: MAX_OPEN_TOKENS };
}

/** Every SmartFocus error is HTTP 500 with the failure body (vendor PHP sample, NMP FAQ). */
export function failure(description: string, fields: string, status: string): SfReply {
  return { status: 500, body: failureResponse(description, fields, status) };
}

export function ok(body: string): SfReply {
  return { status: 200, body };
}

export const SMARTFOCUS_FACE = 'smartfocus';

/**
 * The vendor's text that names neither part: a wrong login, password or key all get it, so the
 * answer does not tell which logins exist.
 */
export const BAD_CREDENTIALS = 'No manager retrieved for those login, password.';

/** Too many failed attempts: the vendor's failure shape, with 429 and Retry-After (it documents no limit). */
export function throttled(refusal: Refusal, status: string): SfReply {
  const description = `Too many failed authentication attempts; retry in ${refusal.retryAfterSeconds} seconds.`;
  return { status: 429, body: failureResponse(description, '', status), headers: { 'retry-after': String(refusal.retryAfterSeconds) } };
}

/** connect/open and connect/close in path and query forms, with the vendor's documented error texts. */
export function connectionRoutes(ctx: CoreContext, kind: string): SfRoute[] {
  const open: SfHandler = async ({ params, request }) => {
    const login = params.login ?? '';
    const password = params.password ?? '';
    const key = params.key ?? '';
    if (login === '') return failure('You must fill in the login parameter to authentifiate on this API.', 'login', 'CHECK_PARAMETERS_FAILED');
    if (password === '') return failure('You must fill in the password parameter to authentifiate on this API.', 'password', 'CHECK_PARAMETERS_FAILED');
    if (key === '') return failure('You must fill in the key parameter to authentifiate on this API.', 'key', 'CHECK_PARAMETERS_FAILED');
    const gate = authGate(ctx, request, SMARTFOCUS_FACE, login);
    if (gate.refusal) return throttled(gate.refusal, 'OPEN_CONNECTION_FAILED');
    const checked = await checkSmartFocusLogin(ctx, login, password, key);
    if (!checked.ok) {
      gate.failed();
      return failure(BAD_CREDENTIALS, '', 'OPEN_CONNECTION_FAILED');
    }
    const opened = await openApiToken(ctx.db, checked.accountId, tokenPolicy(kind));
    if (!opened.ok) return failure(`No available connection for manager ${login}.`, login, 'OPEN_CONNECTION_FAILED');
    return ok(resultResponse('xs:string', opened.token));
  };
  const close: SfHandler = async ({ params }) => {
    const token = params.token ?? '';
    if (token === '') return failure('You must fill in the token parameter', 'token', 'CLOSE_CONNECTION_FAILED');
    if (!(await closeApiToken(ctx.db, kind, token))) {
      return failure('No available connection for the specified token.', token, 'CLOSE_CONNECTION_FAILED');
    }
    return ok(resultResponse('xs:string', 'connection closed'));
  };
  return [
    { method: 'GET', pattern: 'connect/open/:login/:password/:key', urlencodedParams: ['password'], handler: open },
    { method: 'GET', pattern: 'connect/close/:token', handler: close },
  ];
}

export type ScopedHandler = (scope: AccountScope, req: SfRequest) => Promise<SfReply>;

/**
 * Resolves the token (path `:token` or query `token`) to the account in onRequest, before the body
 * is read, then runs the handler with it. Tokens are random, so unknown ones count per address only.
 */
export function withToken(ctx: CoreContext, kind: string, handler: ScopedHandler): Pick<SfRoute, 'authenticate' | 'handler'> {
  return {
    authenticate: async ({ params, query, request }) => {
      const token = params.token ?? query.token ?? '';
      if (token === '') return { ok: false, reply: failure('You must fill in the token parameter', 'token', 'CHECK_TOKEN_FAILED') };
      const gate = authGate(ctx, request, SMARTFOCUS_FACE, null);
      if (gate.refusal) return { ok: false, reply: throttled(gate.refusal, 'CHECK_TOKEN_FAILED') };
      const checked = await useApiToken(ctx.db, kind, token);
      if (checked.ok) return { ok: true, scope: { db: ctx.db, accountId: checked.accountId } };
      // A closed or expired token was issued to this client: a late call, not a guess.
      if (checked.reason === 'unknown') gate.failed();
      const why = checked.reason === 'expired' ? 'Your token has expired.' : 'No available connection for the specified token.';
      return { ok: false, reply: failure(why, token, 'CHECK_TOKEN_FAILED') };
    },
    handler: async (req) => {
      if (!req.scope) throw new Error('SmartFocus route reached without its token check');
      return handler(req.scope, req);
    },
  };
}
