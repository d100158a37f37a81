import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openRuntime } from '../server/runtime.js';

/**
 * `herald worker`: the background work of `herald serve` without the HTTP server, so several
 * processes can share the queue of one PostgreSQL database.
 */
export function workerCommand(): Command {
  return new Command('worker')
    .description('send queued messages and run imports, without the HTTP server (several may share one PostgreSQL database)')
    .action(async () => {
      // Loaded here, not at the top: every other command starts faster without the delivery code.
      const [{ startEmailDelivery }, { startSmsDelivery }, { startBounceIntake }, { startCallbackWorker }, { startImportRunner }, { startTaskRunner }] = await Promise.all([
        import('../delivery/email/start.js'),
        import('../delivery/sms/start.js'),
        import('../delivery/email/bounces/intake.js'),
        import('../delivery/callbacks/worker.js'),
        import('../core/imports/runner.js'),
        import('../core/tasks/runner.js'),
      ]);
      const config = loadConfig();
      const runtime = await openRuntime(config);
      const log = (msg: string, data?: object): void => {
        if (config.logLevel !== 'silent') console.error(JSON.stringify({ msg, ...data }));
      };
      for (const notice of runtime.notices) console.error(`warning: ${notice}`);
      const email = await startEmailDelivery(runtime.core, config.email, { log });
      if (!email) console.error('warning: no SMTP relay configured (HERALD_SMTP_RELAYS): email is not sent');
      const sms = await startSmsDelivery(runtime.core, config.sms.routes, { log, leaseMs: config.email.leaseMs });
      const inbound = config.email.inbound ? await startBounceIntake(runtime.core, { ...config.email.inbound, bounceDomain: config.email.bounceDomain, log }) : null;
      const imports = startImportRunner(runtime.core, { log });
      const tasks = startTaskRunner(runtime.core, { log });
      const callbacks = startCallbackWorker(runtime.core, { allowPrivateTargets: config.email.allowPrivateCallbacks, log });
      console.log(`herald worker ${email?.dispatcher.workerId ?? ''} running (${runtime.store.dialect})`);
      const shutdown = (): void => {
        void (async () => {
          await inbound?.close();
          await imports.stop();
          await tasks.stop();
          await email?.stop();
          await sms?.stop();
          await callbacks.stop();
          await runtime.close();
          process.exit(0);
        })();
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    });
}
