import { Command, InvalidArgumentError } from 'commander';
import { withRuntime } from './accounts.js';
import { deletePriceOf, formatMicros, listPrices, parseDecimalMicros, upsertPrices } from '../core/sms/price-list.js';
import { deleteExchangeRate, listExchangeRates, parseRate, setExchangeRates } from '../core/sms/exchange-rates.js';
import { addToStopList, listStopList, removeFromStopList } from '../core/sms/stop-list.js';
import { listCampaignsByStatus, getQueuedCampaign } from '../core/sms/moderation-queue.js';
import { approveCampaign, declineCampaign } from '../core/sms/campaigns/sending.js';
import { getSmsSettings, updateSmsSettings, type SmsSettings } from '../core/accounts/sms-settings.js';
import { choiceArgument, idArgument } from './arguments.js';

/* The operator's SMS commands: what /api/v1/operator offers, for the shell on the server. */


function priceArgument(value: string): string {
  if (parseDecimalMicros(value) === null) throw new InvalidArgumentError('a price is a non-negative decimal with at most 6 decimals, e.g. 0.035');
  return value;
}

/** 'all' rather than null: commander turns a null from a parser into `true`. */
function countriesArgument(value: string): string[] | 'all' {
  if (value.trim().toLowerCase() === 'all') return 'all';
  if (value.trim() === '') return [];
  return value.split(',').map((c) => c.trim()).filter((c) => c !== '');
}

const describeSettings = (s: SmsSettings): string => `moderation ${s.moderation ? 'on' : 'off'}; allowed countries ${s.allowedCountries === null ? 'all' : s.allowedCountries.length === 0 ? 'none' : s.allowedCountries.join(',')}`;

function pricesCommand(): Command {
  const prices = new Command('prices').description('the SMS price list (per segment, in the account currency)');
  prices
    .command('list')
    .description('print the price list')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async ({ core }) => {
        const rows = await listPrices(core.db);
        if (opts.json) return console.log(JSON.stringify(rows.map((r) => ({ ...r, price: formatMicros(r.priceMicros) }))));
        for (const r of rows) console.log(`${r.country}\t${r.operator ?? '(all operators)'}\t${formatMicros(r.priceMicros)}`);
        if (rows.length === 0) console.log('no prices: metered accounts cannot send SMS');
      });
    });
  prices
    .command('set')
    .description('set the price of a country (or of one of its operators; * = every other destination)')
    .argument('<country>', 'ISO 3166 alpha-2 code, or * for the default')
    .argument('<price>', 'price per segment, e.g. 0.035', priceArgument)
    .option('--operator <name>', 'only this operator of the country')
    .action(async (country: string, price: string, opts: { operator?: string }) => {
      await withRuntime(async ({ core }) => {
        const [row] = await upsertPrices(core.db, [{ country, price, operator: opts.operator ?? null }]);
        console.log(`${row!.country}${row!.operator ? ` ${row!.operator}` : ''}: ${formatMicros(row!.priceMicros)} per segment`);
      });
    });
  prices
    .command('delete')
    .description('delete the row of a country (or of one of its operators)')
    .argument('<country>', 'ISO 3166 alpha-2 code, or *')
    .option('--operator <name>', 'the row of this operator')
    .action(async (country: string, opts: { operator?: string }) => {
      await withRuntime(async ({ core }) => {
        await deletePriceOf(core.db, country, opts.operator ?? null);
        console.log('deleted');
      });
    });
  return prices;
}

function rateArgument(value: string): string {
  if (parseRate(value) === null) throw new InvalidArgumentError('a rate is a positive decimal with at most 12 decimals, e.g. 0.0021');
  return value;
}

function ratesCommand(): Command {
  const rates = new Command('rates').description('exchange rates: SMS prices asked for in another currency than the account\'s are converted by them');
  rates
    .command('list')
    .description('print the exchange rates')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async ({ core }) => {
        const rows = await listExchangeRates(core.db);
        if (opts.json) return console.log(JSON.stringify(rows));
        for (const r of rows) console.log(`1 ${r.from} = ${r.rate} ${r.to}\t${r.updatedAt}`);
        if (rows.length === 0) console.log('no exchange rates: prices are answered in the account currency only');
      });
    });
  rates
    .command('set')
    .description('set how many units of TO one unit of FROM is worth')
    .argument('<from>', 'ISO 4217 code, e.g. KZT')
    .argument('<to>', 'ISO 4217 code, e.g. USD')
    .argument('<rate>', 'units of TO per unit of FROM, e.g. 0.0021', rateArgument)
    .action(async (from: string, to: string, rate: string) => {
      await withRuntime(async ({ core }) => {
        const [row] = await setExchangeRates(core.db, [{ from, to, rate }]);
        console.log(`1 ${row!.from} = ${row!.rate} ${row!.to}`);
      });
    });
  rates
    .command('delete')
    .description('delete the rate of a currency pair')
    .argument('<from>', 'ISO 4217 code')
    .argument('<to>', 'ISO 4217 code')
    .action(async (from: string, to: string) => {
      await withRuntime(async ({ core }) => {
        await deleteExchangeRate(core.db, from, to);
        console.log('deleted');
      });
    });
  return rates;
}

