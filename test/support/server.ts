import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { SecretBox } from '../../src/core/secrets/encryption.js';
import type { CoreContext } from '../../src/core/context.js';
import { createAccount, type CreatedAccount } from '../../src/core/accounts/accounts.js';
import { createDatabase, type DatabaseKind, type TestDatabase } from './databases.js';
import { randomBytes } from 'node:crypto';
import { startImportRunner } from '../../src/core/imports/runner.js';
import { startEmailDelivery, type EmailDelivery } from '../../src/delivery/email/start.js';
import type { EmailConfig } from '../../src/config.js';

export interface TestServer {
  database: TestDatabase;
  core: CoreContext;
  app: FastifyInstance;
  baseUrl: string;
  createAccount(name?: string): Promise<CreatedAccount>;
  /** The email dispatcher, when started with `email`. */
  email: EmailDelivery | null;
  close(): Promise<void>;
}

/** A real Herald HTTP server on a loopback port over a fresh database of the given kind. */
export async function startTestServer(kind: DatabaseKind, options: { bodyLimit?: number; /** false: no import runner, so uploads stay queued (pending-limit tests). */ importRunner?: boolean; /** Start email delivery to these relays (e.g. a test SMTP peer). */ email?: Partial<EmailConfig> & { relays: string[] } } = {}): Promise<TestServer> {
  const database = await createDatabase(kind);
  const core: CoreContext = { db: database.store.db, secrets: new SecretBox(randomBytes(32)), publicUrl: 'http://127.0.0.1', dataDir: database.env.HERALD_DATA_DIR! };
  const app = await buildApp({
    config: { bodyLimit: options.bodyLimit ?? 1024 * 1024, logLevel: process.env.HERALD_TEST_LOG ?? 'silent', publicUrl: core.publicUrl },
    store: database.store,
    core,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  core.publicUrl = baseUrl;
  const imports = options.importRunner === false ? null : startImportRunner(core, { pollMs: 50 });
  const email = options.email
    ? await startEmailDelivery(
        core,
        { poolSize: 2, bounceDomain: 'bounces.herald.test', inbound: null, dispatcher: true, allowPrivateCallbacks: true, ...options.email },
        { pollMs: 100, allowSelfSignedRelays: true, retryBaseMs: 200 },
      )
    : null;
  let n = 0;
  return {
    email,
    database,
    core,
    app,
    baseUrl,
    createAccount: (name?: string) => createAccount(core, { name: name ?? `Account ${++n}`, defaultCountry: 'GB' }),
    async close() {
      await app.close();
      await imports?.stop();
      await email?.stop();
      await database.dispose();
    },
  };
}
