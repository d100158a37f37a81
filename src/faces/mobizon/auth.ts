/**
 * The Mobizon API key check, with the brute-force limit every face shares. The key is the only
 * credential (no login to count per), so failures count per client address. When the key is in the
 * query, as both clients send it, the check runs in onRequest before the body is read; a key in
 * the body can only be checked after the body limit has bounded what is read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { accountIdByMobizonKey } from '../../core/accounts/accounts.js';
import { authGate, setRetryAfter, type Refusal } from '../common/auth-gate.js';
import { MobizonCode, TransportMessage } from './codes.js';
import { failure, type MobizonResult } from './envelope.js';

export const MOBIZON_FACE = 'mobizon';

export type KeyCheck = { ok: true; accountId: number } | { ok: false; result: MobizonResult };

/** Code 30 (rate limit) with Retry-After: the live service's code for "too many requests". */
export function throttledResult(reply: FastifyReply, refusal: Refusal): MobizonResult {
  setRetryAfter(reply, refusal);
  return failure(MobizonCode.RATE_LIMIT, TransportMessage.tooManyAttempts(refusal.retryAfterSeconds));
}

/** Refused while the address is over its ceiling; a missing key is no guess and is not counted. */
export async function checkApiKey(core: CoreContext, request: FastifyRequest, reply: FastifyReply, apiKey: string | null): Promise<KeyCheck> {
  const gate = authGate(core, request, MOBIZON_FACE, null);
  if (gate.refusal) return { ok: false, result: throttledResult(reply, gate.refusal) };
  if (apiKey === null || apiKey === '') return { ok: false, result: failure(MobizonCode.AUTH, TransportMessage.missingKey()) };
  const accountId = await accountIdByMobizonKey(core, apiKey);
  if (accountId !== null) return { ok: true, accountId };
  gate.failed();
  return { ok: false, result: failure(MobizonCode.AUTH, TransportMessage.badKey()) };
}
