import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Contact } from '../audience/contacts/contacts.js';

/** Uncompressed sheet XML allowed to wait for the zip compressor before producing more rows. */
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

interface StreamState {
  length: number;
}
interface PipeTarget {
  _writableState?: StreamState;
  _readableState?: StreamState;
}

/**
 * exceljs's worksheet stream writes into the zip entry without backpressure, so producing rows
 * faster than deflate compresses them buffers the whole sheet (≈2 KB of XML per contact). The
 * entry's pipe target (a readable-stream PassThrough) shows the backlog. These are exceljs
 * internals: if they change, this reads 0 and the export still works, only without the bound.
 */
function backlog(sheet: ExcelJS.Worksheet): number {
  const pipes = (sheet as unknown as { stream?: { pipes?: PipeTarget[] } }).stream?.pipes ?? [];
  return pipes.reduce((n, p) => n + (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0), 0);
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits while the compressor or the consumer is behind; returns early once the consumer is gone. */
async function settle(sheet: ExcelJS.Worksheet, out: PassThrough): Promise<void> {
  await tick(0);
  while (!out.destroyed && (backlog(sheet) > MAX_BACKLOG_BYTES || out.writableNeedDrain)) await tick(5);
}

export interface XlsxSource {
  header: string[];
  rows(contact: Contact): string[];
  batches: AsyncIterable<Contact[]>;
}

/**
 * A streamed XLSX workbook with one sheet, `Contacts`. Shared strings and styles are off: shared
 * strings keep every distinct string in memory until the end.
 */
export function xlsxStream(source: () => Promise<XlsxSource>): Readable {
  const out = new PassThrough();
  const run = async () => {
    const { header, rows, batches } = await source();
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Contacts');
    sheet.addRow(header).commit();
    for await (const batch of batches) {
      if (out.destroyed) return;
      for (const contact of batch) sheet.addRow(rows(contact)).commit();
      await settle(sheet, out);
    }
    sheet.commit();
    await workbook.commit();
  };
  run().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}
