import { Command } from 'commander';
import { HeraldApiError, createHeraldClient, unwrap, type HeraldClient, type HeraldSchemas } from '../clients/native/index.js';
import { choiceArgument, idArgument, wholeNumber } from './arguments.js';

/*
 * `herald --url … --api-key … remote …`: commands against a running Herald over its native API,
 * through the generated client (src/clients/native), as any other program would call it. The
 * local commands (accounts, sms, import…) open the database instead; these need only a key.
 */

interface RemoteOptions {
  url?: string;
  apiKey?: string;
}

/** The client for the global --url / --api-key (or HERALD_URL / HERALD_API_KEY) of a command. */
function clientOf(command: Command): HeraldClient {
  const globals = command.optsWithGlobals<RemoteOptions>();
  const baseUrl = globals.url ?? process.env.HERALD_URL;
  const apiKey = globals.apiKey ?? process.env.HERALD_API_KEY;
  if (!baseUrl) throw new Error('remote commands need the server: --url <url> or HERALD_URL');
  if (!apiKey) throw new Error("remote commands need the account's native API key: --api-key <key> or HERALD_API_KEY");
  return createHeraldClient({ baseUrl, apiKey });
}

/** An action whose API errors read as `not_found (404): Contact not found; email: invalid …`. */
function act<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await fn(...args);
    } catch (err) {
      if (!(err instanceof HeraldApiError)) throw err;
      const details = err.details.map((d) => `${d.field || '(body)'}: ${d.message}`);
      throw new Error([`${err.code} (${err.status}): ${err.message}`, ...details].join('; '), { cause: err });
    }
  };
}

/** Prints JSON with --json, else the human lines. */
function print(json: boolean | undefined, data: unknown, lines: () => string[]): void {
  if (json) console.log(JSON.stringify(data));
  else for (const line of lines()) console.log(line);
}

type Contact = HeraldSchemas['Contact'];
type Campaign = HeraldSchemas['SmsCampaign'];

const CAMPAIGN_STATUSES = ['NEW', 'MODERATION', 'DECLINED', 'READY_FOR_SEND', 'AUTO_READY_FOR_SEND', 'DEFERRED', 'RUNNING', 'SENT', 'DONE', 'NOT_YET_SENT'] as const;

const contactLine = (c: Contact): string => [c.id, c.officeId, c.email ?? '', c.mobile, `${c.firstName} ${c.lastName}`.trim(), c.status].join('\t');
const campaignLine = (c: Campaign): string => [c.id, c.status, c.type, c.counters.totalMessages, c.name || c.text].join('\t');

function accountCommand(): Command {
  const account = new Command('account').description('the calling account');
  account
    .command('show')
    .description('print the account settings')
    .option('--json', 'print JSON')
    .action(act(async (opts: { json?: boolean }, cmd: Command) => {
      const data = unwrap(await clientOf(cmd).GET('/api/v1/account'));
      print(opts.json, data, () => [`name ${data.name}`, `time zone ${data.timeZone}`, `send rate limit ${data.sendRateLimit}/s`, `retry window ${data.retryHours} h`]);
    }));
  return account;
}

function officesCommand(): Command {
  const offices = new Command('offices').description('offices of the account');
  offices
    .command('list')
    .description('list offices')
    .option('--json', 'print JSON')
    .action(act(async (opts: { json?: boolean }, cmd: Command) => {
      const data = unwrap(await clientOf(cmd).GET('/api/v1/offices'));
      print(opts.json, data, () => (data.items.length === 0 ? ['no offices'] : data.items.map((o) => `${o.id}\t${o.name}`)));
    }));
  return offices;
}

