import type { Db } from '../../store/database.js';
import { advanceCampaigns } from '../../core/sms/campaigns/lifecycle.js';
import { onCampaignsChanged } from '../../core/sms/campaigns/wake.js';
import { WakeablePause } from '../../core/pause.js';

export interface CampaignTicker {
  stop(): Promise<void>;
}

/**
 * Moves SMS campaigns along their lifecycle (core/sms/campaigns/lifecycle.ts) in a worker: at once
 * when a campaign is sent or approved in this process, otherwise every `tickMs`.
 */
export function startCampaignTicker(db: Db, options: { tickMs?: number; log?: (msg: string, data?: object) => void } = {}): CampaignTicker {
  const tickMs = options.tickMs ?? 1000;
  const nap = new WakeablePause();
  const unsubscribe = onCampaignsChanged(() => nap.wake());
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      nap.arm();
      try {
        await advanceCampaigns(db);
      } catch (err) {
        options.log?.('advancing SMS campaigns failed', { err });
      }
      await nap.pause(tickMs);
    }
  })();
  return {
    async stop() {
      stopped = true;
      unsubscribe();
      nap.wake();
      await loop;
    },
  };
}
