// Just enough MIME to walk a multipart/report (RFC 6522) part by part. mailparser's simpleParser folds an
// inline message/delivery-status part into `text` (it has no filename), losing where it starts and
// ends, so the report structure is read here; simpleParser still parses the embedded original message.
// Work happens on latin1 strings, which map bytes 1:1, so part contents come back byte-exact.

export type HeaderField = [name: string, value: string];

export interface MimeEntity {
  headers: HeaderField[];
  /** Lower-case `type/subtype`; `text/plain` when absent (RFC 2045 default). */
  type: string;
  params: Record<string, string>;
  /** The content with its Content-Transfer-Encoding undone. */
  content: Buffer;
  children: MimeEntity[];
}

const MAX_DEPTH = 8;

/** Unfolds and splits a header block (`Name: value` lines, continuation lines start with WSP). */
export function parseHeaderBlock(text: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && fields.length > 0) {
      fields[fields.length - 1]![1] += ' ' + line.trim();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return fields;
}

export function headerValue(fields: HeaderField[], name: string): string | undefined {
  return fields.find(([n]) => n === name)?.[1];
}

export function headerValues(fields: HeaderField[], name: string): string[] {
  return fields.filter(([n]) => n === name).map(([, v]) => v);
}

/** `type/subtype; a=b; c="d"` → lower-case type and parameters (names lower-cased). */
export function parseContentType(value: string | undefined): { type: string; params: Record<string, string> } {
  if (value === undefined || value.trim() === '') return { type: 'text/plain', params: {} };
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const params: Record<string, string> = {};
  const re = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!;
  }
  return { type: type === '' ? 'text/plain' : type, params };
}

function decodeQuotedPrintable(text: string): Buffer {
  const unsoft = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unsoft.length; i++) {
    const ch = unsoft[i]!;
    const hex = unsoft.slice(i + 1, i + 3);
    if (ch === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(unsoft.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

function decodeContent(body: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return Buffer.from(body, 'latin1');
  }
}

function splitHeaderAndBody(text: string): [string, string] {
  if (/^\r?\n/.test(text)) return ['', text.replace(/^\r?\n/, '')];
  const m = /\r?\n\r?\n/.exec(text);
  return m === null ? [text, ''] : [text.slice(0, m.index), text.slice(m.index + m[0].length)];
}

function splitMultipart(body: string, boundary: string): string[] {
  const escaped = boundary.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escaped}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const parts: string[] = [];
  let start = -1;
  for (let m = delimiter.exec(body); m !== null; m = delimiter.exec(body)) {
    if (start >= 0) parts.push(body.slice(start, m.index));
    if (m[1] !== undefined) return parts; // close delimiter; the epilogue is ignored
    start = m.index + m[0].length;
  }
  if (start >= 0) parts.push(body.slice(start)); // unterminated: keep what came
  return parts;
}

/** Parses a MIME entity (a whole message or one body part) into its tree. */
export function parseMimeEntity(raw: Buffer | string, depth = 0): MimeEntity {
  const text = typeof raw === 'string' ? raw : raw.toString('latin1');
  const [headerText, body] = splitHeaderAndBody(text);
  const headers = parseHeaderBlock(headerText);
  const { type, params } = parseContentType(headerValue(headers, 'content-type'));
  const boundary = params['boundary'];
  const children = type.startsWith('multipart/') && boundary !== undefined && depth < MAX_DEPTH ? splitMultipart(body, boundary).map((part) => parseMimeEntity(part, depth + 1)) : [];
  const content = type.startsWith('multipart/') ? Buffer.alloc(0) : decodeContent(body, headerValue(headers, 'content-transfer-encoding'));
  return { headers, type, params, content, children };
}

/** The first multipart/report of the given report-type, searching depth-first (reports get forwarded or wrapped). */
export function findReport(entity: MimeEntity, reportType: string): MimeEntity | null {
  if (entity.type === 'multipart/report' && (entity.params['report-type'] ?? '').toLowerCase() === reportType) return entity;
  for (const child of entity.children) {
    const found = findReport(child, reportType);
    if (found !== null) return found;
  }
  return null;
}

/** Splits a `message/delivery-status`-style body into its blank-line separated field groups. */
export function parseFieldGroups(content: Buffer): HeaderField[][] {
  return content
    .toString('utf8')
    .split(/\r?\n[ \t]*\r?\n/)
    .map((group) => parseHeaderBlock(group))
    .filter((fields) => fields.length > 0);
}