function contactsCommand(): Command {
  const contacts = new Command('contacts').description('contacts of the account');
  contacts
    .command('list')
    .description('list contacts (tab-separated: id, office, email, mobile, name, status)')
    .option('--office <id>', 'only this office', idArgument)
    .option('--group <id>', 'only this group', idArgument)
    .option('--status <status>', 'Permitted, Dormant or Excluded', choiceArgument(['Permitted', 'Dormant', 'Excluded'] as const))
    .option('--search <text>', 'part of a name, email or phone')
    .option('--limit <n>', 'page size (at most 500)', idArgument)
    .option('--offset <n>', 'skip this many', wholeNumber)
    .option('--json', 'print JSON')
    .action(act(async (opts: { office?: number; group?: number; status?: Contact['status']; search?: string; limit?: number; offset?: number; json?: boolean }, cmd: Command) => {
      const query = { officeId: opts.office, groupId: opts.group, status: opts.status, search: opts.search, limit: opts.limit, offset: opts.offset };
      const data = unwrap(await clientOf(cmd).GET('/api/v1/contacts', { params: { query } }));
      print(opts.json, data, () => [...data.items.map(contactLine), `${data.items.length} of ${data.total}`]);
    }));
  contacts
    .command('get')
    .description('print one contact')
    .argument('<id>', 'contact id', idArgument)
    .option('--json', 'print JSON')
    .action(act(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      const data = unwrap(await clientOf(cmd).GET('/api/v1/contacts/{id}', { params: { path: { id } } }));
      print(opts.json, data, () => [contactLine(data)]);
    }));
  contacts
    .command('create')
    .description('create a contact (an email or a mobile is required)')
    .requiredOption('--office <id>', 'office id; 0 allocates the office by post code', wholeNumber)
    .option('--email <email>')
    .option('--mobile <number>')
    .option('--first-name <name>')
    .option('--last-name <name>')
    .option('--post-code <code>')
    .option('--country <code>', 'ISO 3166 alpha-2 or alpha-3')
    .option('--json', 'print JSON')
    .action(act(async (opts: { office: number; email?: string; mobile?: string; firstName?: string; lastName?: string; postCode?: string; country?: string; json?: boolean }, cmd: Command) => {
      const body = { officeId: opts.office, email: opts.email, mobile: opts.mobile, firstName: opts.firstName, lastName: opts.lastName, postCode: opts.postCode, country: opts.country };
      // The API refuses unknown fields but not absent ones: drop the options not given.
      const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as typeof body;
      const data = unwrap(await clientOf(cmd).POST('/api/v1/contacts', { body: defined }));
      print(opts.json, data, () => [`contact ${data.id} created in office ${data.officeId}`]);
    }));
  contacts
    .command('delete')
    .description('delete a contact')
    .argument('<id>', 'contact id', idArgument)
    .action(act(async (id: number, _opts: unknown, cmd: Command) => {
      unwrap(await clientOf(cmd).DELETE('/api/v1/contacts/{id}', { params: { path: { id } } }));
      console.log(`contact ${id} deleted`);
    }));
  return contacts;
}

function messagesCommand(): Command {
  const messages = new Command('messages').description('messages sent by the account');
  messages
    .command('send-sms')
    .description('send one SMS')
    .requiredOption('--to <number>', 'recipient number')
    .requiredOption('--text <text>', 'message text')
    .option('--from <sender>', 'a sender id registered for the account')
    .option('--json', 'print JSON')
    .action(act(async (opts: { to: string; text: string; from?: string; json?: boolean }, cmd: Command) => {
      const body = { to: opts.to, text: opts.text, ...(opts.from === undefined ? {} : { from: opts.from }) };
      const data = unwrap(await clientOf(cmd).POST('/api/v1/messages/sms', { body }));
      print(opts.json, data, () => [`sms ${data.id} queued: ${data.segments} segment(s), cost ${data.cost}`]);
    }));
  messages
    .command('get')
    .description('print one email message and its delivery status')
    .argument('<id>', 'message id', idArgument)
    .option('--json', 'print JSON')
    .action(act(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      const data = unwrap(await clientOf(cmd).GET('/api/v1/messages/{id}', { params: { path: { id } } }));
      print(opts.json, data, () => [`${data.id}\t${data.status}\t${data.to}\t${data.subject}`]);
    }));
  return messages;
}

