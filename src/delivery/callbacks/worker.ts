import { WakeablePause } from '../../core/pause.js';
import type { CoreContext } from '../../core/context.js';
import { nativeCallbackRequest, sendExpertCallbackRequest, type CallbackRequest } from '../../core/callbacks/formats.js';
import { queueSmtpWarnings } from '../../core/callbacks/smtp-warning.js';
import { MOBIZON_TIMEOUT_MS, mobizonWebhookRequest } from '../../core/callbacks/mobizon-webhook.js';
import { parkDelivery, recordDeliveryAttempt, type RetryPolicy } from './attempts.js';
import { batchOutbox, claimDueDeliveries, deliveryPayloads, type ClaimedDelivery } from './outbox.js';
import { postCallback, type PostResult } from './post.js';
import type { Resolver } from '../../core/callbacks/target-guard.js';

export interface CallbackWorkerOptions {
  /** Allow targets in loopback / private ranges (HERALD_CALLBACKS_ALLOW_PRIVATE; tests). */
  allowPrivateTargets?: boolean;
  /** How often to look for new events and due retries. */
  pollMs?: number;
  /** Events per POST. */
  batchSize?: number;
  /** POSTs in flight at once (each to a different webhook). */
  concurrency?: number;
  /** Deadline of one POST, answer included. */
  timeoutMs?: number;
  /** How long a claim holds before another worker may take the delivery. */
  leaseMs?: number;
  /** First retry delay (doubling, jittered, capped at retryCapMs); tests shorten it. */
  retryBaseMs?: number;
  retryCapMs?: number;
  /** How long after its first attempt a delivery is retried. */
  retryWindowMs?: number;
  /** Failed deliveries in a row that disable a webhook. */
  disableAfterFailures?: number;
  /** How often the smtp-warning rule is checked. */
  warningCheckMs?: number;
  resolve?: Resolver;
  log?: (msg: string, data?: object) => void;
}

export interface CallbackWorker {
  /** Looks for work now instead of at the next poll. */
  wake(): void;
  /** Lets POSTs in flight finish and be recorded, then stops. */
  stop(): Promise<void>;
}

export const CALLBACK_DEFAULTS = {
  pollMs: 1000,
  batchSize: 100,
  concurrency: 8,
  timeoutMs: 10_000,
  leaseMs: 60_000,
  retryBaseMs: 60_000,
  retryCapMs: 3_600_000,
  retryWindowMs: 24 * 3_600_000,
  // Each failed delivery was retried for a day, so five in a row is about five days of a dead endpoint.
  disableAfterFailures: 5,
  warningCheckMs: 30_000,
};

/**
 * The callback loop: batches the outbox into deliveries, claims the due ones, POSTs them signed in
 * their webhook's flavour and records each attempt; every 30 s or so it also checks the smtp-warning
 * rule. All state is in the database, so several workers (PostgreSQL) can share the work and a
 * killed one loses nothing: its claims expire and the batches are sent again with the same id.
 */
