import type { Db } from '../../store/database.js';
import { applySmsReceipts, type ReceiptOutcome, type SmsReceipt } from '../../core/sms/receipts.js';

export interface ReceiptBatcherOptions {
  /** Receipts applied in one transaction at most. */
  maxBatch?: number;
  /** How long the first receipt waits for others when the writer is idle. */
  maxDelayMs?: number;
  /**
   * A receipt for an id not stored yet usually overtook the recording of its submit (the SMSC
   * answers in milliseconds; results are recorded in groups): it is tried again in later groups
   * for this long before the caller hears "unknown".
   */
  holdUnknownMs?: number;
  retryUnknownMs?: number;
  log?: (msg: string, data?: object) => void;
}

interface Waiting {
  receipt: SmsReceipt;
  firstTried: number | null;
  resolve: (outcome: ReceiptOutcome) => void;
  reject: (err: unknown) => void;
}

/**
 * Gathers delivery receipts and applies them in groups, one transaction at a time, answering each
 * caller once its group is committed (the SMSC gets deliver_sm_resp only then, so a crash loses no
 * receipt: unanswered ones are sent again). A group is formed when the writer is free, from all
 * that arrived meanwhile: the slower the database, the bigger the groups, so the rate it keeps up
 * with grows with the load instead of falling behind. One group at a time also leaves the
 * database to the dispatcher between groups.
 */
export class ReceiptBatcher {
  private queue: Waiting[] = [];
  private retry: Waiting[] = [];
  private timer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;
  private draining = false;
  private readonly maxBatch: number;
  private readonly maxDelayMs: number;
  private readonly holdUnknownMs: number;
  private readonly retryUnknownMs: number;

  constructor(
    private readonly db: Db,
    private readonly options: ReceiptBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 10;
    this.holdUnknownMs = options.holdUnknownMs ?? 3000;
    this.retryUnknownMs = options.retryUnknownMs ?? 100;
  }

  apply(receipt: SmsReceipt): Promise<ReceiptOutcome> {
    return new Promise((resolve, reject) => this.enqueue({ receipt, firstTried: null, resolve, reject }));
  }

  /** Applies what is waiting, including receipts held for unknown ids (which then resolve as they are). */
  async drain(): Promise<void> {
    this.draining = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.queue.push(...this.retry);
    this.retry = [];
    this.start();
    while (this.writing) await this.writing;
  }

  private enqueue(w: Waiting): void {
    this.queue.push(w);
    if (this.writing) return; // the writer takes it with the next group
    if (this.queue.length >= this.maxBatch) this.start();
    else this.timer ??= setTimeout(() => this.start(), this.maxDelayMs);
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.writing || this.queue.length === 0) return;
    this.writing = this.loop().finally(() => {
      this.writing = null;
    });
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxBatch);
      await this.write(group);
    }
  }

  private async write(group: Waiting[]): Promise<void> {
    let outcomes: ReceiptOutcome[];
    try {
      outcomes = await applySmsReceipts(this.db, group.map((w) => w.receipt));
    } catch (err) {
      this.options.log?.('applying delivery receipts failed', { err, receipts: group.length });
      for (const w of group) w.reject(err);
      return;
    }
    const now = Date.now();
    const hold = this.draining ? 0 : this.holdUnknownMs;
    group.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (!outcome.applied && outcome.reason === 'unknown-id') {
        w.firstTried ??= now;
        if (now - w.firstTried < hold) {
          this.retry.push(w);
          this.retryTimer ??= setTimeout(() => {
            this.retryTimer = null;
            const again = this.retry;
            this.retry = [];
            for (const r of again) this.enqueue(r);
          }, this.retryUnknownMs);
          return;
        }
      }
      w.resolve(outcome);
    });
  }
}
