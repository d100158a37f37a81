import type { CoreContext } from '../../core/context.js';
import { loadDkimSigningKeys } from '../../core/senders/dkim-keys.js';
import { onDkimKeysChanged } from '../../core/senders/dkim-changes.js';
import type { DkimSigning } from './compose.js';

/**
 * Signing keys by account and domain, reloaded in the background: composing a message must not
 * wait for the database. A key added in this process is used at once (dkim-changes.ts), one added
 * by another process (the CLI) within `refreshMs`.
 */
export class DkimKeyCache {
  private keys = new Map<string, DkimSigning>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly core: CoreContext, private readonly refreshMs = 30_000) {}

  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch(() => undefined), this.refreshMs);
    this.timer.unref();
    // A key created or deleted in this process applies at once (see dkim-changes.ts).
    this.unsubscribe = onDkimKeysChanged(() => this.reload());
  }

  async reload(): Promise<void> {
    const next = new Map<string, DkimSigning>();
    for (const k of await loadDkimSigningKeys(this.core)) {
      next.set(`${k.accountId}|${k.domain}`, { domainName: k.domain, keySelector: k.selector, privateKey: k.privateKey });
    }
    this.keys = next;
    for (const listener of this.listeners) listener();
  }

  entries(): [string, DkimSigning][] {
    return [...this.keys];
  }

  /** Called after every reload (sending threads keep their own copy of the keys). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(accountId: number, domain: string): DkimSigning | null {
    return this.keys.get(`${accountId}|${domain}`) ?? null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
  }
}
