/**
 * Per-account sending rates (messages per second), as token buckets holding at most one second
 * of sending. Each dispatcher keeps its own buckets, so with several worker processes an account's
 * limit applies per process (documented in the README).
 */
export class SendRateLimiter {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();

  /** `limits`: messages per second by account; accounts not listed are unlimited. */
  constructor(private limits: ReadonlyMap<number, number> = new Map()) {}

  setLimits(limits: ReadonlyMap<number, number>): void {
    this.limits = limits;
  }

  private refill(accountId: number, limit: number, now: number): { tokens: number; at: number } {
    let bucket = this.buckets.get(accountId);
    if (!bucket) {
      bucket = { tokens: limit, at: now };
      this.buckets.set(accountId, bucket);
    }
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.at) / 1000) * limit);
    bucket.at = now;
    return bucket;
  }

  /** Accounts that may not send anything right now (claims skip their messages). */
  exhausted(now: number): number[] {
    const out: number[] = [];
    for (const [accountId, limit] of this.limits) if (this.refill(accountId, limit, now).tokens < 1) out.push(accountId);
    return out;
  }

  /** Takes up to `wanted` sends for an account; returns how many may go now. */
  take(accountId: number, wanted: number, now: number): number {
    const limit = this.limits.get(accountId);
    if (limit === undefined) return wanted;
    const bucket = this.refill(accountId, limit, now);
    const granted = Math.max(0, Math.min(wanted, Math.floor(bucket.tokens)));
    bucket.tokens -= granted;
    return granted;
  }

  /** When an account's bucket holds one token again. */
  nextTokenAt(accountId: number, now: number): number {
    const limit = this.limits.get(accountId);
    if (limit === undefined) return now;
    const bucket = this.refill(accountId, limit, now);
    return bucket.tokens >= 1 ? now : now + Math.ceil(((1 - bucket.tokens) / limit) * 1000);
  }
}
