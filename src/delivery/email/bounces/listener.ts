// Inbound SMTP for DSNs and feedback reports. It accepts only mail for our VERP return paths at the
// bounce domain and the configured feedback addresses, so it is never an open relay nor a general
// mailbox, and answers 250 only after the report has been handled: a failure there is a 451 and the
// sending MTA retries. It faces the internet, so clients, message size and idle time are bounded.
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { classifyInbound, verpToken, type InboundReport } from './inbound-report.js';

export interface InboundListenerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Largest message accepted, in bytes; bigger ones get 552. */
  maxSize: number;
  /** Domain of the VERP return paths (`bounces+REF@domain`); return paths at other domains get 550. */
  domain: string;
  /** Addresses that receive complaint (ARF) feeds, compared case-insensitively. */
  feedbackAddresses?: string[];
  /** Connections served at once; more are answered 421 and closed. */
  maxClients: number;
  /** A connection silent this long is closed (also bounds a DATA that stalls). */
  socketTimeoutMs: number;
  onReport(report: InboundReport, raw: Buffer): Promise<void>;
  log?: (msg: string, data?: object) => void;
}

export interface InboundListener {
  port: number;
  close(): Promise<void>;
}

class SmtpReplyError extends Error {
  constructor(
    readonly responseCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Whether RCPT TO names one of our mailboxes: a VERP return path at our domain or a feedback address. */
export function acceptsRecipient(address: string, domain: string, feedbackAddresses: ReadonlySet<string>): boolean {
  const bare = address.trim().toLowerCase();
  if (feedbackAddresses.has(bare)) return true;
  return verpToken(bare) !== null && bare.slice(bare.lastIndexOf('@') + 1) === domain.toLowerCase();
}

export async function startInboundListener(options: InboundListenerOptions): Promise<InboundListener> {
  const log = options.log ?? (() => undefined);
  const feedback = new Set((options.feedbackAddresses ?? []).map((a) => a.trim().toLowerCase()));

  const onData = (stream: NodeJS.ReadableStream & { sizeExceeded?: boolean }, session: SMTPServerSession, done: (err?: Error | null) => void): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Keep draining after the cap so the client gets the 552 only once the DATA ends.
      if (size > options.maxSize) tooBig = true;
      else chunks.push(chunk);
    });
    stream.on('error', (err: Error) => done(err));
    stream.on('end', () => {
      if (tooBig || stream.sizeExceeded === true) {
        log('inbound message too big', { size, maxSize: options.maxSize });
        done(new SmtpReplyError(552, '5.3.4 Message too big'));
        return;
      }
      const raw = Buffer.concat(chunks);
      const envelope = {
        mailFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
      };
      classifyInbound(raw, envelope)
        .then(async (report) => {
          await options.onReport(report, raw);
          log('inbound report', { kind: report.kind, tokens: report.returnPathTokens });
          done();
        })
        .catch((err: unknown) => {
          log('inbound report handling failed', { error: err instanceof Error ? err.message : String(err) });
          done(new SmtpReplyError(451, '4.3.0 Temporary failure, try again later'));
        });
    });
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: options.maxSize,
    maxClients: options.maxClients,
    socketTimeout: options.socketTimeoutMs,
    // Open connections get this long to finish when the listener closes.
    closeTimeout: Math.min(options.socketTimeoutMs, 10_000),
    banner: 'Herald inbound reports',
    onRcptTo(address, _session, callback) {
      const accepted = acceptsRecipient(address.address, options.domain, feedback);
      callback(accepted ? null : new SmtpReplyError(550, '5.1.1 No such recipient here'));
    },
    onData,
  });
  server.on('error', (err: Error) => log('inbound listener error', { error: err.message }));

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
