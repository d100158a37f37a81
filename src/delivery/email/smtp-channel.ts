import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import type { Channel, ChannelResult } from '../channel.js';
import type { ClaimedMessage } from '../claim.js';
import { composeMail, renderRaw, type ComposeContext } from './compose.js';
import { classifySmtpResult, smtpResultFromError, smtpResultFromReply, type SmtpResult } from './reply-status.js';

export interface SmtpChannelOptions {
  /** smtp:// or smtps:// URLs; messages are spread over them in turn. */
  relays: string[];
  /** Connections kept open per relay. */
  poolSize: number;
  compose: ComposeContext;
  /** Accept self-signed relay certificates (tests, a relay on the same host). */
  allowSelfSignedRelays?: boolean;
}

/** What one attempt's SMTP result means for the message, the dispatcher deciding on retries. */
export function channelResultOf(result: SmtpResult): ChannelResult {
  const now = classifySmtpResult(result, false);
  if (now.outcome === 'sent') return { kind: 'sent', response: now.response };
  if (now.outcome === 'failed') return { kind: 'failed', status: now.status, response: now.response };
  const last = classifySmtpResult(result, true);
  const statusIfFinal = last.outcome === 'failed' ? last.status : 'ERROR_UNAVAILABLE';
  return { kind: 'temporary', response: now.reason, statusIfFinal };
}

function relayTransport(url: string, poolSize: number, allowSelfSigned: boolean): Transporter<SMTPPool.SentMessageInfo> {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return nodemailer.createTransport({
    pool: true,
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    maxConnections: poolSize,
    // Connections are reused for as long as the relay keeps them: reconnecting costs far more.
    maxMessages: Infinity,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    ...(allowSelfSigned ? { tls: { rejectUnauthorized: false } } : {}),
  });
}

/** Email over SMTP through the configured relays, with nodemailer's pooled transport. */
export function createSmtpChannel(options: SmtpChannelOptions): Channel {
  if (options.relays.length === 0) throw new Error('The SMTP channel needs at least one relay');
  const transports = options.relays.map((r) => relayTransport(r, options.poolSize, options.allowSelfSignedRelays ?? false));
  let next = 0;
  return {
    name: 'email',
    async send(messages: readonly ClaimedMessage[], done: (message: ClaimedMessage, result: ChannelResult) => void): Promise<void> {
      await Promise.all(
        messages.map(async (message) => {
          const transport = transports[next++ % transports.length] as Transporter<SMTPPool.SentMessageInfo>;
          let result: ChannelResult;
          try {
            const composed = composeMail(options.compose, message);
            // One pre-built buffer: the connection writes it in a few large chunks (nodemailer's
            // own composition wrote one socket chunk per MIME line). DKIM signs it on the way out.
            const raw = await renderRaw(composed);
            const info = await transport.sendMail({ envelope: composed.envelope, raw, ...(composed.dkim ? { dkim: composed.dkim } : {}) });
            // A relay that takes the message for some recipients only answers with `rejected`.
            result = info.rejected.length > 0 ? channelResultOf(smtpResultFromError({ response: info.response })) : channelResultOf(smtpResultFromReply(info.response));
          } catch (err) {
            result = channelResultOf(smtpResultFromError(err));
          }
          done(message, result);
        }),
      );
    },
    async close(): Promise<void> {
      for (const t of transports) t.close();
    },
  };
}
