/**
 * Entry point of the spreadsheet parsing worker (started by sheet-thread.ts). It reads one file and
 * hands its rows out one batch per request, so a slow consumer holds the parser back rather than
 * letting rows pile up. Its TMPDIR is a private directory the main thread deletes afterwards.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { SheetRow } from './spreadsheet-rows.js';

export interface SheetJob {
  path: string;
  format: 'xlsx' | 'xls';
}

/** Sent by the main thread: produce the next batch. */
export const NEXT_BATCH = 'next';

export type SheetReply = { kind: 'rows'; rows: SheetRow[] } | { kind: 'done' } | { kind: 'error'; message: string };

async function openRows(job: SheetJob): Promise<AsyncGenerator<SheetRow[]>> {
  if (job.format === 'xlsx') return (await import('./xlsx-reader.js')).readXlsxRows(job.path);
  return (await import('./xls-reader.js')).readXlsRows(job.path);
}

async function nextReply(rows: Promise<AsyncGenerator<SheetRow[]>>): Promise<SheetReply> {
  try {
    const step = await (await rows).next();
    return step.done === true ? { kind: 'done' } : { kind: 'rows', rows: step.value };
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}

const port = parentPort;
if (port !== null) {
  const rows = openRows(workerData as SheetJob);
  // Requests are answered in order, one at a time: the generator must not be re-entered.
  let turn = Promise.resolve();
  port.on('message', () => {
    turn = turn.then(async () => port.postMessage(await nextReply(rows)));
  });
}
