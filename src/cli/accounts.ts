import { Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { openRuntime, formatCreatedAccount, type Runtime } from '../server/runtime.js';
import { createAccount, getAccount, listAccounts } from '../core/accounts/accounts.js';

function accountId(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('an account id is a whole number');
  return Number(value);
}

/** Opens the configured database for one command and closes it after, whatever happens. */
export async function withRuntime<T>(fn: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig());
  try {
    return await fn(runtime);
  } finally {
    await runtime.close();
  }
}

export function accountsCommand(): Command {
  const accounts = new Command('accounts').description('manage accounts (tenants) and their API credentials');

  accounts
    .command('create')
    .description('create an account; its credentials are printed once')
    .requiredOption('--name <name>', 'account name')
    .option('--country <code>', 'default country for phone numbers (ISO-3166 alpha-2)')
    .option('--json', 'print the account and credentials as JSON')
    .action(async (opts: { name: string; country?: string; json?: boolean }) => {
      await withRuntime(async ({ core }) => {
        const created = await createAccount(core, { name: opts.name, defaultCountry: opts.country?.toUpperCase() ?? null });
        const view = formatCreatedAccount(created);
        if (opts.json) {
          console.log(JSON.stringify(view));
          return;
        }
        const c = created.credentials;
        console.log(`account ${created.id} "${created.name}" created; keep these credentials, they are not shown again:`);
        console.log(`  native API key            ${c.native.apiKey}`);
        console.log(`  SmartFocus login/pw/key   ${c.smartfocus.login} / ${c.smartfocus.password} / ${c.smartfocus.key}`);
        console.log(`  Mobizon API key           ${c.mobizon.apiKey}`);
        console.log(`  FranchiseMailer keys      access ${c.franchisemailer.accessKey} secret ${c.franchisemailer.secretKey} (IPs ${c.franchisemailer.allowedIps.join(', ')})`);
        console.log(`  SendExpert user id / key  ${c.sendexpert.userId} / ${c.sendexpert.key}`);
      });
    });

  accounts
    .command('list')
    .description('list accounts')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async ({ core }) => {
        const all = await listAccounts(core);
        if (opts.json) {
          console.log(JSON.stringify(all));
          return;
        }
        for (const a of all) console.log(`${a.id}\t${a.name}\tcreated ${a.createdAt}`);
        if (all.length === 0) console.log('no accounts');
      });
    });

  accounts
    .command('show')
    .description('show an account (identifiers only; secrets are never shown again)')
    .argument('<id>', 'account id', accountId)
    .option('--json', 'print JSON')
    .action(async (id: number, opts: { json?: boolean }) => {
      await withRuntime(async ({ core }) => {
        const a = await getAccount(core, id);
        if (opts.json) {
          console.log(JSON.stringify(a));
          return;
        }
        console.log(`${a.id}\t${a.name}\ncreated\t${a.createdAt}\nSmartFocus login\t${a.smartfocusLogin}\nFranchiseMailer access key\t${a.franchisemailer.accessKey}\nFranchiseMailer allowed IPs\t${a.franchisemailer.allowedIps.join(', ')}\nSendExpert user id\t${a.sendexpertUserId}`);
      });
    });
  return accounts;
}
