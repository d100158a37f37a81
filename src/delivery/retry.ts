/**
 * When to try again after the n-th failed attempt: exponential from one minute, capped at an hour,
 * with full jitter in the upper half so a burst of deferrals does not come back as a burst.
 * `random` is injectable so the rule can be tested.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random, baseMs = 60_000, capMs = 3_600_000): number {
  const exponential = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/** The retry time, or null when it would fall after the message's deadline (then it fails). */
export function nextAttemptAt(now: Date, attempt: number, giveUpAt: Date, random?: () => number, baseMs?: number): Date | null {
  const at = new Date(now.getTime() + retryDelayMs(attempt, random, baseMs));
  return at >= giveUpAt ? null : at;
}
