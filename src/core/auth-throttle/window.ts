/**
 * The rule behind every face's brute-force limit, as pure functions: failed authentications are
 * counted in fixed windows per key (a client address, or one credential identifier of one face),
 * and a key that reached the ceiling is refused until its window ends. Only failures count, so a
 * busy client that authenticates correctly is never slowed down.
 */

export interface ThrottlePolicy {
  /** Length of a counting window, from the first failure in it. */
  windowMs: number;
  /** Failures from one client address (all faces together) before it is refused. */
  maxPerIp: number;
  /** Failures for one credential identifier (a login, an access key) before it is refused. */
  maxPerCredential: number;
}

/** 10 guesses per login and 30 per address every 15 minutes: a typo storm passes, a dictionary does not. */
export const DEFAULT_THROTTLE_POLICY: ThrottlePolicy = { windowMs: 15 * 60 * 1000, maxPerIp: 30, maxPerCredential: 10 };

export interface FailureWindow {
  startMs: number;
  failures: number;
}

export function windowOpen(window: FailureWindow | undefined, nowMs: number, windowMs: number): window is FailureWindow {
  return window !== undefined && nowMs < window.startMs + windowMs;
}

/** The window after one more failure: counted in the open window, or the first of a new one. */
export function afterFailure(window: FailureWindow | undefined, nowMs: number, windowMs: number): FailureWindow {
  if (windowOpen(window, nowMs, windowMs)) return { startMs: window.startMs, failures: window.failures + 1 };
  return { startMs: nowMs, failures: 1 };
}

/** Milliseconds until the key may try again, or null when it is not refused. */
export function refusedForMs(window: FailureWindow | undefined, ceiling: number, nowMs: number, windowMs: number): number | null {
  if (!windowOpen(window, nowMs, windowMs) || window.failures < ceiling) return null;
  return window.startMs + windowMs - nowMs;
}
