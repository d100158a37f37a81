/**
 * When a browser session (opened by SSO) stops being valid: after `idleMs` without use, or
 * `absoluteMs` after it was opened, whichever comes first. Checked on every use, server-side.
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 12 * 60 * 60_000 };

export interface SessionTimes {
  createdAt: string;
  /** Null: never used since it was opened. */
  lastUsedAt: string | null;
}

export function sessionExpired(session: SessionTimes, now: Date, policy: SessionPolicy): boolean {
  const at = now.getTime();
  const opened = Date.parse(session.createdAt);
  const used = session.lastUsedAt === null ? opened : Date.parse(session.lastUsedAt);
  return !(at - opened < policy.absoluteMs && at - used < policy.idleMs);
}

/** Sessions last used or opened before these instants have expired (for purging them in bulk). */
export function expiryCutoffs(now: Date, policy: SessionPolicy): { openedBefore: string; usedBefore: string } {
  return { openedBefore: new Date(now.getTime() - policy.absoluteMs).toISOString(), usedBefore: new Date(now.getTime() - policy.idleMs).toISOString() };
}