export function startCallbackWorker(core: CoreContext, options: CallbackWorkerOptions = {}): CallbackWorker {
  const o = { ...CALLBACK_DEFAULTS, ...definedOptions(options) };
  const allowPrivate = options.allowPrivateTargets ?? false;
  const log = options.log ?? (() => undefined);
  const policy: RetryPolicy = { baseMs: o.retryBaseMs, capMs: o.retryCapMs, windowMs: o.retryWindowMs, disableAfterFailures: o.disableAfterFailures };
  const db = core.db;

  let stopped = false;
  const nap = new WakeablePause();
  let lastWarningCheck = 0;
  const inFlight = new Set<Promise<void>>();

  async function requestFor(delivery: ClaimedDelivery, hook: { accountId: number; flavour: string; secretEnc: string }): Promise<CallbackRequest> {
    const payloads = await deliveryPayloads(db, delivery.id);
    if (hook.flavour === 'sendexpert') {
      const account = await db.selectFrom('accounts').select('sendexpertKeyEnc').where('id', '=', hook.accountId).executeTakeFirstOrThrow();
      return sendExpertCallbackRequest(payloads, core.secrets.open(account.sendexpertKeyEnc));
    }
    if (hook.flavour === 'mobizon') {
      const [payload] = payloads;
      if (payloads.length !== 1 || payload === undefined) throw new Error(`a mobizon delivery carries one event, not ${payloads.length}`);
      const account = await db.selectFrom('accounts').select('timeZone').where('id', '=', hook.accountId).executeTakeFirstOrThrow();
      const envelope = { eventId: delivery.id, webhookId: delivery.webhookId, attempt: delivery.attempts + 1, timeZone: account.timeZone };
      return mobizonWebhookRequest(envelope, payload, core.secrets.open(hook.secretEnc));
    }
    return nativeCallbackRequest(delivery.id, payloads, core.secrets.open(hook.secretEnc), new Date());
  }

  async function attempt(delivery: ClaimedDelivery): Promise<void> {
    const hook = await db.selectFrom('webhooks').select(['accountId', 'url', 'flavour', 'secretEnc', 'enabled']).where('id', '=', delivery.webhookId).executeTakeFirst();
    if (!hook) return; // deleted meanwhile: its deliveries went with it
    if (hook.enabled !== 1) {
      await parkDelivery(db, delivery);
      return;
    }
    let result: PostResult;
    try {
      const request = await requestFor(delivery, hook);
      const timeoutMs = hook.flavour === 'mobizon' ? Math.min(o.timeoutMs, MOBIZON_TIMEOUT_MS) : o.timeoutMs;
      result = await postCallback(hook.url, request, { allowPrivate, timeoutMs, ...(options.resolve ? { resolve: options.resolve } : {}) });
    } catch (err) {
      result = { ok: false, statusCode: null, error: `could not build the request: ${(err as Error).message}` };
    }
    const status = await recordDeliveryAttempt(db, delivery, result, policy);
    if (status !== 'delivered') log('callback delivery attempt failed', { delivery: delivery.id, webhook: delivery.webhookId, status, statusCode: result.statusCode, error: result.ok ? undefined : result.error });
  }

  async function round(): Promise<boolean> {
    if (Date.now() - lastWarningCheck >= o.warningCheckMs) {
      lastWarningCheck = Date.now();
      await queueSmtpWarnings(db).catch((err: unknown) => log('smtp-warning check failed', { err }));
    }
    await batchOutbox(db, { batchSize: o.batchSize });
    const claimed = await claimDueDeliveries(db, { limit: o.concurrency - inFlight.size, leaseMs: o.leaseMs });
    for (const delivery of claimed) {
      const job = attempt(delivery).catch((err: unknown) => log('callback delivery failed', { err, delivery: delivery.id }));
      inFlight.add(job);
      void job.finally(() => {
        inFlight.delete(job);
        // A finished delivery may let its webhook's next batch go at once.
        nap.wake();
      });
    }
    return claimed.length > 0;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      let busy = false;
      try {
        busy = await round();
      } catch (err) {
        log('callback round failed', { err });
      }
      if (stopped) break;
      if (!busy || inFlight.size >= o.concurrency) await nap.pause(o.pollMs);
    }
  }

  const looping = loop();
  return {
    wake: () => nap.wake(),
    async stop() {
      stopped = true;
      nap.wake();
      await looping;
      await Promise.all(inFlight);
    },
  };
}

function definedOptions(options: CallbackWorkerOptions): Partial<typeof CALLBACK_DEFAULTS> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(CALLBACK_DEFAULTS) as (keyof typeof CALLBACK_DEFAULTS)[]) {
    const value = options[key];
    if (typeof value === 'number') out[key] = value;
  }
  return out as Partial<typeof CALLBACK_DEFAULTS>;
}
