/**
 * Incremental decoding of the file part. The PHP library sends the whole file as one base64 line
 * (`Content-Transfer-Encoding: base64`), which arrives split at arbitrary points: each chunk is
 * decoded up to the last complete 4-character group and the remainder carried to the next, so no
 * more than one chunk is ever held.
 */

/** Thrown when the decoded file passes its limit (the face answers INVALID_FILE). */
export class FileTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The file exceeds the ${Math.floor(limit / (1024 * 1024))} MB limit`);
    this.name = 'FileTooLargeError';
  }
}

/** Thrown for characters outside the base64 alphabet. */
export class Base64Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Base64Error';
  }
}

/** Line breaks and spaces are allowed anywhere (RFC 2045 wraps at 76); anything else must be base64. */
const WHITESPACE = /[\s]+/g;
const ALPHABET = /^[A-Za-z0-9+/]*={0,2}$/;

/** Stateful decoder: `push` returns the bytes decodable so far, `end` the rest. */
export class Base64Decoder {
  private carry = '';
  private padded = false;

  push(chunk: Buffer): Buffer {
    const text = this.carry + chunk.toString('latin1').replace(WHITESPACE, '');
    if (text === '') return Buffer.alloc(0);
    const whole = text.length - (text.length % 4);
    this.carry = text.slice(whole);
    return this.decode(text.slice(0, whole));
  }

  end(): Buffer {
    const rest = this.carry;
    this.carry = '';
    if (rest === '') return Buffer.alloc(0);
    // Unpadded tails are tolerated (some encoders drop the '='); a lone character cannot be data.
    if (rest.length === 1) throw new Base64Error('Truncated base64 data');
    return this.decode(rest);
  }

  private decode(text: string): Buffer {
    if (text === '') return Buffer.alloc(0);
    if (this.padded || !ALPHABET.test(text)) throw new Base64Error('The file part is not valid base64');
    // Padding may only close the data; a group after it means two files were concatenated or worse.
    if (text.includes('=')) this.padded = true;
    return Buffer.from(text, 'base64');
  }
}

export async function* decodeBase64(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const decoder = new Base64Decoder();
  for await (const chunk of source) {
    const out = decoder.push(chunk);
    if (out.length > 0) yield out;
  }
  const last = decoder.end();
  if (last.length > 0) yield last;
}

/** Passes bytes through, throwing FileTooLargeError as soon as more than `limit` have gone by. */
export async function* limitBytes(source: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > limit) throw new FileTooLargeError(limit);
    yield chunk;
  }
}
