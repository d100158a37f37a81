/**
 * Streams a CSV/TSV file as batches of SourceRow with constant memory: one read chunk plus at most
 * one partial record (bounded by MAX_RECORD_BYTES) plus the batch being filled.
 *
 * Why not csv-parse: it hands out decoded cells, never the record's original bytes, which the bad
 * file needs verbatim (in the file's own encoding, invalid bytes included); and it measured
 * ~460k records/s here, under the 500k target. The byte scanner in record-split.ts finds record
 * ends with `indexOf`, so each record is decoded exactly once, and cells are split from the
 * decoded text (cells.ts).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { ValidationError } from '../../errors.js';
import type { ReadOptions, RowProblem, SourceRow } from './contract.js';
import { contentLength, splitCells } from './cells.js';
import { ByteRecordScanner, MAX_RECORD_BYTES, NEED_MORE, TextRecordScanner, type ScanState } from './record-split.js';
import { detectBom, isUtf16, normaliseEncoding, type SupportedEncoding } from './sniff.js';

/** Rows per yielded batch: large enough to amortise the async hop, small enough to keep memory flat. */
export const BATCH_ROWS = 2000;
/** Read size: big sequential reads; the whole chunk is scanned with native indexOf. */
export const READ_CHUNK_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

export const INVALID_UTF8: RowProblem = Object.freeze({ column: '', reason: 'invalid character encoding (not UTF-8)' });
export const UNBALANCED: RowProblem = Object.freeze({ column: '', reason: 'unbalanced enclosure' });
export const EMPTY_LINE: RowProblem = Object.freeze({ column: '', reason: 'empty line' });
export const TOO_LONG: RowProblem = Object.freeze({ column: '', reason: `record longer than ${MAX_RECORD_BYTES} bytes` });

/** Builds rows and applies the per-record checks shared by the byte and text paths. */
class RowBuilder {
  private expected: number | undefined;

  constructor(private readonly delimiter: string, private readonly quote: string, expected: number | undefined) {
    this.expected = expected;
  }

  /** Whether record 1 must be split even when skipped: it fixes the expected column count. */
  get needsFirstRecord(): boolean {
    return this.expected === undefined;
  }

  build(rowNumber: number, raw: Buffer, text: string, scan: ScanState, offset: number, encodingProblem: RowProblem | undefined): SourceRow {
    if (text.length === 0 && !scan.unbalanced && encodingProblem === undefined) {
      return { rowNumber, raw, cells: [], offset, problem: EMPTY_LINE };
    }
    const cells = splitCells(text, this.delimiter, this.quote, scan.quoted);
    let problem = encodingProblem ?? (scan.unbalanced ? UNBALANCED : scan.tooLong ? TOO_LONG : undefined);
    if (this.expected === undefined) {
      if (problem === undefined) this.expected = cells.length;
    } else if (cells.length > this.expected && problem === undefined) {
      problem = { column: '', reason: `too many columns: ${cells.length}, expected ${this.expected}` };
    }
    // `problem` is always present (maybe undefined) so every row has the same hidden class.
    return { rowNumber, raw, cells, offset, problem };
  }
}

function checkOptions(opts: ReadOptions): { encoding: SupportedEncoding; delimiter: string; quote: string } {
  const encoding = normaliseEncoding(opts.encoding);
  const ascii = (s: string): boolean => s.length === 1 && s.charCodeAt(0) < 0x80;
  if (!ascii(opts.delimiter) || opts.delimiter === '\n' || opts.delimiter === '\r') {
    throw ValidationError.single('delimiter', 'invalid', 'The delimiter must be one ASCII character');
  }
  if (!ascii(opts.enclosure) || opts.enclosure === opts.delimiter) {
    throw ValidationError.single('enclosure', 'invalid', 'The enclosure must be one ASCII character other than the delimiter');
  }
  return { encoding, delimiter: opts.delimiter, quote: opts.enclosure };
}

