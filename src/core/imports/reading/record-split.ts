/**
 * Finds where CSV records end: a line feed outside the enclosure (so CRLF and LF both work, and a
 * quoted field may span lines). Two twins with the same rules: one over bytes (UTF-8 and the
 * single-byte encodings, whose line feed, delimiters and quote are the ASCII bytes themselves) and
 * one over decoded text (UTF-16, where a 0x0A byte can be half of another character).
 *
 * Working on bytes is what lets the reader hand the bad file each record's exact original bytes,
 * and it is faster than a general parser: a record without a quote costs one `indexOf`.
 *
 * A quote opens an enclosed field only at the start of a field (RFC 4180); elsewhere it is data, as
 * in `5" screen`. An enclosure that never closes would swallow the rest of the file into one
 * record, so a record is limited to MAX_RECORD_BYTES: past that (or at the end of the file) the
 * opening quote is declared unbalanced and the record ends at its first line feed instead. The
 * limit also bounds memory for a file without line feeds.
 */

export const MAX_RECORD_BYTES = 1024 * 1024;

const LF = 0x0a;

/** What a scan found; fields rather than a returned object so the hot loop allocates nothing. */
export interface ScanState {
  /** The record contains the enclosure character (the cell splitter needs its slow path). */
  quoted: boolean;
  /** The record's enclosure never closed (see above). */
  unbalanced: boolean;
  /** The record was cut at MAX_RECORD_BYTES without a line feed. */
  tooLong: boolean;
}

/** Result of `next…`: no complete record yet, read more input. */
export const NEED_MORE = -1;

/**
 * Scans records in a byte buffer. `next` returns the index just past the record starting at
 * `start` (past its line feed, or the end of the data at EOF), or NEED_MORE.
 */
export class ByteRecordScanner implements ScanState {
  quoted = false;
  unbalanced = false;
  tooLong = false;
  /** Next enclosure byte at or after the last scan position in the current buffer (-1: none). */
  private nextQuote = -1;
  private quoteFrom = Number.MAX_SAFE_INTEGER;
  private buf: Uint8Array | null = null;

  constructor(private readonly delimiter: number, private readonly quote: number) {}

  next(buf: Buffer, start: number, eof: boolean): number {
    this.quoted = this.unbalanced = this.tooLong = false;
    const len = buf.length;
    if (start >= len) return NEED_MORE;
    if (buf !== this.buf || start < this.quoteFrom || (this.nextQuote !== -1 && this.nextQuote < start)) {
      this.buf = buf;
      this.quoteFrom = start;
      this.nextQuote = buf.indexOf(this.quote, start);
    }
    const nl = buf.indexOf(LF, start);
    if (this.nextQuote === -1 || (nl !== -1 && this.nextQuote > nl)) {
      // Fast path: no quote in this record.
      if (nl !== -1) return nl - start > MAX_RECORD_BYTES ? this.cut(start) : nl + 1;
      if (len - start > MAX_RECORD_BYTES) return this.cut(start);
      return eof ? len : NEED_MORE;
    }
    this.quoted = true;
    return this.slow(buf, start, eof);
  }

  /** Per-byte state machine for a record that contains the enclosure. */
  private slow(buf: Buffer, start: number, eof: boolean): number {
    const { delimiter: d, quote: q } = this;
    const len = buf.length;
    const stop = Math.min(len, start + MAX_RECORD_BYTES);
    let fieldStart = true;
    let inQuotes = false;
    for (let i = start; i < stop; i++) {
      const c = buf[i];
      if (inQuotes) {
        if (c !== q) continue;
        if (i + 1 >= len && !eof) return NEED_MORE; // cannot tell "" from a closing quote yet
        if (buf[i + 1] === q) i++;
        else inQuotes = false;
      } else if (c === LF) {
        return i + 1;
      } else if (c === d) {
        fieldStart = true;
      } else {
        if (c === q && fieldStart) inQuotes = true;
        fieldStart = false;
      }
    }
    if (stop === len && !eof) return NEED_MORE;
    if (inQuotes) {
      // Unbalanced: end the record at its first line feed so the following rows still import.
      this.unbalanced = true;
      const nl = buf.indexOf(LF, start);
      return nl === -1 || nl >= stop ? (stop === len ? len : this.cut(start)) : nl + 1;
    }
    return stop === len ? len : this.cut(start);
  }

  private cut(start: number): number {
    this.tooLong = true;
    return start + MAX_RECORD_BYTES;
  }
}

/** The same rules over decoded text (UTF-16 input); indexes are UTF-16 code units. */
export class TextRecordScanner implements ScanState {
  quoted = false;
  unbalanced = false;
  tooLong = false;
  private readonly maxUnits = MAX_RECORD_BYTES / 2;

  constructor(private readonly delimiter: string, private readonly quote: string) {}

  next(text: string, start: number, eof: boolean): number {
    this.quoted = this.unbalanced = this.tooLong = false;
    const len = text.length;
    if (start >= len) return NEED_MORE;
    const nl = text.indexOf('\n', start);
    const q = text.indexOf(this.quote, start);
    if (q === -1 || (nl !== -1 && q > nl)) {
      if (nl !== -1) return nl - start > this.maxUnits ? this.cut(start) : nl + 1;
      if (len - start > this.maxUnits) return this.cut(start);
      return eof ? len : NEED_MORE;
    }
    this.quoted = true;
    const { delimiter: d, quote: qc } = this;
    const stop = Math.min(len, start + this.maxUnits);
    let fieldStart = true;
    let inQuotes = false;
    for (let i = start; i < stop; i++) {
      const c = text[i];
      if (inQuotes) {
        if (c !== qc) continue;
        if (i + 1 >= len && !eof) return NEED_MORE;
        if (text[i + 1] === qc) i++;
        else inQuotes = false;
      } else if (c === '\n') {
        return i + 1;
      } else if (c === d) {
        fieldStart = true;
      } else {
        if (c === qc && fieldStart) inQuotes = true;
        fieldStart = false;
      }
    }
    if (stop === len && !eof) return NEED_MORE;
    if (inQuotes) {
      this.unbalanced = true;
      return nl === -1 || nl >= stop ? (stop === len ? len : this.cut(start)) : nl + 1;
    }
    return stop === len ? len : this.cut(start);
  }

  private cut(start: number): number {
    this.tooLong = true;
    return start + this.maxUnits;
  }
}