function stopListCommand(): Command {
  const stop = new Command('stop-list').description('the system stop-list: numbers no account may send SMS to');
  stop
    .command('add')
    .description('add numbers (international format)')
    .argument('<numbers...>', 'numbers')
    .action(async (numbers: string[]) => {
      await withRuntime(async ({ core }) => {
        const entries = await addToStopList(core.db, null, numbers);
        for (const e of entries) console.log(`${e.number}\tstop-listed`);
      });
    });
  stop
    .command('remove')
    .description('take a number off the list')
    .argument('<number>', 'number')
    .action(async (number: string) => {
      await withRuntime(async ({ core }) => {
        await removeFromStopList(core.db, null, number);
        console.log(`${number}\tremoved`);
      });
    });
  stop
    .command('list')
    .description('print the list, newest first')
    .option('--search <digits>', 'only numbers containing these digits')
    .option('--limit <n>', 'at most this many', idArgument, 1000)
    .option('--json', 'print JSON')
    .action(async (opts: { search?: string; limit: number; json?: boolean }) => {
      await withRuntime(async ({ core }) => {
        const page = await listStopList(core.db, null, { limit: opts.limit, offset: 0, ...(opts.search ? { search: opts.search } : {}) });
        if (opts.json) return console.log(JSON.stringify(page));
        for (const e of page.items) console.log(`${e.number}\t${e.createdAt}`);
        console.log(`${page.total} number(s)`);
      });
    });
  return stop;
}

function moderationCommand(): Command {
  const moderation = new Command('moderation').description('SMS campaigns waiting for a moderator');
  moderation
    .command('list')
    .description('campaigns waiting for approval, oldest first')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withRuntime(async ({ core }) => {
        const page = await listCampaignsByStatus(core.db, { status: 'MODERATION', limit: 500, offset: 0 });
        if (opts.json) return console.log(JSON.stringify(page));
        for (const c of page.items) console.log(`${c.id}\taccount ${c.accountId} (${c.accountName})\t${c.recipients} recipient(s)\tfrom "${c.sender}"\t${JSON.stringify(c.text)}`);
        if (page.total === 0) console.log('no campaigns waiting for moderation');
      });
    });
  moderation
    .command('approve')
    .description('let a campaign go')
    .argument('<id>', 'campaign id', idArgument)
    .action(async (id: number) => {
      await withRuntime(async ({ core }) => {
        await approveCampaign(core.db, id);
        console.log(`campaign ${id} ${(await getQueuedCampaign(core.db, id)).status}`);
      });
    });
  moderation
    .command('decline')
    .description('refuse a campaign; the account sees the comment')
    .argument('<id>', 'campaign id', idArgument)
    .requiredOption('--comment <text>', 'why')
    .action(async (id: number, opts: { comment: string }) => {
      await withRuntime(async ({ core }) => {
        await declineCampaign(core.db, id, opts.comment);
        console.log(`campaign ${id} ${(await getQueuedCampaign(core.db, id)).status}`);
      });
    });
  return moderation;
}

function settingsCommand(): Command {
  return new Command('settings')
    .description("show or change an account's SMS settings")
    .argument('<accountId>', 'account id', idArgument)
    .option('--moderation <on|off>', 'campaigns wait for a moderator', choiceArgument(['on', 'off'] as const))
    .option('--countries <list>', 'comma-separated ISO codes the account may send to (KZ,RU), or "all"', countriesArgument)
    .option('--json', 'print JSON')
    .action(async (accountId: number, opts: { moderation?: 'on' | 'off'; countries?: string[] | 'all'; json?: boolean }) => {
      await withRuntime(async ({ core }) => {
        const changes = {
          ...(opts.moderation !== undefined ? { moderation: opts.moderation === 'on' } : {}),
          ...(opts.countries !== undefined ? { allowedCountries: opts.countries === 'all' ? null : opts.countries } : {}),
        };
        const settings = Object.keys(changes).length > 0 ? await updateSmsSettings(core.db, accountId, changes) : await getSmsSettings(core.db, accountId);
        console.log(opts.json ? JSON.stringify(settings) : `account ${accountId}: ${describeSettings(settings)}`);
      });
    });
}

export function smsCommand(): Command {
  const sms = new Command('sms').description('operator settings of SMS: prices, exchange rates, system stop-list, moderation, account settings');
  sms.addCommand(pricesCommand());
  sms.addCommand(ratesCommand());
  sms.addCommand(stopListCommand());
  sms.addCommand(moderationCommand());
  sms.addCommand(settingsCommand());
  return sms;
}