async function readHead(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buf, 0, 4, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Every record of the file in order, the header included (rowNumber 1 when the file has one),
 * in batches of about BATCH_ROWS. Records numbered ≤ `startAfterRecord` (already committed by an
 * earlier run of the job) are skipped without being decoded. A BOM is skipped: it belongs to no
 * record, though `offset` counts it. @throws ValidationError for unusable options.
 */
export async function* readCsvRows(path: string, opts: ReadOptions, startAfterRecord = 0): AsyncGenerator<SourceRow[]> {
  const checked = checkOptions(opts);
  const bom = detectBom(await readHead(path));
  // A BOM is proof of the encoding; the option may be a client's default (see sniffEncoding).
  const encoding = bom?.encoding ?? checked.encoding;
  const builder = new RowBuilder(checked.delimiter, checked.quote, opts.expectedColumns);
  const bomLength = bom?.length ?? 0;
  if (isUtf16(encoding)) yield* readText(path, encoding, bomLength, checked.delimiter, checked.quote, builder, startAfterRecord);
  else yield* readBytes(path, encoding, bomLength, checked.delimiter, checked.quote, builder, startAfterRecord);
}

/**
 * Decodes one record's bytes (line ending excluded) in an ASCII-compatible encoding. The verdict
 * on the bytes is left in `problem` rather than returned in an object: one allocation less per row.
 */
class ByteDecoder {
  problem: RowProblem | undefined = undefined;
  private readonly fatal = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly encoding: SupportedEncoding) {}

  decode(buf: Buffer, start: number, end: number): string {
    this.problem = undefined;
    switch (this.encoding) {
      case 'UTF-8': {
        const text = buf.toString('utf8', start, end);
        // Node replaces bad sequences with U+FFFD; only then pay for a strict check, since the
        // file may also hold a genuine U+FFFD.
        if (text.indexOf('\uFFFD') !== -1) {
          try {
            this.fatal.decode(buf.subarray(start, end));
          } catch {
            this.problem = INVALID_UTF8;
          }
        }
        return text;
      }
      case 'ISO-8859-1':
        return buf.toString('latin1', start, end); // Node's latin1 is ISO-8859-1 exactly, and native
      default:
        return iconv.decode(buf.subarray(start, end), this.encoding);
    }
  }
}

async function* readBytes(
  path: string, encoding: SupportedEncoding, bomLength: number, delimiter: string, quote: string,
  builder: RowBuilder, startAfterRecord: number,
): AsyncGenerator<SourceRow[]> {
  const scanner = new ByteRecordScanner(delimiter.charCodeAt(0), quote.charCodeAt(0));
  const decoder = new ByteDecoder(encoding);
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, start: bomLength });
  let buf: Buffer = Buffer.alloc(0);
  let pos = 0;
  let base = bomLength; // file offset of buf[0]
  let record = 0;
  let batch: SourceRow[] = [];
  let eof = false;
  const chunks = stream[Symbol.asyncIterator]();
  try {
    while (!eof) {
      const next = await chunks.next();
      if (next.done === true) eof = true;
      else {
        const chunk = next.value as Buffer;
        // Only the unfinished tail of the previous chunk is copied; earlier rows keep their views.
        buf = pos < buf.length ? Buffer.concat([buf.subarray(pos), chunk]) : chunk;
        base += pos;
        pos = 0;
      }
      for (;;) {
        const end = scanner.next(buf, pos, eof);
        if (end === NEED_MORE) break;
        record++;
        if (record <= startAfterRecord && !(record === 1 && builder.needsFirstRecord)) {
          pos = end;
          continue;
        }
        let contentEnd = end;
        if (contentEnd > pos && buf[contentEnd - 1] === LF) {
          contentEnd--;
          if (contentEnd > pos && buf[contentEnd - 1] === CR) contentEnd--;
        }
        const text = decoder.decode(buf, pos, contentEnd);
        const row = builder.build(record, buf.subarray(pos, end), text, scanner, base + end, decoder.problem);
        pos = end;
        if (record <= startAfterRecord) continue;
        batch.push(row);
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    stream.destroy();
  }
}

async function* readText(
  path: string, encoding: SupportedEncoding, bomLength: number, delimiter: string, quote: string,
  builder: RowBuilder, startAfterRecord: number,
): AsyncGenerator<SourceRow[]> {
  const scanner = new TextRecordScanner(delimiter, quote);
  // stripBOM off: the BOM is already skipped by the read position; a second U+FEFF would be data.
  const decoder = iconv.getDecoder(encoding, { stripBOM: false });
  const stream = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES, start: bomLength });
  let text = '';
  let pos = 0;
  let offset = bomLength;
  let record = 0;
  let batch: SourceRow[] = [];
  let eof = false;
  const chunks = stream[Symbol.asyncIterator]();
  try {
    while (!eof) {
      const next = await chunks.next();
      if (next.done === true) {
        eof = true;
        text = text.slice(pos) + (decoder.end() ?? '');
      } else {
        text = text.slice(pos) + decoder.write(next.value as Buffer);
      }
      pos = 0;
      for (;;) {
        const end = scanner.next(text, pos, eof);
        if (end === NEED_MORE) break;
        record++;
        // Every UTF-16 code unit is two bytes, so the offset needs no re-encoding.
        offset += (end - pos) * 2;
        if (record <= startAfterRecord && !(record === 1 && builder.needsFirstRecord)) {
          pos = end;
          continue;
        }
        const recordText = text.slice(pos, end);
        // Re-encoding decoded UTF-16 is lossless (lone surrogates included), so this is the original.
        const raw = iconv.encode(recordText, encoding);
        const row = builder.build(record, raw, recordText.slice(0, contentLength(recordText)), scanner, offset, undefined);
        pos = end;
        if (record <= startAfterRecord) continue;
        batch.push(row);
        if (batch.length >= BATCH_ROWS) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  } finally {
    stream.destroy();
  }
}
