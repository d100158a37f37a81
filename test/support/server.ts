import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { SecretBox } from '../../src/core/secrets/encryption.js';
import { AuthThrottle } from '../../src/core/auth-throttle/throttle.js';
import type { ThrottlePolicy } from '../../src/core/auth-throttle/window.js';
import type { CoreContext } from '../../src/core/context.js';
import { createAccount, type CreatedAccount } from '../../src/core/accounts/accounts.js';
import { createDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { randomBytes } from 'node:crypto';
import { startImportRunner } from '../../src/core/imports/runner.js';
import { startTaskRunner } from '../../src/core/tasks/runner.js';
import { startEmailDelivery, type EmailDelivery } from '../../src/delivery/email/start.js';
import { startSmsDelivery, type SmsDelivery } from '../../src/delivery/sms/start.js';
import type { SmppRoute } from '../../src/delivery/sms/routes.js';
import type { EmailConfig, HeraldConfig } from '../../src/config.js';
import type { DestinationStream } from 'pino';
import { startCallbackWorker, type CallbackWorker, type CallbackWorkerOptions } from '../../src/delivery/callbacks/worker.js';
import { startBounceIntake } from '../../src/delivery/email/bounces/intake.js';
import type { InboundListener } from '../../src/delivery/email/bounces/listener.js';

/** A pino log line: `level` 40 is warn, 50 error, 60 fatal. */
export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface TestServer {
  database: TestDatabase;
  core: CoreContext;
  app: FastifyInstance;
  baseUrl: string;
  createAccount(name?: string): Promise<CreatedAccount>;
  /** The email dispatcher, when started with `email`. */
  email: EmailDelivery | null;
  /** The SMS dispatcher, when started with `sms`. */
  sms: SmsDelivery | null;
  /** The callback worker, when started with `callbacks`. */
  callbacks: CallbackWorker | null;
  /** Port of the inbound SMTP listener for bounces and complaints, when started with `inbound`. */
  inboundPort: number | null;
  close(): Promise<void>;
}

/** A real Herald HTTP server on a loopback port over a fresh database of the given kind. */
export async function startTestServer(kind: DatabaseKind, options: { bodyLimit?: number; /** false: no import runner, so uploads stay queued (pending-limit tests). */ importRunner?: boolean; /** Start email delivery to these relays (e.g. a test SMTP peer). */ email?: Partial<EmailConfig> & { relays: string[] }; /** Start the inbound bounce/complaint listener on a free port (return paths at bounces.herald.test). */ inbound?: boolean; /** Start the callback worker (private targets allowed, in the API too; fast polling); an object tunes it (short backoff…). */ callbacks?: boolean | CallbackWorkerOptions; /** Start SMS delivery over these SMPP routes (e.g. the SMSC simulator). */ sms?: { routes: SmppRoute[] }; /** HERALD_OPERATOR_KEY: enables the operator routes. */ operatorKey?: string; /** HTTP limits, trusted proxies, session expiry (defaults otherwise). */ config?: Partial<Pick<HeraldConfig, 'http' | 'trustProxy' | 'sessions'>>; /** The log at this level into this stream. */ log?: { level: string; stream: DestinationStream }; /** Collects the server's log lines of level warn and above (parsed pino JSON) here. */ logs?: LogLine[]; /** HERALD_AUTH_*: the brute-force limit (default: the production defaults). */ authThrottle?: ThrottlePolicy } = {}): Promise<TestServer> {
  const log = options.log ?? (options.logs ? { level: 'warn', stream: { write: (line: string) => void options.logs?.push(JSON.parse(line) as LogLine) } } : undefined);
  const database = await createDatabase(kind);
  const core: CoreContext = { db: database.store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://127.0.0.1', dataDir: database.env.HERALD_DATA_DIR!, systemFrom: 'no-reply@bounces.herald.test', authThrottle: new AuthThrottle(options.authThrottle) };
  const app = await buildApp({
    config: { bodyLimit: options.bodyLimit ?? 1024 * 1024, logLevel: log?.level ?? process.env.HERALD_TEST_LOG ?? 'silent', publicUrl: core.publicUrl, email: { allowPrivateCallbacks: Boolean(options.callbacks) }, operatorKey: options.operatorKey ?? null, ...options.config },
    store: database.store,
    core,
    ...(log ? { logStream: log.stream } : {}),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  core.publicUrl = baseUrl;
  const imports = options.importRunner === false ? null : startImportRunner(core, { pollMs: 50 });
  const tasks = startTaskRunner(core, { pollMs: 50 });
  const email = options.email
    ? await startEmailDelivery(
        core,
        { poolSize: 2, threads: 1, bounceDomain: 'bounces.herald.test', inbound: null, dispatcher: true, allowPrivateCallbacks: true, leaseMs: 60_000, ...options.email },
        { pollMs: 100, allowSelfSignedRelays: true, retryBaseMs: 200, rateLimitRefreshMs: 50 },
      )
    : null;
  const inbound: InboundListener | null = options.inbound ? await startBounceIntake(core, { host: '127.0.0.1', port: 0, bounceDomain: options.email?.bounceDomain ?? 'bounces.herald.test' }) : null;
  const callbacks = options.callbacks ? startCallbackWorker(core, { allowPrivateTargets: true, pollMs: 100, ...(typeof options.callbacks === 'object' ? options.callbacks : {}) }) : null;
  const sms = options.sms ? await startSmsDelivery(core, options.sms.routes, { pollMs: 100, retryBaseMs: 200, leaseMs: 60_000 }) : null;
  let n = 0;
  return {
    sms,
    email,
    callbacks,
    inboundPort: inbound?.port ?? null,
    database,
    core,
    app,
    baseUrl,
    createAccount: (name?: string) => createAccount(core, { name: name ?? `Account ${++n}`, defaultCountry: 'GB' }),
    async close() {
      await app.close();
      await inbound?.close();
      await imports?.stop();
      await tasks.stop();
      await email?.stop();
      await sms?.stop();
      await callbacks?.stop();
      await database.dispose();
    },
  };
}
