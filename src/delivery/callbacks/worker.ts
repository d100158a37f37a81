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
  const worker = new CallbackLoop(core, options);
  return { wake: () => worker.wake(), stop: () => worker.stop() };
}

interface HookToPost {
  accountId: number;
  url: string;
  flavour: string;
  secretEnc: string;
}

class CallbackLoop {
  private readonly o: typeof CALLBACK_DEFAULTS;
  private readonly allowPrivate: boolean;
  private readonly log: (msg: string, data?: object) => void;
  private readonly policy: RetryPolicy;
  private readonly db: CoreContext['db'];
  private stopped = false;
  private readonly nap = new WakeablePause();
  private lastWarningCheck = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly looping: Promise<void>;

  constructor(
    private readonly core: CoreContext,
    private readonly options: CallbackWorkerOptions,
  ) {
    const o = { ...CALLBACK_DEFAULTS, ...definedOptions(options) };
    this.o = o;
    this.allowPrivate = options.allowPrivateTargets ?? false;
    this.log = options.log ?? (() => undefined);
    this.policy = { baseMs: o.retryBaseMs, capMs: o.retryCapMs, windowMs: o.retryWindowMs, disableAfterFailures: o.disableAfterFailures };
    this.db = core.db;
    this.looping = this.loop();
  }

  wake(): void {
    this.nap.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.nap.wake();
    await this.looping;
    await Promise.all(this.inFlight);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let busy = false;
      try {
        busy = await this.round();
      } catch (err) {
        this.log('callback round failed', { err });
      }
      if (this.stopped) break;
      if (!busy || this.inFlight.size >= this.o.concurrency) await this.nap.pause(this.o.pollMs);
    }
  }

  private async round(): Promise<boolean> {
    if (Date.now() - this.lastWarningCheck >= this.o.warningCheckMs) {
      this.lastWarningCheck = Date.now();
      await queueSmtpWarnings(this.db).catch((err: unknown) => this.log('smtp-warning check failed', { err }));
    }
    await batchOutbox(this.db, { batchSize: this.o.batchSize });
    const claimed = await claimDueDeliveries(this.db, { limit: this.o.concurrency - this.inFlight.size, leaseMs: this.o.leaseMs });
    for (const delivery of claimed) {
      const job = this.attempt(delivery).catch((err: unknown) => this.log('callback delivery failed', { err, delivery: delivery.id }));
      this.inFlight.add(job);
      void job.finally(() => {
        this.inFlight.delete(job);
        // A finished delivery may let its webhook's next batch go at once.
        this.nap.wake();
      });
    }
    return claimed.length > 0;
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const hook = await this.db.selectFrom('webhooks').select(['accountId', 'url', 'flavour', 'secretEnc', 'enabled']).where('id', '=', delivery.webhookId).executeTakeFirst();
    if (!hook) return; // deleted meanwhile: its deliveries went with it
    if (hook.enabled !== 1) {
      await parkDelivery(this.db, delivery);
      return;
    }
    const result = await this.post(delivery, hook);
    const status = await recordDeliveryAttempt(this.db, delivery, result, this.policy);
    if (status !== 'delivered') this.log('callback delivery attempt failed', { delivery: delivery.id, webhook: delivery.webhookId, status, statusCode: result.statusCode, error: result.ok ? undefined : result.error });
  }

  /** One POST of a delivery; a request that cannot be built counts as a failed attempt. */
  private async post(delivery: ClaimedDelivery, hook: HookToPost): Promise<PostResult> {
    try {
      const request = await this.requestFor(delivery, hook);
      const timeoutMs = hook.flavour === 'mobizon' ? Math.min(this.o.timeoutMs, MOBIZON_TIMEOUT_MS) : this.o.timeoutMs;
      return await postCallback(hook.url, request, { allowPrivate: this.allowPrivate, timeoutMs, ...(this.options.resolve ? { resolve: this.options.resolve } : {}) });
    } catch (err) {
      return { ok: false, statusCode: null, error: `could not build the request: ${(err as Error).message}` };
    }
  }

  private async requestFor(delivery: ClaimedDelivery, hook: HookToPost): Promise<CallbackRequest> {
    const { db, core } = this;
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
}

function definedOptions(options: CallbackWorkerOptions): Partial<typeof CALLBACK_DEFAULTS> {
  const out: Record<string, number> = {};
  for (const key of Object.keys(CALLBACK_DEFAULTS) as (keyof typeof CALLBACK_DEFAULTS)[]) {
    const value = options[key];
    if (typeof value === 'number') out[key] = value;
  }
  return out as Partial<typeof CALLBACK_DEFAULTS>;
}