function campaignsCommand(): Command {
  const campaigns = new Command('campaigns').description('SMS campaigns');
  campaigns
    .command('list')
    .description('list campaigns (tab-separated: id, status, type, messages, name or text)')
    .option('--status <status>', CAMPAIGN_STATUSES.join(', '), choiceArgument(CAMPAIGN_STATUSES))
    .option('--json', 'print JSON')
    .action(act(async (opts: { status?: (typeof CAMPAIGN_STATUSES)[number]; json?: boolean }, cmd: Command) => {
      const data = unwrap(await clientOf(cmd).GET('/api/v1/sms/campaigns', { params: { query: { status: opts.status } } }));
      print(opts.json, data, () => [...data.items.map(campaignLine), `${data.items.length} of ${data.total}`]);
    }));
  campaigns
    .command('get')
    .description('print one campaign with its counters')
    .argument('<id>', 'campaign id', idArgument)
    .option('--json', 'print JSON')
    .action(act(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      const data = unwrap(await clientOf(cmd).GET('/api/v1/sms/campaigns/{id}', { params: { path: { id } } }));
      print(opts.json, data, () => [campaignLine(data), `segments ${data.counters.totalSegments}, cost ${data.counters.totalCost}`]);
    }));
  campaigns
    .command('create')
    .description('create a mass campaign')
    .requiredOption('--text <text>', 'message text')
    .option('--name <name>', 'for your own reference')
    .option('--from <sender>', 'a sender id registered for the account')
    .option('--json', 'print JSON')
    .action(act(async (opts: { text: string; name?: string; from?: string; json?: boolean }, cmd: Command) => {
      const body = { text: opts.text, ...(opts.name === undefined ? {} : { name: opts.name }), ...(opts.from === undefined ? {} : { from: opts.from }) };
      const data = unwrap(await clientOf(cmd).POST('/api/v1/sms/campaigns', { body }));
      print(opts.json, data, () => [`campaign ${data.id} created`]);
    }));
  campaigns
    .command('add-recipients')
    .description('add recipient numbers (at most 500 at a time)')
    .argument('<id>', 'campaign id', idArgument)
    .argument('<numbers...>', 'phone numbers')
    .option('--json', 'print JSON')
    .action(act(async (id: number, numbers: string[], opts: { json?: boolean }, cmd: Command) => {
      const body = { recipients: numbers.map((number) => ({ number })) };
      const data = unwrap(await clientOf(cmd).POST('/api/v1/sms/campaigns/{id}/recipients', { params: { path: { id } }, body }));
      // Numbers are added at once (200); only group ids would make a background task (202).
      if (!('added' in data)) return print(opts.json, data, () => [`task ${data.id} ${data.status}`]);
      print(opts.json, data, () => [`${data.added} added, ${data.rejected} rejected`, ...data.results.filter((r) => r.code !== 0).map((r) => `${r.number ?? r.contactId}\t${r.reason}`)]);
    }));
  campaigns
    .command('send')
    .description('charge the campaign and start sending it (or hand it to moderation)')
    .argument('<id>', 'campaign id', idArgument)
    .option('--json', 'print JSON')
    .action(act(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      const data = unwrap(await clientOf(cmd).POST('/api/v1/sms/campaigns/{id}/send', { params: { path: { id } } }));
      print(opts.json, data, () => [`campaign ${id}: ${data.status}`]);
    }));
  return campaigns;
}

export function remoteCommand(): Command {
  const remote = new Command('remote').description("a running Herald over its native API (global --url and --api-key, or HERALD_URL and HERALD_API_KEY)");
  remote.addCommand(accountCommand());
  remote.addCommand(officesCommand());
  remote.addCommand(contactsCommand());
  remote.addCommand(messagesCommand());
  remote.addCommand(new Command('sms').description('SMS campaigns of the account').addCommand(campaignsCommand()));
  return remote;
}
