import { PassThrough } from 'node:stream';
import SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import DKIM from 'nodemailer/lib/dkim/index.js';
import type MailMessage from 'nodemailer/lib/mailer/mail-message.js';
import type { ChannelResult } from '../channel.js';
import type { ClaimedMessage } from '../claim.js';
import { composeMail, renderRaw, type ComposeContext, type DkimSigning } from './compose.js';
import { classifySmtpResult, smtpResultFromError, smtpResultFromReply, type SmtpResult } from '../../core/messages/smtp-reply.js';

export interface SmtpSenderOptions {
  /** smtp:// or smtps:// URLs; messages are spread over them in turn. */
  relays: string[];
  /** Connections kept open per relay. */
  poolSize: number;
  compose: ComposeContext;
  /** Accept self-signed relay certificates (tests, a relay on the same host). */
  allowSelfSignedRelays?: boolean;
}

export interface SmtpSender {
  send(message: ClaimedMessage): Promise<ChannelResult>;
  close(): Promise<void>;
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

function relayTransport(url: string, poolSize: number, allowSelfSigned: boolean): SMTPPool {
  const u = new URL(url);
  const secure = u.protocol === 'smtps:';
  return new SMTPPool({
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

/**
 * A built message in the shape nodemailer's pool transport reads (`Transport.send`): envelope,
 * Message-ID and a fresh stream of the bytes for each try. Going to the transport directly skips
 * the Mailer's per-message pipeline (it re-parses a raw message into a MIME tree), which took as
 * much CPU as composing the message. DKIM is applied here, as the Mailer would.
 */
function prebuiltMessage(envelope: { from: string; to: string }, messageId: string, raw: Buffer, dkim: DKIM | null): MailMessage<SMTPPool.SentMessageInfo> {
  const message = {
    getEnvelope: () => envelope,
    messageId: () => messageId,
    getHeader: (name: string) => (name.toLowerCase() === 'message-id' ? messageId : undefined),
    createReadStream: () => {
      if (dkim) return dkim.sign(raw);
      const stream = new PassThrough();
      stream.end(raw);
      return stream;
    },
  };
  // Only the members above are read by the pool (smtp-pool/index.js, pool-resource.js).
  return { data: {}, message } as unknown as MailMessage<SMTPPool.SentMessageInfo>;
}

function poolSend(pool: SMTPPool, mail: MailMessage<SMTPPool.SentMessageInfo>): Promise<SMTPPool.SentMessageInfo> {
  return new Promise((resolve, reject) => pool.send(mail, (err, info) => (err || !info ? reject(err ?? new Error('the SMTP pool gave no result')) : resolve(info))));
}

/** Composes and sends single messages over nodemailer's pooled transports to the relays. */
export function createSmtpSender(options: SmtpSenderOptions): SmtpSender {
  if (options.relays.length === 0) throw new Error('The SMTP channel needs at least one relay');
  const transports = options.relays.map((r) => relayTransport(r, options.poolSize, options.allowSelfSignedRelays ?? false));
  let next = 0;
  const signers = new Map<string, DKIM>();
  const signerFor = (key: DkimSigning): DKIM => {
    const id = `${key.domainName}|${key.keySelector}|${key.privateKey}`;
    let signer = signers.get(id);
    if (!signer) {
      signer = new DKIM(key);
      signers.set(id, signer);
    }
    return signer;
  };
  return {
    async send(message: ClaimedMessage): Promise<ChannelResult> {
      const transport = transports[next++ % transports.length] as SMTPPool;
      try {
        const composed = composeMail(options.compose, message);
        // One pre-built buffer: the connection writes it in a few large chunks (nodemailer's own
        // composition wrote one socket chunk per MIME line). DKIM signs it on the way out.
        const raw = await renderRaw(composed);
        const info = await poolSend(transport, prebuiltMessage(composed.envelope, composed.mail.messageId, raw, composed.dkim ? signerFor(composed.dkim) : null));
        // A relay that takes the message for some recipients only answers with `rejected`.
        return info.rejected.length > 0 ? channelResultOf(smtpResultFromError({ response: info.response })) : channelResultOf(smtpResultFromReply(info.response));
      } catch (err) {
        return channelResultOf(smtpResultFromError(err));
      }
    },
    async close(): Promise<void> {
      for (const t of transports) t.close();
    },
  };
}
