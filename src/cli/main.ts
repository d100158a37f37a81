import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig } from '../config.js';
import { openRuntime } from '../server/runtime.js';
import { accountsCommand } from './accounts.js';
import { importCommand } from './import.js';
import { exportCommand } from './export.js';
import { workerCommand } from './worker.js';
import { dkimCommand } from './dkim.js';
import { sendersCommand } from './senders.js';
import { smsCommand } from './sms.js';
import { billingCommand } from './billing.js';
import { remoteCommand } from './remote.js';

export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a positive whole number');
  return Number(value);
}

const program = new Command()
  .name('herald')
  .description('Herald: self-hosted contacts, email and SMS with the SmartFocus, Mobizon, FranchiseMailer and SendExpert APIs')
  .showHelpAfterError()
  // For the `remote` commands, which talk to a running Herald through its native API.
  .option('--url <url>', 'remote commands: the Herald server, e.g. http://127.0.0.1:8080 (env HERALD_URL)')
  .option('--api-key <key>', "remote commands: the account's native API key (env HERALD_API_KEY)");

program
  .command('serve')
  .description('run the HTTP server (all API faces) on HERALD_HOST:HERALD_PORT')
  .action(async () => (await import('./serve.js')).serveCommand());

program
  .command('migrate')
  .description('create or upgrade the database schema, then exit')
  .action(async () => {
    const runtime = await openRuntime(loadConfig());
    console.log(`database schema is up to date (${runtime.store.dialect})`);
    await runtime.close();
  });

program.addCommand(accountsCommand());
program.addCommand(importCommand());
program.addCommand(exportCommand());
program.addCommand(workerCommand());
program.addCommand(dkimCommand());
program.addCommand(sendersCommand());
program.addCommand(smsCommand());
program.addCommand(billingCommand());
program.addCommand(remoteCommand());
program.addCommand((await import('./smsc-sim.js')).smscSimCommand());

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(`configuration error: ${err.message}`);
    process.exit(2);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
