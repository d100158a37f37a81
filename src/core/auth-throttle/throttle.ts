import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { afterFailure, DEFAULT_THROTTLE_POLICY, refusedForMs, windowOpen, type FailureWindow, type ThrottlePolicy } from './window.js';

/** Who is trying to authenticate: the face, the client address and, when sent, the identifier. */
export interface AuthAttempt {
  face: string;
  ip: string;
  /** Login, access key, user id, key id…; null when the credential has no identifier (a bearer key). */
  credential: string | null;
}

export interface Refusal {
  /** Whole seconds until the window ends (the `Retry-After` value), at least 1. */
  retryAfterSeconds: number;
}

/** Keys kept at most; past it expired windows go first, then the oldest. */
const MAX_KEYS = 100_000;

/**
 * One client address is one key, except IPv6, where one subscriber usually holds a whole /64:
 * counting per /64 stops an attacker from rotating through the addresses of its own prefix.
 */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return `ip:${ip}`;
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv4') return `ip:${parsed.toString()}`;
  const bytes = parsed.toByteArray().slice(0, 8);
  return `ip6:${Buffer.from(bytes).toString('hex')}/64`;
}

/** Longer identifiers are kept as a digest: the caller chooses them, memory should not grow with them. */
const MAX_KEPT_LENGTH = 64;

/** Credential identifiers are per face: a SmartFocus login and a Mobizon key never share a count. */
export function credentialKey(face: string, credential: string): string {
  const id = credential.length <= MAX_KEPT_LENGTH ? credential : `sha256:${createHash('sha256').update(credential, 'utf8').digest('hex')}`;
  return `cred:${face}:${id}`;
}

/**
 * Counts failed authentications per client address and per credential identifier, in memory (a
 * restart forgives everyone, which is acceptable for a limit that only slows guessing down).
 */
export class AuthThrottle {
  private readonly windows = new Map<string, FailureWindow>();

  constructor(
    readonly policy: ThrottlePolicy = DEFAULT_THROTTLE_POLICY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Null when the attempt may proceed; otherwise how long the caller must wait. */
  check(attempt: AuthAttempt): Refusal | null {
    const nowMs = this.now();
    const { windowMs, maxPerIp, maxPerCredential } = this.policy;
    const waits = [refusedForMs(this.windows.get(addressKey(attempt.ip)), maxPerIp, nowMs, windowMs)];
    if (attempt.credential !== null) waits.push(refusedForMs(this.windows.get(credentialKey(attempt.face, attempt.credential)), maxPerCredential, nowMs, windowMs));
    const longest = Math.max(...waits.map((w) => w ?? 0));
    return longest > 0 ? { retryAfterSeconds: Math.max(1, Math.ceil(longest / 1000)) } : null;
  }

  /** Counts one failure against the address and the identifier. */
  recordFailure(attempt: AuthAttempt): void {
    const nowMs = this.now();
    this.count(addressKey(attempt.ip), nowMs);
    if (attempt.credential !== null) this.count(credentialKey(attempt.face, attempt.credential), nowMs);
  }

  private count(key: string, nowMs: number): void {
    const next = afterFailure(this.windows.get(key), nowMs, this.policy.windowMs);
    // Re-inserted so the Map's order stays oldest-first for pruning.
    this.windows.delete(key);
    this.windows.set(key, next);
    if (this.windows.size > MAX_KEYS) this.prune(nowMs);
  }

  private prune(nowMs: number): void {
    for (const [key, window] of this.windows) if (!windowOpen(window, nowMs, this.policy.windowMs)) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size <= MAX_KEYS * 0.9) break;
      this.windows.delete(key);
    }
  }
}
