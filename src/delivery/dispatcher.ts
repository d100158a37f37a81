import { randomBytes } from 'node:crypto';
import type { Db } from '../store/database.js';
import { recordAttempts, type AttemptOutcome, type AttemptResult } from '../core/messages/outcomes.js';
import { onMessagesQueued } from '../core/messages/wake.js';
import type { Channel, ChannelResult } from './channel.js';
import { claimDue, releaseClaims, type ClaimedMessage } from './claim.js';
import { SendRateLimiter } from './rate-limit.js';
import { WakeablePause } from '../core/pause.js';
import { nextAttemptAt } from './retry.js';

/** Messages a dispatcher keeps in its channel at once unless told otherwise. */
export const DEFAULT_MAX_IN_FLIGHT = 800;

export interface DispatcherOptions {
  workerId?: string;
  /** Messages claimed at a time. */
  batchSize?: number;
  /**
   * Messages in the channel at once. New work is claimed as soon as there is room for a batch, not
   * when a batch has finished, so one slow recipient never holds up the flow.
   */
  maxInFlight?: number;
  /** How long a claim holds; a worker that dies releases its messages when it runs out. */
  leaseMs?: number;
  /** Poll interval when nothing wakes the dispatcher (work queued by other processes, retries). */
  pollMs?: number;
  /** Results are recorded in groups of this many (or when a batch ends). */
  recordEvery?: number;
  /** First retry delay (doubling after each attempt); tests shorten it. */
  retryBaseMs?: number;
  /** How often accounts' sending rates are re-read. */
  rateLimitRefreshMs?: number;
  log?: (msg: string, data?: object) => void;
}

export interface Dispatcher {
  readonly workerId: string;
  wake(): void;
  /** Finishes the batches in the channel and records them, then stops claiming. */
  stop(): Promise<void>;
}

/** Turns a channel's view of an attempt into what is recorded, deciding retry or failure. */
export function resolveResult(message: ClaimedMessage, result: ChannelResult, now: Date, retryBaseMs?: number): AttemptResult {
  if (result.kind !== 'temporary') return result;
  const retryAt = nextAttemptAt(now, message.attempts, new Date(message.giveUpAt), Math.random, retryBaseMs);
  if (retryAt === null) return { kind: 'failed', status: result.statusIfFinal, response: result.response };
  return { kind: 'retry', response: result.response, retryAt };
}

/**
 * The send loop of one channel: claims due messages, hands them to the channel and records each
 * result (status, events, statistics) as results come in. Every step is durable in the database,
 * so a process killed at any point loses nothing: its claims expire and another run picks them up.
 */
export function startDispatcher(db: Db, channel: Channel, options: DispatcherOptions = {}): Dispatcher {
  // Opaque: it is stored on claims and shown in events, so it names no host.
  const workerId = options.workerId ?? `w-${randomBytes(5).toString('hex')}`;
  const batchSize = options.batchSize ?? 100;
  const maxInFlight = Math.max(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, options.batchSize ?? 100);
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  const recordEvery = options.recordEvery ?? 100;
  const log = options.log ?? (() => undefined);

  let stopped = false;
  const running = new Set<Promise<void>>();
  const nap = new WakeablePause();
  const wake = (): void => nap.wake();
  const unsubscribe = onMessagesQueued(wake);

  const limiter = new SendRateLimiter();
  let limitsReadAt = 0;
  async function refreshLimits(now: number): Promise<void> {
    if (now - limitsReadAt < (options.rateLimitRefreshMs ?? 10_000)) return;
    limitsReadAt = now;
    const rows = await db.selectFrom('accounts').select(['id', 'sendRateLimit']).where('sendRateLimit', '>', 0).execute();
    limiter.setLimits(new Map(rows.map((r) => [r.id, r.sendRateLimit])));
  }

  /** Claims due work; messages of accounts past their sending rate go back until they may go. */
  async function claim(): Promise<ClaimedMessage[]> {
    const now = Date.now();
    await refreshLimits(now);
    const claimed = await claimDue(db, { channel: channel.name, workerId, limit: batchSize, leaseMs, skipAccounts: limiter.exhausted(now) });
    const byAccount = new Map<number, ClaimedMessage[]>();
    for (const m of claimed) byAccount.set(m.accountId, [...(byAccount.get(m.accountId) ?? []), m]);
    const keep: ClaimedMessage[] = [];
    for (const [accountId, messages] of byAccount) {
      const granted = limiter.take(accountId, messages.length, now);
      keep.push(...messages.slice(0, granted));
      const excess = messages.slice(granted).map((m) => m.id);
      if (excess.length > 0) await releaseClaims(db, channel.name, workerId, excess, new Date(limiter.nextTokenAt(accountId, now)));
    }
    return keep;
  }

  // Results are recorded in groups, one transaction at a time, in the order they arrived.
  let pending: AttemptOutcome[] = [];
  let writing: Promise<void> = Promise.resolve();
  let flushTimer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    if (pending.length === 0) return;
    const outcomes = pending;
    pending = [];
    writing = writing
      .then(() => recordAttempts(db, workerId, outcomes))
      .catch((err: unknown) => {
        // The claims stay; when they expire the messages are tried again (at-least-once).
        log('recording delivery results failed', { err, messages: outcomes.length });
      })
      .then(() => release(outcomes.length));
  };

  // Messages claimed and not yet recorded. Only a recorded result frees room: messages sent but
  // not recorded are what a crash would send twice, so their number stays bounded by maxInFlight.
  let inFlight = 0;
  let roomFreed: (() => void) | null = null;
  const release = (n: number): void => {
    inFlight -= n;
    if (roomFreed && inFlight + batchSize <= maxInFlight) {
      const resolve = roomFreed;
      roomFreed = null;
      resolve();
    }
  };
  const onResult = (message: ClaimedMessage, result: ChannelResult): void => {
    pending.push({ message, result: resolveResult(message, result, new Date(), options.retryBaseMs) });
    if (pending.length >= recordEvery) flush();
    else flushTimer ??= setTimeout(flush, 20);
  };

  async function loop(): Promise<void> {
    while (!stopped) {
      if (inFlight + batchSize > maxInFlight) {
        await new Promise<void>((resolve) => (roomFreed = resolve));
        continue;
      }
      nap.arm();
      let batch: ClaimedMessage[];
      try {
        batch = await claim();
      } catch (err) {
        log('claiming messages failed', { err });
        await nap.pause(pollMs);
        continue;
      }
      if (batch.length === 0) {
        await nap.pause(pollMs);
        continue;
      }
      inFlight += batch.length;
      let reported = 0;
      const job = channel
        .send(batch, (message, result) => {
          reported++;
          onResult(message, result);
        })
        .catch((err: unknown) => log('sending a batch failed', { err }))
        // Messages the channel never reported stay claimed until their lease ends; free their room.
        .finally(() => release(batch.length - reported));
      running.add(job);
      void job.finally(() => running.delete(job));
    }
  }

  const looping = loop();
  return {
    workerId,
    wake,
    async stop() {
      stopped = true;
      unsubscribe();
      nap.wake();
      roomFreed?.();
      await looping;
      await Promise.all(running);
      flush();
      await writing;
    },
  };
}
