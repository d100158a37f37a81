/**
 * multipart/form-data bodies as PHP reads them (main/rfc1867.c): a part with a `filename` parameter
 * is a file (`$_FILES`, its bytes untouched: recipientsFile may be an XLS), any other part is a
 * text field registered like an urlencoded one (`params[replace]` nests). The body is already
 * buffered and bounded by the HTTP body limit, so a small exact splitter is enough.
 */
import { registerVariable, MAX_VARS, TooManyVariablesError } from './php-vars.js';
import type { ParamMap } from './params.js';

/** One uploaded file part, as `$_FILES[name]` describes it. */
export interface UploadedFile {
  /** The form field name as sent (`recipientsFile`). */
  field: string;
  /** The client's file name (PHP keeps only the part after the last slash or backslash). */
  fileName: string;
  /** The part's Content-Type, or "" when absent. */
  contentType: string;
  data: Buffer;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MultipartError';
  }
}

/** `multipart/form-data; boundary=abc` (quoted or not) → `abc`; null when absent or absurd. */
export function multipartBoundary(contentType: string): string | null {
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const value = m ? (m[1] ?? m[2] ?? '') : '';
  return value === '' || value.length > 200 ? null : value;
}

interface PartHeaders {
  name: string | null;
  fileName: string | null;
  contentType: string;
}

function dispositionParam(value: string, param: string): string | null {
  const re = new RegExp(`;\\s*${param}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i');
  const m = re.exec(value);
  if (!m) return null;
  // PHP only unescapes `\"` in quoted values: `filename="C:\tmp\a.xls"` keeps its backslashes.
  return m[1] !== undefined ? m[1].replace(/\\"/g, '"') : (m[2] ?? '');
}

function partHeaders(block: string): PartHeaders {
  const out: PartHeaders = { name: null, fileName: null, contentType: '' };
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (header === 'content-disposition') {
      out.name = dispositionParam(value, 'name');
      out.fileName = dispositionParam(value, 'filename');
    } else if (header === 'content-type') {
      out.contentType = value;
    }
  }
  return out;
}

/** Registers the text fields into `fields` and returns the file parts (empty file inputs skipped). */
export function parseMultipart(body: Buffer, boundary: string, fields: ParamMap): UploadedFile[] {
  const files: UploadedFile[] = [];
  const first = Buffer.from(`--${boundary}`, 'latin1');
  const next = Buffer.from(`\r\n--${boundary}`, 'latin1');
  let pos = body.indexOf(first);
  if (pos < 0) throw new MultipartError('boundary not found');
  pos += first.length;
  let count = 0;
  for (;;) {
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) return files;
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] !== 0x0d || body[pos + 1] !== 0x0a) throw new MultipartError('malformed delimiter line');
    pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos, 'latin1');
    if (headerEnd < 0) throw new MultipartError('part headers not terminated');
    const headers = partHeaders(body.subarray(pos, headerEnd).toString('utf8'));
    const contentStart = headerEnd + 4;
    const end = body.indexOf(next, contentStart);
    if (end < 0) throw new MultipartError('closing delimiter not found');
    if (++count > MAX_VARS) throw new TooManyVariablesError();
    const content = body.subarray(contentStart, end);
    if (headers.name !== null && headers.name !== '') {
      if (headers.fileName === null) {
        registerVariable(fields, headers.name, content.toString('utf8'));
      } else if (headers.fileName !== '') {
        // An empty filename is a file input left empty (UPLOAD_ERR_NO_FILE): nothing uploaded.
        files.push({ field: headers.name, fileName: headers.fileName.replace(/^.*[/\\]/, ''), contentType: headers.contentType, data: Buffer.from(content) });
      }
    }
    pos = end + next.length;
  }
}
