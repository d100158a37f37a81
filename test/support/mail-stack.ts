import type { AccountScope } from '../../src/core/context.js';
import type { CreatedAccount } from '../../src/core/accounts/accounts.js';
import { markSenderVerified } from '../../src/core/senders/senders.js';
import { Api } from '../faces/native/client.js';
import type { DatabaseKind } from './databases.js';
import { startTestServer, type TestServer } from './server.js';
import { startSmtpPeer, type RecipientScript, type SmtpPeer } from './smtp-peer.js';
import { waitUntil } from './wait.js';

/** The sender address the email tests send from unless they say otherwise. */
export const DEFAULT_SENDER = 'news@shop.example';

/** What startTestServer takes besides `email`, which the mail stack sets to its SMTP peer. */
export type MailServerOptions = Omit<NonNullable<Parameters<typeof startTestServer>[1]>, 'email'>;

/** One account of a test server, with a native API client and (optionally) a verified sender. */
export interface SendingAccount {
  account: CreatedAccount;
  scope: AccountScope;
  api: Api;
}

/** A real SMTP peer, a test server delivering email to it, and one account ready to send. */
export interface MailStack extends SendingAccount {
  peer: SmtpPeer;
  server: TestServer;
  /** Closes the server, then the peer. */
  close(): Promise<void>;
}

/** Creates an account on `server` and marks `sender` verified for it (none when null). */
export async function createSendingAccount(server: TestServer, sender: string | null = DEFAULT_SENDER): Promise<SendingAccount> {
  const account = await server.createAccount();
  const scope: AccountScope = { db: server.core.db, accountId: account.id };
  if (sender !== null) await markSenderVerified(scope, sender);
  return { account, scope, api: new Api(server, account.credentials.native.apiKey) };
}

/**
 * Starts an SMTP peer (answering as `peerScript`, the peer's default script when omitted), a test
 * server delivering email to it, and an account whose `sender` (news@shop.example unless given;
 * none when null) is verified.
 */
export async function startMailStack(kind: DatabaseKind, options: { sender?: string | null; server?: MailServerOptions; peerScript?: RecipientScript } = {}): Promise<MailStack> {
  const peer = await startSmtpPeer(options.peerScript);
  let server: TestServer | null = null;
  try {
    server = await startTestServer(kind, { email: { relays: [peer.url] }, ...options.server });
    const started = server;
    const sending = await createSendingAccount(started, options.sender === undefined ? DEFAULT_SENDER : options.sender);
    return {
      ...sending,
      peer,
      server: started,
      async close() {
        await started.close();
        await peer.close();
      },
    };
  } catch (error) {
    await server?.close();
    await peer.close();
    throw error;
  }
}

/**
 * Polls `read` until the status `statusOf` gives is final (neither WAIT nor SENDING) and returns
 * that last reading; fails after `timeoutMs`.
 */
export async function untilFinal<T>(read: () => Promise<T>, statusOf: (value: T) => string, what: string, timeoutMs = 20_000): Promise<T> {
  let last: T | undefined;
  await waitUntil(async () => {
    last = await read();
    const status = statusOf(last);
    return status !== 'WAIT' && status !== 'SENDING';
  }, timeoutMs, what);
  return last as T;
}
