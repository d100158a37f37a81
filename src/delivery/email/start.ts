import type { EmailConfig } from '../../config.js';
import type { CoreContext } from '../../core/context.js';
import { startDispatcher, type Dispatcher, type DispatcherOptions } from '../dispatcher.js';
import { DkimKeyCache } from './dkim-cache.js';
import { createSmtpChannel } from './smtp-channel.js';

export interface EmailDelivery {
  dispatcher: Dispatcher;
  stop(): Promise<void>;
}

export interface EmailDeliveryOptions extends DispatcherOptions {
  allowSelfSignedRelays?: boolean;
}

/** Keys derived from the master secret, shared by the sender (links) and the web routes (checks). */
export function trackingKey(core: CoreContext): Buffer {
  return core.secrets.deriveKey('tracking');
}

export function referenceKey(core: CoreContext): Buffer {
  return core.secrets.deriveKey('message-reference');
}

/**
 * Starts sending email: the SMTP channel over the configured relays and a dispatcher feeding it.
 * Null when no relay is configured: accepted mail then waits in the queue until one is.
 */
export async function startEmailDelivery(core: CoreContext, config: EmailConfig, options: EmailDeliveryOptions = {}): Promise<EmailDelivery | null> {
  if (config.relays.length === 0) return null;
  const dkim = new DkimKeyCache(core);
  await dkim.start();
  const channel = createSmtpChannel({
    relays: config.relays,
    poolSize: config.poolSize,
    allowSelfSignedRelays: options.allowSelfSignedRelays ?? false,
    threads: config.threads,
    dkim,
    compose: {
      publicUrl: core.publicUrl,
      trackingKey: trackingKey(core),
      referenceKey: referenceKey(core),
      bounceDomain: config.bounceDomain,
      dkimFor: (accountId, domain) => dkim.get(accountId, domain),
    },
  });
  const dispatcher = startDispatcher(core.db, channel, { leaseMs: config.leaseMs, ...options });
  return {
    dispatcher,
    async stop() {
      await dispatcher.stop();
      await channel.close();
      dkim.stop();
    },
  };
}
