import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import type { AddressInfo } from 'node:net';

/** How the peer answers RCPT TO for a recipient; null accepts. */
export type RecipientScript = (address: string, attempt: number) => { code: number; message: string } | null;

export interface ReceivedMail {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
}

export interface SmtpPeer {
  port: number;
  url: string;
  received: ReceivedMail[];
  /** Times each recipient was offered (RCPT TO), to observe retries. */
  attempts: Map<string, number>;
  waitForMessages(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Recipients whose local part names a reply, as receiving servers send them: the default script
 * of the test peer. Anything else is accepted with 250.
 */
export const SCRIPTED_REPLIES: Record<string, { code: number; message: string }> = {
  'unknown-user': { code: 550, message: '5.1.1 <unknown-user>: Recipient address rejected: User unknown in virtual mailbox table' },
  'mailbox-full': { code: 552, message: '5.2.2 Mailbox full: user is over quota' },
  'temp-full': { code: 452, message: '4.2.2 Mailbox full, try again later' },
  'greylisted': { code: 451, message: '4.7.1 Greylisted, please try again later' },
  'spam-block': { code: 554, message: '5.7.1 Message rejected as spam by Content Filtering' },
  'refused': { code: 550, message: '5.7.0 Relaying denied for this sender' },
  'no-domain': { code: 550, message: '5.1.2 <no-domain@nowhere.invalid>: Recipient address rejected: Domain not found' },
};

export const defaultScript: RecipientScript = (address) => SCRIPTED_REPLIES[address.slice(0, address.indexOf('@'))] ?? null;

/** A real SMTP server on loopback that answers as scripted and keeps what it accepted. */
export async function startSmtpPeer(script: RecipientScript = defaultScript): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const attempts = new Map<string, number>();
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 50 * 1024 * 1024,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const n = (attempts.get(address.address) ?? 0) + 1;
      attempts.set(address.address, n);
      const reply = script(address.address, n);
      if (reply === null) return callback();
      const err = Object.assign(new Error(reply.message), { responseCode: reply.code });
      return callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        for (const w of waiters.splice(0)) w();
        callback(null, 'Ok: queued as TEST');
      });
    },
  });
  // A client killed mid-session resets its connection; that is the client's problem, not the peer's.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    attempts,
    async waitForMessages(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > deadline) throw new Error(`SMTP peer got ${received.length} of ${n} messages`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
