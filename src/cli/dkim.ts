import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openRuntime, type Runtime } from '../server/runtime.js';
import { getAccount } from '../core/accounts/accounts.js';
import type { AccountScope } from '../core/context.js';
import { createDkimKey, listDkimKeys, type DkimDomain } from '../core/senders/dkim-keys.js';
import { idArgument } from './arguments.js';

/** Opens the runtime, checks the account exists (a clear message rather than a foreign-key error). */
export async function withAccount<T>(accountId: number, fn: (runtime: Runtime, scope: AccountScope) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig());
  try {
    await getAccount(runtime.core, accountId);
    return await fn(runtime, { db: runtime.core.db, accountId });
  } finally {
    await runtime.close();
  }
}

function printRecord(d: DkimDomain): void {
  console.log(`DKIM key ${d.id} for ${d.domain} (selector ${d.selector}). Publish this DNS record:`);
  console.log(`  name   ${d.dnsRecord.name}`);
  console.log(`  type   TXT`);
  console.log(`  value  ${d.dnsRecord.value}`);
  console.log(`zone file line:`);
  console.log(`${d.dnsRecord.name}. IN TXT ${d.dnsRecord.zoneValue}`);
}

export function dkimCommand(): Command {
  const dkim = new Command('dkim').description('DKIM signing keys of sending domains');

  dkim
    .command('create')
    .description('generate a signing key for a domain and print the DNS record to publish')
    .requiredOption('--account <id>', 'account id', idArgument)
    .requiredOption('--domain <domain>', 'sending domain, e.g. example.com')
    .option('--selector <selector>', 'DNS label naming the key', 'herald')
    .option('--json', 'print JSON')
    .action(async (opts: { account: number; domain: string; selector: string; json?: boolean }) => {
      await withAccount(opts.account, async ({ core }, scope) => {
        const created = await createDkimKey(core, scope, opts.domain, opts.selector);
        if (opts.json) console.log(JSON.stringify(created));
        else printRecord(created);
        // A running server reloads its keys every 30 s; mail from the domain is signed after that.
      });
    });

  dkim
    .command('list')
    .description("list an account's signing domains with their DNS records")
    .requiredOption('--account <id>', 'account id', idArgument)
    .option('--json', 'print JSON')
    .action(async (opts: { account: number; json?: boolean }) => {
      await withAccount(opts.account, async (_runtime, scope) => {
        const all = await listDkimKeys(scope);
        if (opts.json) {
          console.log(JSON.stringify(all));
          return;
        }
        for (const d of all) console.log(`${d.id}\t${d.domain}\t${d.dnsRecord.name}\tTXT\t${d.dnsRecord.value}`);
        if (all.length === 0) console.log('no DKIM domains');
      });
    });
  return dkim;
}
