import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../store/database.js';
import { recordAttempts, type AttemptOutcome, type AttemptResult } from '../core/messages/outcomes.js';
import { onMessagesQueued } from '../core/messages/wake.js';
import type { Channel, ChannelResult } from './channel.js';
import { claimDue, releaseClaims, type ClaimedMessage } from './claim.js';
import { SendRateLimiter } from './rate-limit.js';
import { nextAttemptAt } from './retry.js';

export interface DispatcherOptions {
  workerId?: string;
  /** Messages claimed at a time. */
  batchSize?: number;
  /** Batches being sent at once: the next is claimed while the last is still in the channel. */
  batchesInFlight?: number;
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
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const batchSize = options.batchSize ?? 200;
  const batchesInFlight = options.batchesInFlight ?? 2;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 1000;
  const recordEvery = options.recordEvery ?? 100;
  const log = options.log ?? (() => undefined);

  let stopped = false;
  let wakeUp: (() => void) | null = null;
  let woken = false;
  const running = new Set<Promise<void>>();

  const wake = (): void => {
    woken = true;
    wakeUp?.();
  };
  const unsubscribe = onMessagesQueued(wake);

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

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
      if (excess.length > 0) await releaseClaims(db, workerId, excess, new Date(limiter.nextTokenAt(accountId, now)));
    }
    return keep;
  }

  async function sendBatch(batch: ClaimedMessage[]): Promise<void> {
    let pending: AttemptOutcome[] = [];
    let writing: Promise<void> = Promise.resolve();
    const flush = (): void => {
      if (pending.length === 0) return;
      const outcomes = pending;
      pending = [];
      // Writes are chained: one transaction at a time per batch, in the order results arrived.
      writing = writing.then(() => recordAttempts(db, workerId, outcomes)).catch((err: unknown) => {
        // The claim stays; when it expires the messages are tried again (at-least-once).
        log('recording delivery results failed', { err, messages: outcomes.length });
      });
    };
    await channel.send(batch, (message, result) => {
      pending.push({ message, result: resolveResult(message, result, new Date(), options.retryBaseMs) });
      if (pending.length >= recordEvery) flush();
    });
    flush();
    await writing;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      if (running.size >= batchesInFlight) {
        await Promise.race(running);
        continue;
      }
      woken = false;
      let batch: ClaimedMessage[];
      try {
        batch = await claim();
      } catch (err) {
        log('claiming messages failed', { err });
        await sleep(pollMs);
        continue;
      }
      if (batch.length === 0) {
        if (!woken) await sleep(pollMs);
        continue;
      }
      const job = sendBatch(batch).catch((err: unknown) => log('sending a batch failed', { err }));
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
      wakeUp?.();
      await looping;
      await Promise.all(running);
    },
  };
}
