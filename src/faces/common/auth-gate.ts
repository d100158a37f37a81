/**
 * Every face's authentication goes through one gate: refused while the client address or the
 * credential identifier is over its failure ceiling (core/auth-throttle), and each failure is
 * counted and logged. Faces only decide how a refusal and a failure look in their protocol.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { AuthThrottle, type Refusal } from '../../core/auth-throttle/throttle.js';

export type { Refusal } from '../../core/auth-throttle/throttle.js';

export interface AuthGate {
  /** Non-null: answer "too many attempts" without checking the credential at all. */
  refusal: Refusal | null;
  /** Counts and logs (warn) one failed attempt; never given the secret, only its identifier. */
  failed(): void;
}

/** The context's throttle; a context built without one (tools, tests) gets the default policy. */
export function authThrottleOf(core: CoreContext): AuthThrottle {
  core.authThrottle ??= new AuthThrottle();
  return core.authThrottle;
}

/**
 * `credential` is an identifier that is not itself secret (a login, an access key id, a user id);
 * faces whose only credential is a secret key pass null and are limited per address.
 */
export function authGate(core: CoreContext, request: FastifyRequest, face: string, credential: string | null): AuthGate {
  const throttle = authThrottleOf(core);
  // request.ip follows the server's proxy setting, so behind a trusted proxy it is the client's.
  const attempt = { face, ip: request.ip, credential };
  // The caller chooses the identifier: the log gets a bounded piece of it.
  const logged = { face, ip: attempt.ip, credential: credential !== null && credential.length > 64 ? `${credential.slice(0, 64)}…` : credential };
  const refusal = throttle.check(attempt);
  if (refusal !== null) request.log.warn({ ...logged, retryAfterSeconds: refusal.retryAfterSeconds }, 'authentication throttled');
  return {
    refusal,
    failed: () => {
      throttle.recordFailure(attempt);
      request.log.warn(logged, 'authentication failed');
    },
  };
}

/** `Retry-After` on a throttled answer, whatever its status (some protocols only answer 200). */
export function setRetryAfter(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return reply.header('retry-after', String(refusal.retryAfterSeconds));
}
