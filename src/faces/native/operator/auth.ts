import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../../../core/errors.js';
import type { CoreContext } from '../../../core/context.js';
import { bearerToken, nativeKeyGate } from '../auth.js';
import { UnauthorizedError } from '../errors.js';

/** The operator API exists only when the person running Herald configured a key for it. */
export class OperatorApiDisabledError extends DomainError {
  readonly kind = 'forbidden' as const;
  constructor() {
    super('The operator API is disabled: set HERALD_OPERATOR_KEY to enable it');
    this.name = 'OperatorApiDisabledError';
  }
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Authenticates every request of the instance it is added to with the operator key (not an
 * account key). Both sides are hashed first so the comparison is constant-time whatever the
 * length of what was sent.
 */
export function requireOperatorKey(app: FastifyInstance, core: CoreContext, operatorKey: string | null): void {
  const expected = operatorKey === null ? null : digest(operatorKey);
  app.addHook('onRequest', async (request) => {
    if (expected === null) throw new OperatorApiDisabledError();
    const gate = nativeKeyGate(core, request, 'native-operator');
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw new UnauthorizedError('Send the operator key as "Authorization: Bearer <HERALD_OPERATOR_KEY>"');
    if (!timingSafeEqual(digest(token), expected)) {
      gate.failed();
      throw new UnauthorizedError('Invalid operator key');
    }
  });
}
