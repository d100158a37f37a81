import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openRuntime } from '../server/runtime.js';
import { getAccount } from '../core/accounts/accounts.js';
import { CONTACT_STATUSES, type ContactStatus } from '../core/audience/contacts/contacts.js';
import { exportContacts, type ExportFilter, type ExportFormat } from '../core/exports/export.js';
import { choiceArgument, idArgument } from './arguments.js';

interface ExportFlags {
  account: number;
  format?: ExportFormat;
  output?: string;
  office?: number;
  group?: number;
  status?: ContactStatus;
  search?: string;
}

async function runExport(flags: ExportFlags): Promise<void> {
  const format: ExportFormat = flags.format ?? (flags.output?.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
  const filter: ExportFilter = {};
  if (flags.office !== undefined) filter.officeId = flags.office;
  if (flags.group !== undefined) filter.groupId = flags.group;
  if (flags.status !== undefined) filter.status = flags.status;
  if (flags.search !== undefined) filter.search = flags.search;
  const runtime = await openRuntime(loadConfig());
  try {
    await getAccount(runtime.core, flags.account);
    const source = exportContacts({ db: runtime.core.db, accountId: flags.account }, filter, format);
    // stdout must not be ended by the pipeline; a file must be, so its bytes are flushed.
    if (flags.output) await pipeline(source, createWriteStream(flags.output));
    else await pipeline(source, process.stdout, { end: false });
  } finally {
    await runtime.close();
  }
}

export function exportCommand(): Command {
  return new Command('export')
    .description('export contacts as CSV (RFC 4180, UTF-8) or XLSX to a file or stdout; formula-like cells get a leading \'')
    .requiredOption('--account <id>', 'account id', idArgument)
    .option('--format <format>', 'csv or xlsx (default: from the --output extension, else csv)', choiceArgument<ExportFormat>(['csv', 'xlsx']))
    .option('--output <file>', 'write to this file instead of stdout')
    .option('--office <id>', 'only contacts of this office', idArgument)
    .option('--group <id>', 'only contacts in this group', idArgument)
    .option('--status <status>', `only contacts with this status (${CONTACT_STATUSES.join(', ')})`, choiceArgument(CONTACT_STATUSES))
    .option('--search <text>', 'only contacts whose name, email or phone contains this text')
    .action((flags: ExportFlags) => runExport(flags));
}
