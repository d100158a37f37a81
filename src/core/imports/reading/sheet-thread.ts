/**
 * Reads a spreadsheet (XLSX or XLS) off the event loop: the file is measured first (signature,
 * size, the archive's directory and inflated sizes), then parsed in a worker thread with a bounded
 * heap and a time limit per batch. The server stays responsive whatever the file holds, and a file
 * over a limit fails alone, with a ValidationError, instead of taking the process down.
 *
 * The worker's temporary files (exceljs spills worksheets that come before the shared strings)
 * live in a directory next to the file read, under the data directory, removed in `finally`:
 * also when the consumer stops early or the parse fails.
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { ValidationError } from '../../errors.js';
import type { FileFormat } from '../types.js';
import { NEXT_BATCH, type SheetJob, type SheetReply } from './sheet-worker.js';
import { SHEET_LIMITS, refusedSheet, type SheetLimits } from './sheet-limits.js';
import { sniffFormat } from './sniff.js';
import type { SheetRow } from './spreadsheet-rows.js';
import { checkZipFile } from './zip-check.js';

const MB = 1024 * 1024;

/**
 * Refuses a file that is not the spreadsheet it claims to be, or is over a limit, before any
 * parser sees it. Without a claimed format, the file's signature says; CSV passes.
 * @throws ValidationError (field `file`)
 */
export async function admitSpreadsheet(file: string, claimed?: FileFormat, limits: SheetLimits = SHEET_LIMITS): Promise<void> {
  const handle = await open(file, 'r');
  let head: Buffer;
  let size: number;
  try {
    head = Buffer.alloc(8);
    await handle.read(head, 0, 8, 0);
    size = (await handle.stat()).size;
  } finally {
    await handle.close();
  }
  const format = claimed ?? sniffFormat(head);
  if (format === 'csv') return;
  if (sniffFormat(head) !== format) throw refusedSheet(`it is not an ${format.toUpperCase()} file`);
  if (format === 'xls' && size > limits.maxXlsBytes) throw refusedSheet(`XLS files are limited to ${Math.round(limits.maxXlsBytes / MB)} MB`);
  if (format === 'xlsx') await checkZipFile(file, limits);
}

const here = fileURLToPath(import.meta.url);

function spawnWorker(job: SheetJob, tmp: string, limits: SheetLimits): Worker {
  const ext = path.extname(here);
  const entry = new URL(`./sheet-worker${ext}`, import.meta.url);
  const options: WorkerOptions = {
    workerData: job,
    // Only where to put temporary files: the parsers need nothing else from the environment, and no secret.
    env: { TMPDIR: tmp, TMP: tmp, TEMP: tmp },
    resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 32 },
  };
  if (ext !== '.ts') return new Worker(entry, options);
  // Running from source (tests): Node 20 workers do not inherit tsx's loader, so register it first.
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

function workerFailure(err: Error & { code?: string }, limits: SheetLimits): ValidationError {
  if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') return refusedSheet(`reading it needs more than ${limits.workerHeapMb} MB of memory`);
  return ValidationError.single('file', 'invalid', `The spreadsheet could not be read (${err.message})`);
}

/** The worker's replies in order; a crash, an exit or a late reply ends the conversation. */
class SheetChannel {
  private readonly replies: SheetReply[] = [];
  private failure: ValidationError | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly worker: Worker, private readonly limits: SheetLimits) {
    worker.on('message', (reply: SheetReply) => this.settle(() => this.replies.push(reply)));
    worker.on('error', (err: Error) => this.settle(() => (this.failure ??= workerFailure(err, limits))));
    worker.on('exit', () => this.settle(() => (this.failure ??= workerFailure(new Error('the reader stopped'), limits))));
  }

  private settle(record: () => void): void {
    record();
    this.wake?.();
  }

  request(): void {
    this.worker.postMessage(NEXT_BATCH);
  }

  async reply(): Promise<SheetReply> {
    const timer = setTimeout(() => {
      this.failure ??= refusedSheet(`reading it took more than ${Math.round(this.limits.chunkTimeoutMs / 1000)} s`);
      this.wake?.();
    }, this.limits.chunkTimeoutMs);
    try {
      while (this.replies.length === 0 && this.failure === null) await new Promise<void>((resolve) => (this.wake = resolve));
    } finally {
      clearTimeout(timer);
      this.wake = null;
    }
    const next = this.replies.shift();
    if (next !== undefined) return next;
    throw this.failure ?? new Error('unreachable');
  }
}

/**
 * The rows of a spreadsheet's first sheet, in batches, parsed in a worker. The next batch is
 * parsed while the consumer handles the current one, and no further.
 * @throws ValidationError (field `file`) for a refused or unreadable file.
 */
export async function* readSpreadsheet(file: string, format: SheetJob['format'], limits: SheetLimits = SHEET_LIMITS): AsyncGenerator<SheetRow[]> {
  await admitSpreadsheet(file, format, limits);
  const tmp = await mkdtemp(path.join(path.dirname(file), '.sheet-'));
  let worker: Worker | undefined;
  try {
    worker = spawnWorker({ path: file, format }, tmp, limits);
    const channel = new SheetChannel(worker, limits);
    channel.request();
    for (;;) {
      const reply = await channel.reply();
      if (reply.kind === 'done') return;
      if (reply.kind === 'error') throw ValidationError.single('file', 'invalid', reply.message);
      channel.request();
      yield reply.rows;
    }
  } finally {
    await worker?.terminate();
    await rm(tmp, { recursive: true, force: true });
  }
}
