import { Command, InvalidArgumentError } from 'commander';
import { withRuntime } from './accounts.js';
import { idArgument, wholeNumber } from './arguments.js';
import { clearBilling, getAccountBilling, getAccountLedger, setBilling, topUp, type Billing, type BillingInput } from '../core/billing/billing.js';
import type { BillingChange } from '../core/billing/ledger.js';
import { parseDecimalMicros } from '../core/sms/price-list.js';

/* The operator's billing commands: what /api/v1/operator/accounts/{id}/billing offers, for the shell on the server. */

const BY_CLI = (reason: string | undefined): BillingChange => ({ actor: 'cli', reason: reason ?? '' });

function amountArgument(value: string): number {
  const micros = parseDecimalMicros(value);
  if (micros === null) throw new InvalidArgumentError('an amount is a non-negative decimal with at most 6 decimals, e.g. 12.5');
  return micros / 1_000_000;
}

function describeBilling(accountId: number, billing: Billing | null): string {
  if (billing === null) return `account ${accountId}: not metered`;
  const p = billing.package;
  const pack = p === null ? 'no package' : `package "${p.name}" ${p.mailsLeft}/${p.mailsTotal} mails left, ends ${p.endsAt ?? 'never'}, extra mail ${p.pricePerExtraMail}`;
  return `account ${accountId}: balance ${billing.balance} ${billing.currency}; ${pack}`;
}

interface SetOptions {
  currency: string;
  balance: number;
  package?: string;
  mails?: number;
  mailsLeft?: number;
  periodDays: number;
  packagePrice: number;
  extraMailPrice: number;
  endsAt?: string;
  reason?: string;
  json?: boolean;
}

function toInput(opts: SetOptions): BillingInput {
  if (opts.package === undefined) return { currency: opts.currency.toUpperCase(), balance: opts.balance, package: null };
  if (opts.mails === undefined) throw new InvalidArgumentError('--package needs --mails');
  const endsAt = opts.endsAt === undefined ? null : new Date(opts.endsAt);
  if (endsAt !== null && Number.isNaN(endsAt.getTime())) throw new InvalidArgumentError('--ends-at must be a date, e.g. 2027-01-31T00:00:00Z');
  return {
    currency: opts.currency.toUpperCase(),
    balance: opts.balance,
    package: {
      name: opts.package,
      mailsTotal: opts.mails,
      ...(opts.mailsLeft !== undefined ? { mailsLeft: opts.mailsLeft } : {}),
      periodDays: opts.periodDays,
      endsAt: endsAt === null ? null : endsAt.toISOString(),
      price: opts.packagePrice,
      pricePerExtraMail: opts.extraMailPrice,
    },
  };
}

const print = (json: boolean | undefined, accountId: number, billing: Billing | null): void => console.log(json ? JSON.stringify(billing) : describeBilling(accountId, billing));

export function billingCommand(): Command {
  const billing = new Command('billing').description("accounts' money: balance, prepaid mail package, top-ups and the ledger (every change is recorded)");
  billing
    .command('show')
    .description("print an account's balance and package")
    .argument('<accountId>', 'account id', idArgument)
    .option('--json', 'print JSON')
    .action(async (accountId: number, opts: { json?: boolean }) => {
      await withRuntime(async ({ core }) => print(opts.json, accountId, await getAccountBilling({ db: core.db, accountId })));
    });
  billing
    .command('set')
    .description('replace the balance and package; the account becomes metered')
    .argument('<accountId>', 'account id', idArgument)
    .requiredOption('--currency <code>', 'ISO 4217 code, e.g. EUR')
    .requiredOption('--balance <amount>', 'balance, e.g. 12.5', amountArgument)
    .option('--package <name>', 'a prepaid mail package of this name')
    .option('--mails <n>', 'mails the package holds', wholeNumber)
    .option('--mails-left <n>', 'mails of it not used yet (default: all)', wholeNumber)
    .option('--period-days <n>', 'length of the package period', wholeNumber, 30)
    .option('--package-price <amount>', 'price of the package', amountArgument, 0)
    .option('--extra-mail-price <amount>', 'charged per mail beyond the package', amountArgument, 0)
    .option('--ends-at <date>', 'when the package stops covering mails (default: never)')
    .option('--reason <text>', 'why, kept in the ledger')
    .option('--json', 'print JSON')
    .action(async (accountId: number, opts: SetOptions) => {
      const input = toInput(opts);
      await withRuntime(async ({ core }) => print(opts.json, accountId, await setBilling({ db: core.db, accountId }, input, BY_CLI(opts.reason))));
    });
  billing
    .command('top-up')
    .description("credit an account's balance")
    .argument('<accountId>', 'account id', idArgument)
    .argument('<amount>', 'amount, e.g. 50', amountArgument)
    .requiredOption('--reason <text>', 'why (a payment reference), kept in the ledger')
    .option('--json', 'print JSON')
    .action(async (accountId: number, amount: number, opts: { reason: string; json?: boolean }) => {
      await withRuntime(async ({ core }) => print(opts.json, accountId, await topUp({ db: core.db, accountId }, amount, BY_CLI(opts.reason))));
    });
  billing
    .command('clear')
    .description('stop metering an account: nothing is charged or refused for money')
    .argument('<accountId>', 'account id', idArgument)
    .option('--reason <text>', 'why, kept in the ledger')
    .action(async (accountId: number, opts: { reason?: string }) => {
      await withRuntime(async ({ core }) => {
        await clearBilling({ db: core.db, accountId }, BY_CLI(opts.reason));
        console.log(`account ${accountId}: not metered`);
      });
    });
  billing
    .command('ledger')
    .description("print an account's ledger, newest first (tab-separated: id, time, who, kind, amount, balance after, package mails, reason)")
    .argument('<accountId>', 'account id', idArgument)
    .option('--limit <n>', 'at most this many (up to 500)', idArgument, 100)
    .option('--offset <n>', 'skip this many', wholeNumber, 0)
    .option('--json', 'print JSON')
    .action(async (accountId: number, opts: { limit: number; offset: number; json?: boolean }) => {
      await withRuntime(async ({ core }) => {
        const page = await getAccountLedger({ db: core.db, accountId }, { limit: opts.limit, offset: opts.offset });
        if (opts.json) return console.log(JSON.stringify(page));
        for (const e of page.items) console.log([e.id, e.at, e.actor, e.kind, e.amount, e.balanceAfter, e.packageMails, e.reason].join('\t'));
        console.log(`${page.items.length} of ${page.total} entries`);
      });
    });
  return billing;
}
