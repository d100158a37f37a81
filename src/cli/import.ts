import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.js';
import { openRuntime } from '../server/runtime.js';
import { getAccount } from '../core/accounts/accounts.js';
import type { AccountScope } from '../core/context.js';
import { createImport, getImport } from '../core/imports/jobs.js';
import { jobFiles } from '../core/imports/files.js';
import { PENDING_IMPORT_STATUSES, type ColumnMapping, type DedupKey, type ImportJob, type ImportMode, type ImportOptions } from '../core/imports/types.js';
import { choiceArgument, idArgument, idListArgument } from './arguments.js';

interface ImportFlags {
  account: number;
  group: number[];
  mode: ImportMode;
  office?: number;
  dedup: DedupKey;
  encoding?: string;
  delimiter?: string;
  header: boolean;
  mapping?: string;
  dateFormat?: string;
  json?: boolean;
}

/** Exit codes scripts can branch on. */
const EXIT = { done: 0, done_with_errors: 3, error: 1, failed: 1 } as const;
const POLL_MS = 200;

function officeArgument(value: string): number {
  if (value === '0') return 0;
  return idArgument(value);
}

function toOptions(flags: ImportFlags): ImportOptions {
  const options: ImportOptions = {
    mode: flags.mode,
    header: flags.header,
    dedupKey: flags.dedup,
    skipUnsubscribedAndHardBounced: false,
    groupIds: [...new Set(flags.group)],
    officeId: flags.office ?? null,
  };
  if (flags.encoding) options.encoding = flags.encoding;
  // `--delimiter '\t'` as typed in a shell means TAB.
  if (flags.delimiter) options.delimiter = flags.delimiter === '\\t' ? '\t' : flags.delimiter;
  if (flags.dateFormat) options.dateFormat = flags.dateFormat;
  if (flags.mapping) {
    try {
      options.mapping = JSON.parse(flags.mapping) as ColumnMapping[];
    } catch {
      throw new InvalidArgumentError('--mapping must be JSON: [{"column":1,"field":"email","replace":true}, …]');
    }
  }
  return options;
}

const isPending = (job: ImportJob) => PENDING_IMPORT_STATUSES.includes(job.status);

/** Polls the job ~5×/s, drawing a bar (percent by bytes read, rows/s, ETA) on stderr unless quiet. */
async function followJob(scope: AccountScope, first: ImportJob, quiet: boolean): Promise<ImportJob> {
  const bar = quiet
    ? null
    : new cliProgress.SingleBar(
        { format: '{bar} {percentage}% | {rows} rows | {speed} rows/s | ETA {eta_formatted} | {status}', hideCursor: true, etaBuffer: 25, fps: 5 },
        cliProgress.Presets.shades_classic,
      );
  bar?.start(100, 0, { rows: 0, speed: 0, status: first.status });
  const began = Date.now();
  let job = first;
  try {
    while (isPending(job)) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      job = await getImport(scope, job.id);
      const since = job.startedAt ? Date.parse(job.startedAt) : began;
      const seconds = Math.max(0.001, (Date.now() - since) / 1000);
      bar?.update(Math.min(100, Math.floor(job.progress)), { rows: job.counters.read, speed: Math.round(job.counters.read / seconds), status: job.status });
    }
  } finally {
    bar?.stop();
  }
  return job;
}

function printSummary(job: ImportJob, files: { log: string; bad: string }): void {
  const c = job.counters;
  console.log(`import ${job.id} ${job.status}: read ${c.read}, inserted ${c.inserted}, updated ${c.updated}, unchanged ${c.unchanged}, rejected ${c.rejected}`);
  if (job.startedAt && job.finishedAt) {
    const seconds = Math.max(0.001, (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000);
    console.log(`took ${seconds.toFixed(1)} s (${Math.round(c.read / seconds)} rows/s)`);
  }
  if (job.error) console.log(`error: ${job.error}`);
  if (c.rejected > 0) {
    console.log(`log:      ${files.log}`);
    console.log(`bad rows: ${files.bad}`);
  }
}

/**
 * Runs the job in this process: a runner is started here and stopped once this job ends. It may
 * pick up other queued jobs meanwhile; stopping leaves them queued or resumable, never half-done.
 * A job another live process is importing stays with that process (the runner only takes over
 * jobs whose heartbeat has gone stale).
 */
async function runImport(file: string, flags: ImportFlags): Promise<void> {
  const options = toOptions(flags);
  const size = (await stat(file)).size;
  const runtime = await openRuntime(loadConfig());
  // Loaded lazily: only this command needs the import engine.
  const { startImportRunner } = await import('../core/imports/runner.js');
  const runner = startImportRunner(runtime.core);
  const interrupt = () => {
    console.error('\ninterrupted: the job stays queued and resumes on the next `herald serve` or import');
    Promise.resolve(runner.stop()).finally(() => runtime.close().finally(() => process.exit(130)));
  };
  process.once('SIGINT', interrupt);
  try {
    await getAccount(runtime.core, flags.account);
    const scope: AccountScope = { db: runtime.core.db, accountId: flags.account };
    const created = await createImport(runtime.core, scope, { source: 'cli', fileName: path.basename(file), content: createReadStream(file), options });
    runner.wake();
    if (!flags.json) console.error(`import ${created.id}: ${path.basename(file)} (${size} bytes) queued`);
    const job = await followJob(scope, created, flags.json === true);
    if (flags.json) console.log(JSON.stringify(job));
    else printSummary(job, jobFiles(runtime.core.dataDir, flags.account, job.id));
    process.exitCode = job.status in EXIT ? EXIT[job.status as keyof typeof EXIT] : 1;
  } finally {
    process.off('SIGINT', interrupt);
    await runner.stop();
    await runtime.close();
  }
}

export function importCommand(): Command {
  return new Command('import')
    .description('import contacts from a CSV/TSV, XLS or XLSX file with a live progress bar; exit code 0 done, 3 done with errors, 1 error')
    .argument('<file>', 'the file to import')
    .requiredOption('--account <id>', 'account id', idArgument)
    .option('--group <id>', 'group every imported contact joins (repeatable, or a comma list)', idListArgument, [])
    .option('--mode <mode>', 'insert (skip existing), update (only existing) or upsert', choiceArgument<ImportMode>(['insert', 'update', 'upsert']), 'insert')
    .option('--office <id>', 'target office; 0 allocates each row by post code (default: the account default office)', officeArgument)
    .option('--dedup <key>', 'what identifies the same contact: email, mobile or memberId', choiceArgument<DedupKey>(['email', 'mobile', 'memberId']), 'email')
    .option('--encoding <name>', 'UTF-8, WINDOWS-1251, WINDOWS-1252, KOI8-R, CP866, ISO-8859-1, ISO-8859-15, UTF-16LE… (default: BOM, else UTF-8)')
    .option('--delimiter <char>', 'CSV delimiter: , ; | or \\t (default: detected)')
    .option('--no-header', 'the first line is data, not column names (give --mapping)')
    .option('--mapping <json>', 'column mapping: [{"column":1,"field":"email","replace":true}, …]')
    .option('--date-format <pattern>', 'date pattern, e.g. yyyy-MM-dd (default) or dd/MM/yyyy')
    .option('--json', 'print the final job as JSON instead of the progress bar and summary')
    .action((file: string, flags: ImportFlags) => runImport(file, flags));
}
