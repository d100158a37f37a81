/*
 * Per-route pacing when an SMSC says "slower" (ESME_RTHROTTLED, ESME_RMSGQFUL). A route starts
 * unpaced — only the client's window limits it. The first throttle paces it at half the rate it
 * was measured sending at; each further throttle halves again, but at most once per `holdMs`,
 * because the answers to the parts already in the window arrive together and are one signal, not
 * a hundred. After `recoverAfterMs` without a throttle the rate grows by `recoverFactor` every
 * `recoverEveryMs`; once back at the rate that was throttled it is unpaced again (capacity at an
 * SMSC comes and goes, and probing upward is how we find out). Rates are parts (submit_sm) per second.
 *
 * Pure: every function takes the state and the time and returns a new state, so the sender owns
 * the clock and the tests own it too.
 */

export interface PaceConfig {
  /** Never paced slower than this. */
  minRate: number;
  /** The first cut halves the measured rate, but never starts above this. */
  maxRate: number;
  /** A cut is not repeated sooner than this after the previous one. */
  holdMs: number;
  /** Quiet time after the last throttle before the rate grows again. */
  recoverAfterMs: number;
  recoverEveryMs: number;
  recoverFactor: number;
  /** Delay before a throttled part is tried again: doubling from the base, at least one paced slot, at most the max. */
  retryBaseMs: number;
  retryMaxMs: number;
  /** Tries of one throttled part (after the first) before the message is reported temporary. */
  maxRetries: number;
  /** Longest a part may wait for its paced slot; a later slot is refused (the message is reported temporary). */
  maxWaitMs: number;
}

export const DEFAULT_PACE: Readonly<PaceConfig> = {
  minRate: 1,
  maxRate: 5000,
  holdMs: 1000,
  recoverAfterMs: 5000,
  recoverEveryMs: 1000,
  recoverFactor: 1.25,
  retryBaseMs: 50,
  retryMaxMs: 2000,
  maxRetries: 8,
  maxWaitMs: 10_000,
};

export interface PaceState {
  /** Parts per second allowed; null: not paced. */
  rate: number | null;
  /** The rate that was throttled: recovering up to it ends the pacing. */
  ceiling: number | null;
  /** Earliest time of the next paced slot. */
  nextAt: number;
  lastThrottleAt: number | null;
  lastCutAt: number | null;
  /** Raises applied since the last throttle. */
  raises: number;
  throttles: number;
  cuts: number;
  /** Send rate measurement while unpaced: a one-second bucket and the rate of the one before. */
  bucketStart: number;
  bucketCount: number;
  previousRate: number;
}

export function initialPace(now: number): PaceState {
  return { rate: null, ceiling: null, nextAt: now, lastThrottleAt: null, lastCutAt: null, raises: 0, throttles: 0, cuts: 0, bucketStart: now, bucketCount: 0, previousRate: 0 };
}

/** Parts per second the route has been sending at lately (the bucket is read over at least 100 ms, so one burst does not look like a flood). */
export function measuredRate(state: PaceState, now: number): number {
  const elapsed = Math.max(100, now - state.bucketStart);
  return Math.max(state.previousRate, (state.bucketCount * 1000) / elapsed);
}

/**
 * Grows a paced rate after a quiet spell; unpaced again once back at the ceiling. Raises fall due at
 * lastThrottle + recoverAfterMs and every recoverEveryMs after; those not yet applied are applied
 * now (an idle spell recovers as much as busy time would).
 */
export function recover(state: PaceState, now: number, config: PaceConfig): PaceState {
  if (state.rate === null || state.lastThrottleAt === null) return state;
  const first = state.lastThrottleAt + config.recoverAfterMs;
  if (now < first) return state;
  const due = Math.floor((now - first) / config.recoverEveryMs) + 1;
  const steps = due - state.raises;
  if (steps <= 0) return state;
  const rate = state.rate * config.recoverFactor ** steps;
  if (state.ceiling === null || rate >= state.ceiling) return { ...state, rate: null, ceiling: null, nextAt: now, raises: due };
  return { ...state, rate, raises: due };
}

export type Reservation = { state: PaceState; waitMs: number } | { state: PaceState; waitMs: null; retryInMs: number };

/**
 * A slot for one part: how long to wait before submitting it (0 when unpaced or the route is
 * idle), or `waitMs: null` when the slot would be further off than `maxWaitMs` (nothing reserved).
 */
export function reserve(state: PaceState, now: number, config: PaceConfig): Reservation {
  let s = recover(state, now, config);
  if (now - s.bucketStart >= 1000) s = { ...s, previousRate: (s.bucketCount * 1000) / (now - s.bucketStart), bucketStart: now, bucketCount: 0 };
  if (s.rate === null) return { state: { ...s, bucketCount: s.bucketCount + 1 }, waitMs: 0 };
  const slot = Math.max(now, s.nextAt);
  if (slot - now > config.maxWaitMs) return { state: s, waitMs: null, retryInMs: slot - now };
  return { state: { ...s, nextAt: slot + 1000 / s.rate, bucketCount: s.bucketCount + 1 }, waitMs: slot - now };
}

/** The SMSC throttled a part: cut the rate (unless cut within `holdMs`) and note the time. */
export function throttled(state: PaceState, now: number, config: PaceConfig): PaceState {
  const s = { ...state, throttles: state.throttles + 1, lastThrottleAt: now, raises: 0 };
  if (state.lastCutAt !== null && now - state.lastCutAt < config.holdMs) return s;
  const before = state.rate ?? Math.min(config.maxRate * 2, Math.max(config.minRate * 2, measuredRate(state, now)));
  const rate = Math.max(config.minRate, Math.min(config.maxRate, before / 2));
  return { ...s, rate, ceiling: before, cuts: state.cuts + 1, lastCutAt: now, nextAt: Math.max(state.rate === null ? now : state.nextAt, now + 1000 / rate) };
}

/** How long a part throttled `attempt` times (1, 2, …) waits before it is tried again. */
export function retryDelayMs(state: PaceState, attempt: number, config: PaceConfig): number {
  const backoff = config.retryBaseMs * 2 ** Math.max(0, Math.min(attempt - 1, 20));
  const slot = state.rate === null ? 0 : 1000 / state.rate;
  return Math.min(config.retryMaxMs, Math.max(backoff, slot));
}
