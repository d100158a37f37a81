import type { CoreContext } from '../../core/context.js';
import { statusFromReceiptStat } from '../../core/sms/statuses.js';
import { startDispatcher, type Dispatcher, type DispatcherOptions } from '../dispatcher.js';
import { createSmsChannel } from './channel.js';
import type { SmppRoute } from './routes.js';
import { SmsSender, type SmsSenderOptions } from './sender.js';
import { normaliseSmscId, smscIdKeys } from './smpp/receipt.js';
import { startCampaignTicker, type CampaignTicker } from './campaign-ticker.js';
import { ReceiptBatcher } from './receipt-batcher.js';

export interface SmsDelivery {
  dispatcher: Dispatcher;
  campaigns: CampaignTicker;
  stop(): Promise<void>;
}

/**
 * A receipt can overtake the recording of its submit (the SMSC answers in milliseconds; results are
 * recorded in groups). The receipt batcher holds such receipts for a few seconds first; those still
 * unknown are then refused, so the SMSC sends them again, for this long after the first one; after
 * that the id is taken as unknown, logged and dropped.
 */
const UNKNOWN_GRACE_MS = 60_000;

/** Messages claimed and results recorded at a time. */
export const SMS_BATCH = 400;

/**
 * Starts sending SMS over the configured SMPP routes with a dispatcher feeding them, and applies
 * the delivery receipts that come back. Null when no route is configured.
 */
export async function startSmsDelivery(
  core: CoreContext,
  routes: readonly SmppRoute[],
  options: DispatcherOptions & { sender?: Partial<Omit<SmsSenderOptions, 'routes'>>; /** How often campaigns move on without a wake. */ campaignTickMs?: number } = {},
): Promise<SmsDelivery | null> {
  if (routes.length === 0) return null;
  const log = options.log ?? (() => undefined);
  const sender = new SmsSender({ routes, log: (message) => log(message), ...options.sender });
  await sender.start();
  const unknownSeen = new Map<string, number>();
  const receipts = new ReceiptBatcher(core.db, { log });
  const stopReceipts = sender.onReceipt(async ({ route, receipt }) => {
    const status = statusFromReceiptStat(receipt.status) ?? 'UNKNOWN';
    const ids = [receipt.messageId, receipt.textId, receipt.tlvId].filter((id): id is string => id !== null);
    const keys = [...new Set(ids.flatMap(smscIdKeys))];
    const outcome = await receipts.apply({ smscIdKeys: keys, exactIds: [...new Set(ids.map(normaliseSmscId))], status, errorCode: receipt.error });
    if (outcome.applied || outcome.reason === 'already-final') return;
    const firstSeen = unknownSeen.get(receipt.messageId) ?? Date.now();
    if (Date.now() - firstSeen < UNKNOWN_GRACE_MS) {
      unknownSeen.set(receipt.messageId, firstSeen);
      throw new Error('receipt for an id not recorded yet');
    }
    unknownSeen.delete(receipt.messageId);
    log('delivery receipt for an unknown message id', { route, id: receipt.messageId, status });
  });
  // Bigger groups than email's: an SMSC takes a submit in a millisecond, so the round trips of
  // claiming and recording are the cost; 400 halves them against 100 (PostgreSQL, 100,000-message
  // campaign: 3.0k → 5.2k submit_sm/s; BENCHMARKS.md). In flight stays bounded by maxInFlight.
  const dispatcher = startDispatcher(core.db, createSmsChannel(sender), { batchSize: SMS_BATCH, recordEvery: SMS_BATCH, ...options });
  const campaigns = startCampaignTicker(core.db, { ...(options.campaignTickMs ? { tickMs: options.campaignTickMs } : {}), log });
  return {
    dispatcher,
    campaigns,
    async stop() {
      await campaigns.stop();
      await dispatcher.stop();
      stopReceipts();
      await receipts.drain();
      await sender.close();
    },
  };
}
