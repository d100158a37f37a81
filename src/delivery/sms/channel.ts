import type { Channel, ChannelResult } from '../channel.js';
import type { ClaimedMessage } from '../claim.js';
import type { SubmittedPart } from '../../core/messages/outcomes.js';
import { smscIdKeys } from './smpp/receipt.js';
import type { SmsSender } from './sender.js';

/** The SMS channel for the dispatcher: each claimed message is submitted over its route's SMPP session. */
export function createSmsChannel(sender: SmsSender): Channel {
  return {
    name: 'sms',
    async send(messages: readonly ClaimedMessage[], done: (message: ClaimedMessage, result: ChannelResult) => void): Promise<void> {
      await Promise.all(
        messages.map(async (message) => {
          const result = await sender.send({
            destination: message.recipient,
            source: message.sender,
            text: message.content.text ?? '',
            ...(message.sms ? { flash: message.sms.flash, validityMinutes: message.sms.validityMinutes } : {}),
          });
          if (result.kind === 'submitted') {
            const parts: SubmittedPart[] = result.parts.map((p) => {
              // Stored in both forms a receipt may use: the id as given and its decimal value.
              const [smscId, smscIdAlt] = smscIdKeys(p.smscId);
              return { partNo: p.partNo, route: result.route, smscId: smscId ?? p.smscId, smscIdAlt: smscIdAlt ?? null };
            });
            done(message, { kind: 'sent', response: `submitted ${parts.length} part(s) via ${result.route}`, parts });
          } else if (result.kind === 'temporary') {
            done(message, { kind: 'temporary', response: result.reason, statusIfFinal: result.statusIfFinal });
          } else {
            done(message, { kind: 'failed', status: result.status, response: result.reason });
          }
        }),
      );
    },
    close: () => sender.close(),
  };
}
