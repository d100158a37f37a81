import type { CoreContext, AccountScope } from '../../../core/context.js';
import { checkSmartFocusLogin } from '../../../core/accounts/accounts.js';
import { closeApiToken, openApiToken, useApiToken, type TokenPolicy } from '../../../core/accounts/api-tokens.js';
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

/** connect/open and connect/close in path and query forms, with the vendor's documented error texts. */
export function connectionRoutes(ctx: CoreContext, kind: string): SfRoute[] {
  const open: SfHandler = async ({ params }) => {
    const login = params.login ?? '';
    const password = params.password ?? '';
    const key = params.key ?? '';
    if (login === '') return failure('You must fill in the login parameter to authentifiate on this API.', 'login', 'CHECK_PARAMETERS_FAILED');
    if (password === '') return failure('You must fill in the password parameter to authentifiate on this API.', 'password', 'CHECK_PARAMETERS_FAILED');
    if (key === '') return failure('You must fill in the key parameter to authentifiate on this API.', 'key', 'CHECK_PARAMETERS_FAILED');
    const checked = await checkSmartFocusLogin(ctx, login, password, key);
    if (!checked.ok) {
      if (checked.reason === 'login') return failure('Your login is not valid !!', login, 'OPEN_CONNECTION_FAILED');
      if (checked.reason === 'password') return failure('Your password is not valid !!', login, 'OPEN_CONNECTION_FAILED');
      return failure('Error while decoding managerKey.', key, 'OPEN_CONNECTION_FAILED');
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

/** Resolves the token (path `:token` or query `token`) to the account before running the handler. */
export function withToken(ctx: CoreContext, kind: string, handler: ScopedHandler): SfHandler {
  return async (req) => {
    const token = req.params.token ?? req.query.token ?? '';
    if (token === '') return failure('You must fill in the token parameter', 'token', 'CHECK_TOKEN_FAILED');
    const checked = await useApiToken(ctx.db, kind, token);
    if (!checked.ok) {
      const why = checked.reason === 'expired' ? 'Your token has expired.' : 'No available connection for the specified token.';
      return failure(why, token, 'CHECK_TOKEN_FAILED');
    }
    return handler({ db: ctx.db, accountId: checked.accountId }, req);
  };
}
