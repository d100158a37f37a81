/**
 * A streaming multipart/form-data reader for the Batch Member upload body (docs/protocols/smartfocus.md §Batch Member).
 * The PHP library hand-builds that body: part headers Content-Type first, parameter values in
 * single quotes (`name='insertUpload'`), and the file as one base64 line under
 * `Content-Transfer-Encoding: base64`. The vendor docs write double quotes, Content-Disposition
 * first, sometimes a trailing `;`, and a plain binary file part. Stock parsers reject the single
 * quotes and never decode base64, so Herald reads the body itself, pulling from the request stream
 * one chunk at a time: a 256 MB upload never sits in memory.
 */
import type { Readable } from 'node:stream';

/** Thrown for a body that is not the multipart shape announced (the face answers INVALID_FILE). */
export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

/** Headers of one part, names lower-cased; disposition parameters unquoted. */
export interface PartInfo {
  headers: Record<string, string>;
  /** Content-Disposition `name`. */
  name: string | null;
  /** Content-Disposition `filename`. */
  fileName: string | null;
  /** Content-Transfer-Encoding, lower-cased (`base64`, `binary`, `8bit`…), or null. */
  transferEncoding: string | null;
}

/** Part headers larger than this are not a form upload. */
const MAX_HEADER_BYTES = 16 * 1024;

/** `multipart/form-data; boundary=abc` → `abc` (quoted or not); null when absent. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (contentType === undefined || !/^\s*multipart\/form-data\b/i.test(contentType)) return null;
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|'([^']+)'|([^;\s]+))/i.exec(contentType);
  const value = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
  return value === '' || value.length > 200 ? null : value;
}

/**
 * `form-data; name='insertUpload'` / `form-data; name="x"; filename="a.csv";` → parameters, the
 * quotes (single or double) removed, names lower-cased.
 */
export function parseDispositionParams(value: string): Record<string, string> {
  const params: Record<string, string> = {};
  const re = /;\s*([A-Za-z0-9*_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^;]*))/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    params[m[1]!.toLowerCase()] = (m[2] ?? m[3] ?? m[4] ?? '').trim();
  }
  return params;
}

/** Header block text (lines separated by CRLF or LF) → part description. */
export function parsePartHeaders(block: string): PartInfo {
  const headers: Record<string, string> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const params = parseDispositionParams(headers['content-disposition'] ?? '');
  const cte = headers['content-transfer-encoding'];
  return {
    headers,
    name: params.name ?? null,
    fileName: params.filename ?? null,
    transferEncoding: cte === undefined ? null : cte.toLowerCase(),
  };
}

/**
 * Pulls chunks from a Node stream with `read()` and explicit listeners rather than an async
 * iterator: breaking out of an iterator destroys the request (and with it the socket the answer
 * must go back on), while `discard()` here can detach and let the rest flow away.
 */
class ChunkSource {
  private ended = false;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private readonly onReadable = () => this.notify();
  private readonly onEnd = () => {
    this.ended = true;
    this.notify();
  };
  private readonly onError = (err: Error) => {
    this.failure = err;
    this.notify();
  };

