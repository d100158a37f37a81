import type { CoreContext } from '../../core/context.js';
import { loadDkimSigningKeys } from '../../core/senders/dkim-keys.js';
import type { DkimSigning } from './compose.js';

/**
 * Signing keys by account and domain, reloaded in the background: composing a message must not
 * wait for the database, and a key added through the API is used within `refreshMs`.
 */
export class DkimKeyCache {
  private keys = new Map<string, DkimSigning>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly core: CoreContext, private readonly refreshMs = 30_000) {}

  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload().catch(() => undefined), this.refreshMs);
    this.timer.unref();
  }

  async reload(): Promise<void> {
    const next = new Map<string, DkimSigning>();
    for (const k of await loadDkimSigningKeys(this.core)) {
      next.set(`${k.accountId}|${k.domain}`, { domainName: k.domain, keySelector: k.selector, privateKey: k.privateKey });
    }
    this.keys = next;
  }

  get(accountId: number, domain: string): DkimSigning | null {
    return this.keys.get(`${accountId}|${domain}`) ?? null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
