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
  const loop = new SendLoop(db, channel, options);
  return { workerId: loop.workerId, wake: loop.wake, stop: () => loop.stop() };
}

class SendLoop {
  readonly workerId: string;
  private readonly batchSize: number;
  private readonly maxInFlight: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly recordEvery: number;
  private readonly log: (msg: string, data?: object) => void;

  private stopped = false;
  private readonly running = new Set<Promise<void>>();
  private readonly nap = new WakeablePause();
  private readonly unsubscribe: () => void;

  private readonly limiter = new SendRateLimiter();
  private limitsReadAt = 0;

  // Results are recorded in groups, one transaction at a time, in the order they arrived.
  private pending: AttemptOutcome[] = [];
  private writing: Promise<void> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | null = null;

  // Messages claimed and not yet recorded. Only a recorded result frees room: messages sent but
  // not recorded are what a crash would send twice, so their number stays bounded by maxInFlight.
  private inFlight = 0;
  private roomFreed: (() => void) | null = null;

  private readonly looping: Promise<void>;

  constructor(
    private readonly db: Db,
    private readonly channel: Channel,
    private readonly options: DispatcherOptions,
  ) {
    // Opaque: it is stored on claims and shown in events, so it names no host.
    this.workerId = options.workerId ?? `w-${randomBytes(5).toString('hex')}`;
    this.batchSize = options.batchSize ?? 100;
    this.maxInFlight = Math.max(options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT, options.batchSize ?? 100);
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.pollMs = options.pollMs ?? 1000;
    this.recordEvery = options.recordEvery ?? 100;
    this.log = options.log ?? (() => undefined);
    this.unsubscribe = onMessagesQueued(this.wake);
    this.looping = this.loop();
  }

  readonly wake = (): void => this.nap.wake();

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    this.nap.wake();
    this.roomFreed?.();
    await this.looping;
    await Promise.all(this.running);
    this.flush();
    await this.writing;
  }

  private async refreshLimits(now: number): Promise<void> {
    if (now - this.limitsReadAt < (this.options.rateLimitRefreshMs ?? 10_000)) return;
    this.limitsReadAt = now;
    const rows = await this.db.selectFrom('accounts').select(['id', 'sendRateLimit']).where('sendRateLimit', '>', 0).execute();
    this.limiter.setLimits(new Map(rows.map((r) => [r.id, r.sendRateLimit])));
  }

  /** Claims due work; messages of accounts past their sending rate go back until they may go. */
  private async claim(): Promise<ClaimedMessage[]> {
    const now = Date.now();
    await this.refreshLimits(now);
    const { db, channel, workerId, limiter } = this;
    const claimed = await claimDue(db, { channel: channel.name, workerId, limit: this.batchSize, leaseMs: this.leaseMs, skipAccounts: limiter.exhausted(now) });
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

  private readonly flush = (): void => {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.pending.length === 0) return;
    const outcomes = this.pending;
    this.pending = [];
    this.writing = this.writing
      .then(() => recordAttempts(this.db, this.workerId, outcomes))
      .catch((err: unknown) => {
        // The claims stay; when they expire the messages are tried again (at-least-once).
        this.log('recording delivery results failed', { err, messages: outcomes.length });
      })
      .then(() => this.release(outcomes.length));
  };

  private release(n: number): void {
    this.inFlight -= n;
    if (this.roomFreed && this.inFlight + this.batchSize <= this.maxInFlight) {
      const resolve = this.roomFreed;
      this.roomFreed = null;
      resolve();
    }
  }

  private onResult(message: ClaimedMessage, result: ChannelResult): void {
    this.pending.push({ message, result: resolveResult(message, result, new Date(), this.options.retryBaseMs) });
    if (this.pending.length >= this.recordEvery) this.flush();
    else this.flushTimer ??= setTimeout(this.flush, 20);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      if (this.inFlight + this.batchSize > this.maxInFlight) {
        await new Promise<void>((resolve) => (this.roomFreed = resolve));
        continue;
      }
      this.nap.arm();
      let batch: ClaimedMessage[];
      try {
        batch = await this.claim();
      } catch (err) {
        this.log('claiming messages failed', { err });
        await this.nap.pause(this.pollMs);
        continue;
      }
      if (batch.length === 0) {
        await this.nap.pause(this.pollMs);
        continue;
      }
      this.send(batch);
    }
  }

  /** Hands a batch to the channel without waiting for it: results come back through onResult. */
  private send(batch: ClaimedMessage[]): void {
    this.inFlight += batch.length;
    let reported = 0;
    const job = this.channel
      .send(batch, (message, result) => {
        reported++;
        this.onResult(message, result);
      })
      .catch((err: unknown) => this.log('sending a batch failed', { err }))
      // Messages the channel never reported stay claimed until their lease ends; free their room.
      .finally(() => this.release(batch.length - reported));
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }
}
