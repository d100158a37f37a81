import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from './runtime.js';
import { buildApp } from './app.js';
import { startImportRunner } from '../core/imports/runner.js';
import { startTaskRunner } from '../core/tasks/runner.js';
import { startEmailDelivery } from '../delivery/email/start.js';
import { startSmsDelivery } from '../delivery/sms/start.js';
import { startBounceIntake } from '../delivery/email/bounces/intake.js';
import { startCallbackWorker } from '../delivery/callbacks/worker.js';

export interface RunningServer {
  http: FastifyInstance;
  https: FastifyInstance | null;
  /** Stops accepting, lets in-flight requests finish, closes the database. */
  stop(): Promise<void>;
}

export async function startServer(runtime: Runtime): Promise<RunningServer> {
  const { config } = runtime;
  const http = await buildApp({ config, store: runtime.store, core: runtime.core });
  let https: FastifyInstance | null = null;
  if (config.tls) {
    https = await buildApp({
      config,
      store: runtime.store,
      core: runtime.core,
      https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
    });
    // HTTPS first: once /readyz answers on the HTTP port, both ports take requests.
    await https.listen({ host: config.host, port: config.tls.port });
  }
  await http.listen({ host: config.host, port: config.port });
  for (const notice of runtime.notices) http.log.warn(notice);
  // Background imports: resumes jobs a killed process left behind, then runs queued ones.
  const imports = startImportRunner(runtime.core, { log: (msg, data) => http.log.info(data ?? {}, msg) });
  // Background tasks (recipients from groups and files): also resumes those a killed process left.
  const tasks = startTaskRunner(runtime.core, { log: (msg, data) => http.log.info(data ?? {}, msg) });
  const log = (msg: string, data?: object): void => http.log.info(data ?? {}, msg);
  const email = config.email.dispatcher ? await startEmailDelivery(runtime.core, config.email, { log }) : null;
  if (config.email.dispatcher && !email) http.log.warn('no SMTP relay configured (HERALD_SMTP_RELAYS): accepted email waits in the queue');
  if (!config.systemFrom) http.log.warn('no address for Herald\'s own mail (HERALD_SYSTEM_FROM unset, and HERALD_BOUNCE_DOMAIN or the public URL host is no domain name): senders cannot be added, their verification mail could not be sent');
  const sms = config.email.dispatcher ? await startSmsDelivery(runtime.core, config.sms.routes, { log, leaseMs: config.email.leaseMs }) : null;
  // Bounces and complaints that arrive after sending (HERALD_INBOUND_SMTP_PORT).
  const inbound = config.email.inbound ? await startBounceIntake(runtime.core, { ...config.email.inbound, bounceDomain: config.email.bounceDomain, log }) : null;
  // Callbacks go with the dispatcher: where separate `herald worker` processes send, they post too.
  const callbacks = config.email.dispatcher ? startCallbackWorker(runtime.core, { allowPrivateTargets: config.email.allowPrivateCallbacks, log }) : null;
  let stopping: Promise<void> | null = null;
  return {
    http,
    https,
    stop() {
      stopping ??= (async () => {
        await Promise.all([http.close(), https?.close(), inbound?.close()]);
        // After the current batch the running import goes back to the queue (resumed on next start).
        await imports.stop();
        await tasks.stop();
        // In-flight attempts finish and are recorded; queued mail stays queued for the next start.
        await email?.stop();
        await sms?.stop();
        // POSTs in flight finish and are recorded; the rest stays in the outbox.
        await callbacks?.stop();
        await runtime.close();
      })();
      return stopping;
    },
  };
}
