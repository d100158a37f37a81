/**
 * multipart/form-data text fields from a buffered body: what php-curl sends when a client passes
 * an array to CURLOPT_POSTFIELDS (one part per field, `Content-Disposition: form-data; name="…"`).
 * The face buffers its bodies anyway (the sign covers bytes of them), and its fields are a handful
 * of short values plus one JSON `request`, so a small exact splitter serves better than a stream
 * parser: the HTTP body limit bounds it, and values come back byte for byte.
 */

export class FormDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormDataError';
  }
}

/** `multipart/form-data; boundary=abc` (quoted or not) → `abc`; null when absent or absurd. */
export function boundaryOf(contentType: string): string | null {
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const value = m ? (m[1] ?? m[2] ?? '') : '';
  return value === '' || value.length > 200 ? null : value;
}

function fieldName(headerBlock: string): string | null {
  for (const line of headerBlock.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0 || line.slice(0, colon).trim().toLowerCase() !== 'content-disposition') continue;
    const m = /;\s*name\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(line.slice(colon + 1));
    if (m) return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? null);
  }
  return null;
}

/**
 * Field name → value (UTF-8). A repeated name keeps its last value, as PHP's `$_POST` does. File
 * parts count as fields too (their content is the value): a client may send `request` as a file.
 */
export function parseFormData(body: Buffer, boundary: string): Record<string, string> {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  const first = Buffer.from(`--${boundary}`, 'latin1');
  const next = Buffer.from(`\r\n--${boundary}`, 'latin1');
  let pos = body.indexOf(first);
  if (pos < 0) throw new FormDataError('boundary not found');
  pos += first.length;
  for (;;) {
    // After a delimiter: `--` closes the body, otherwise optional blanks and CRLF start a part.
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return fields;
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw new FormDataError('malformed delimiter line');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
    // A part without headers starts with the blank line right away.
    const headerBlock = body.subarray(pos, headerEnd < 0 ? pos : headerEnd).toString('utf8');
    if (headerEnd < 0) throw new FormDataError('part headers not terminated');
    const contentStart = headerEnd + 4;
    const end = body.indexOf(next, contentStart);
    if (end < 0) throw new FormDataError('closing delimiter not found');
    const name = fieldName(headerBlock);
    if (name === null) throw new FormDataError('part without a name');
    fields[name] = body.subarray(contentStart, end).toString('utf8');
    pos = end + next.length;
  }
}
