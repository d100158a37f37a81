import { parentPort, workerData } from 'node:worker_threads';
import type { ChannelResult } from '../channel.js';
import type { ClaimedMessage } from '../claim.js';
import type { DkimSigning } from './compose.js';
import { createSmtpSender } from './smtp-sender.js';

/** What the channel hands a sending thread when it starts it. */
export interface SmtpThreadData {
  relays: string[];
  poolSize: number;
  allowSelfSignedRelays: boolean;
  publicUrl: string;
  trackingKey: Uint8Array;
  referenceKey: Uint8Array;
  bounceDomain: string;
}

export type ToSmtpThread = { type: 'dkim'; keys: [string, DkimSigning][] } | { type: 'send'; messages: ClaimedMessage[] } | { type: 'close' };
export type FromSmtpThread = { type: 'results'; results: [number, ChannelResult][] } | { type: 'closed' };

/*
 * A sending thread: composes and sends the messages the channel posts to it and posts back one
 * result per message, a few at a time. Composition and the SMTP client take most of the CPU of
 * sending; here they run beside the dispatcher's database work instead of taking turns with it.
 */
const port = parentPort;
if (!port) throw new Error('smtp-thread runs as a worker thread');
const data = workerData as SmtpThreadData;
let dkimKeys = new Map<string, DkimSigning>();
const sender = createSmtpSender({
  relays: data.relays,
  poolSize: data.poolSize,
  allowSelfSignedRelays: data.allowSelfSignedRelays,
  compose: {
    publicUrl: data.publicUrl,
    trackingKey: Buffer.from(data.trackingKey),
    referenceKey: Buffer.from(data.referenceKey),
    bounceDomain: data.bounceDomain,
    dkimFor: (accountId, domain) => dkimKeys.get(`${accountId}|${domain}`) ?? null,
  },
});

let pending: [number, ChannelResult][] = [];
let flushScheduled = false;
function flush(): void {
  flushScheduled = false;
  if (pending.length === 0) return;
  const message: FromSmtpThread = { type: 'results', results: pending };
  pending = [];
  port?.postMessage(message);
}

port.on('message', (message: ToSmtpThread) => {
  if (message.type === 'dkim') {
    dkimKeys = new Map(message.keys);
  } else if (message.type === 'send') {
    for (const m of message.messages) {
      void sender.send(m).then((result) => {
        pending.push([m.id, result]);
        // Posting is costly per message, not per result: gather a few milliseconds' worth.
        if (pending.length >= 200) flush();
        else if (!flushScheduled) {
          flushScheduled = true;
          setTimeout(flush, 5);
        }
      });
    }
  } else {
    void sender.close().then(() => port.postMessage({ type: 'closed' } satisfies FromSmtpThread));
  }
});