  constructor(private readonly stream: Readable) {
    stream.on('readable', this.onReadable);
    stream.on('end', this.onEnd);
    stream.on('error', this.onError);
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  async next(): Promise<Buffer | null> {
    for (;;) {
      if (this.failure) throw this.failure;
      const chunk: unknown = this.stream.read();
      if (chunk !== null) return Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      if (this.ended || this.stream.readableEnded) return null;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  /** Stops reading: whatever the client still sends is thrown away, the connection stays usable. */
  discard(): void {
    this.stream.off('readable', this.onReadable);
    this.stream.off('end', this.onEnd);
    this.stream.off('error', this.onError);
    this.stream.on('error', () => undefined);
    this.stream.resume();
  }
}

type ReaderState = 'preamble' | 'headers' | 'body' | 'done';

/**
 * Reads parts in order: `nextPart()` moves to the next part's headers (skipping any body left
 * unread), `body()` yields the current part's bytes until its closing delimiter.
 */
export class MultipartReader {
  private readonly source: ChunkSource;
  /** `\n--boundary`: the CR before it is optional so LF-only bodies written by hand still parse. */
  private readonly delimiter: Buffer;
  // The first delimiter may open the body with no line break before it: a virtual one is prepended.
  private buf: Buffer = Buffer.from('\r\n');
  private state: ReaderState = 'preamble';
  private exhausted = false;

  constructor(stream: Readable, boundary: string) {
    this.source = new ChunkSource(stream);
    this.delimiter = Buffer.from(`\n--${boundary}`, 'latin1');
  }

  private async fill(): Promise<boolean> {
    if (this.exhausted) return false;
    const chunk = await this.source.next();
    if (chunk === null) {
      this.exhausted = true;
      return false;
    }
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    return true;
  }

  /**
   * Yields the bytes up to the next delimiter, then leaves the reader just after it. The last
   * `delimiter + 1` bytes are held back between chunks: they may be the start of the delimiter
   * (or the CR before it).
   */
  private async *untilDelimiter(): AsyncGenerator<Buffer> {
    const keep = this.delimiter.length + 1;
    for (;;) {
      const at = this.buf.indexOf(this.delimiter);
      if (at >= 0) {
        const end = at > 0 && this.buf[at - 1] === 0x0d ? at - 1 : at;
        if (end > 0) yield this.buf.subarray(0, end);
        this.buf = this.buf.subarray(at + this.delimiter.length);
        return;
      }
      if (this.buf.length > keep) {
        const out = this.buf.subarray(0, this.buf.length - keep);
        this.buf = this.buf.subarray(this.buf.length - keep);
        yield out;
      }
      if (!(await this.fill())) throw new MultipartError('The multipart body ends before its closing boundary');
    }
  }

  /** After a delimiter: `--` closes the body; otherwise the rest of the line is ignored. */
  private async afterDelimiter(): Promise<void> {
    while (this.buf.length < 2) if (!(await this.fill())) break;
    if (this.buf.length >= 2 && this.buf[0] === 0x2d && this.buf[1] === 0x2d) {
      this.state = 'done';
      return;
    }
    let nl = this.buf.indexOf(0x0a);
    while (nl < 0) {
      if (this.buf.length > MAX_HEADER_BYTES || !(await this.fill())) throw new MultipartError('Malformed multipart boundary line');
      nl = this.buf.indexOf(0x0a);
    }
    this.buf = this.buf.subarray(nl + 1);
    this.state = 'headers';
  }

  private async readHeaders(): Promise<PartInfo> {
    for (;;) {
      // Only the head of the buffer can hold headers; the rest may be megabytes of file.
      const text = this.buf.subarray(0, MAX_HEADER_BYTES + 4).toString('latin1');
      const m = /\r?\n\r?\n/.exec(text);
      // A part without headers starts directly with its blank line.
      const blankFirst = /^\r?\n/.exec(text);
      if (blankFirst) {
        this.buf = this.buf.subarray(blankFirst[0].length);
        return parsePartHeaders('');
      }
      if (m) {
        this.buf = this.buf.subarray(m.index + m[0].length);
        // Header values are ASCII in practice; a UTF-8 file name is decoded as such.
        return parsePartHeaders(Buffer.from(text.slice(0, m.index), 'latin1').toString('utf8'));
      }
      if (this.buf.length > MAX_HEADER_BYTES) throw new MultipartError('Multipart part headers are too large');
      if (!(await this.fill())) throw new MultipartError('The multipart body ends inside part headers');
    }
  }

  /** The next part's headers, or null after the closing delimiter. */
  async nextPart(): Promise<PartInfo | null> {
    if (this.state === 'preamble' || this.state === 'body') {
      for await (const ignored of this.untilDelimiter()) void ignored;
      await this.afterDelimiter();
    }
    if (this.state === 'done') return null;
    const info = await this.readHeaders();
    this.state = 'body';
    return info;
  }

  /** The current part's raw bytes (transfer encoding not undone). Read it at most once per part. */
  async *body(): AsyncGenerator<Buffer> {
    if (this.state !== 'body') return;
    yield* this.untilDelimiter();
    await this.afterDelimiter();
  }

  /** The current part as text, refused past `limit` bytes (the XML parameters part). */
  async text(limit: number): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.body()) {
      size += chunk.length;
      if (size > limit) throw new MultipartError(`Part is larger than ${limit} bytes`);
      chunks.push(Buffer.from(chunk));
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Stop reading the request (after an answer is decided); the remainder is discarded. */
  discard(): void {
    this.state = 'done';
    this.source.discard();
  }
}
