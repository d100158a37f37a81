/**
 * The multipart bodies of insertUpload and mergeUpload, as the PHP library's buildInsertXml /
 * buildUpdateXml build them (docs/protocols/smartfocus.md §Batch Member): a 32-hex boundary, CRLF line ends, part headers
 * Content-Type then Content-Disposition with SINGLE-quoted names, the XML description, then the
 * file as one base64 line under `Content-Transfer-Encoding: base64`. Pure functions.
 *
 * Fixed against the library: insertUpload carries a real `<separator>` (the library's
 * operator-precedence bug sends the bare text `tab` instead, which the vendor refuses), and file
 * names and column names are XML-escaped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { xmlEscape } from './encoding.js';

export interface UploadFile {
  /** The file name the service records (the library sends basename($filepath)). */
  name: string;
  /** CSV bytes (a string is UTF-8). */
  content: Uint8Array | string;
}

export interface UploadBody {
  boundary: string;
  /** `multipart/form-data; boundary=…`, the header insert()/update() send. */
  contentType: string;
  body: Buffer;
}

export type Separator = ',' | ';' | '|' | 'tab';

/** Like the library's md5(mt_rand() . ' ' . microtime(true)): 32 lower-case hex digits. */
export function boundarySeed(): string {
  return createHash('md5').update(randomBytes(16)).digest('hex');
}

function bytesOf(content: Uint8Array | string): Buffer {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
}

function firstLineEnd(content: Buffer): number {
  const eol = content.indexOf(0x0a);
  return eol < 0 ? content.length : eol;
}

/** The library's detectDelimiter: the most frequent of `,` `;` `|` TAB in the first line (`,` on a tie or none); TAB as `tab`. */
export function detectDelimiter(content: Uint8Array | string): Separator {
  const bytes = bytesOf(content);
  const line = bytes.subarray(0, firstLineEnd(bytes)).toString('latin1');
  let best: Separator = ',';
  let count = 0;
  for (const [d, name] of [[',', ','], [';', ';'], ['|', '|'], ['\t', 'tab']] as const) {
    const n = line.split(d).length - 1;
    if (n > count) {
      count = n;
      best = name;
    }
  }
  return best;
}

/** A value for a single-quoted header parameter: quotes and line breaks cannot appear there. */
function headerParam(value: string): string {
  return value.replace(/['"\r\n]/g, '_');
}

function part(boundary: string, element: 'insertUpload' | 'mergeUpload', xml: string, file: UploadFile, content: Buffer): UploadBody {
  const text =
    `--${boundary}\r\n` +
    'Content-Type: text/xml\r\n' +
    `Content-Disposition: form-data; name='${element}'\r\n\r\n` +
    "<?xml version='1.0' encoding='UTF-8'?>\r\n" +
    xml +
    `--${boundary}\r\n` +
    'Content-Type: application/octet-stream\r\n' +
    `Content-Disposition: form-data; name='inputStream'; filename='${headerParam(file.name)}'\r\n` +
    'Content-Transfer-Encoding: base64\r\n\r\n' +
    content.toString('base64') +
    `\r\n--${boundary}--\r\n`;
  return { boundary, contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(text, 'utf8') };
}

/** buildInsertXml: autoMapping (first line = column names), optional dedup on LOWER(EMAIL). */
export function insertUploadBody(file: UploadFile, dateFormat = 'yyyy-MM-dd', dedup = true, boundary = boundarySeed()): UploadBody {
  const content = bytesOf(file.content);
  let xml = '<insertUpload>\r\n';
  xml += `<fileName>${xmlEscape(file.name)}</fileName>\r\n`;
  xml += '<fileEncoding>UTF-8</fileEncoding>\r\n';
  xml += `<separator>${detectDelimiter(content)}</separator>\r\n`;
  xml += `<dateFormat>${xmlEscape(dateFormat)}</dateFormat>\r\n`;
  xml += '<autoMapping>true</autoMapping>\r\n';
  if (dedup) xml += '<dedup>\r\n<criteria>LOWER(EMAIL)</criteria>\r\n<order>first</order>\r\n<skipUnsubAndHBQ>true</skipUnsubAndHBQ>\r\n</dedup>\r\n';
  xml += '</insertUpload>\r\n';
  return part(boundary, 'insertUpload', xml, file, content);
}

/** The header line's column names (trimmed, surrounding double quotes removed). */
export function headerColumns(content: Uint8Array | string, separator: Separator): string[] {
  const bytes = bytesOf(content);
  const line = bytes.subarray(0, firstLineEnd(bytes)).toString('utf8').replace(/\r$/, '').replace(/^\uFEFF/, '');
  return line.split(separator === 'tab' ? '\t' : separator).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * buildUpdateXml: a `<mapping>` from the header line (every column but EMAIL replaces the stored
 * value), members matched on LOWER(EMAIL), and the file without its header line.
 */
export function mergeUploadBody(file: UploadFile, dateFormat = 'yyyy-MM-dd', boundary = boundarySeed()): UploadBody {
  const content = bytesOf(file.content);
  const separator = detectDelimiter(content);
  const eol = content.indexOf(0x0a);
  const rows = eol < 0 ? Buffer.alloc(0) : content.subarray(eol + 1);
  let xml = '<mergeUpload>\r\n';
  xml += `<fileName>${xmlEscape(file.name)}</fileName>\r\n`;
  xml += '<fileEncoding>UTF-8</fileEncoding>\r\n';
  xml += `<separator>${separator}</separator>\r\n`;
  xml += `<dateFormat>${xmlEscape(dateFormat)}</dateFormat>\r\n`;
  xml += '<criteria>LOWER(EMAIL)</criteria>\r\n';
  xml += '<mapping>\r\n';
  headerColumns(content, separator).forEach((name, i) => {
    xml += `<column>\r\n<colNum>${i + 1}</colNum>\r\n<fieldName>${xmlEscape(name)}</fieldName>\r\n`;
    if (name.toUpperCase() !== 'EMAIL') xml += '<toReplace>true</toReplace>\r\n';
    xml += '</column>\r\n';
  });
  xml += '</mapping>\r\n';
  xml += '</mergeUpload>\r\n';
  return part(boundary, 'mergeUpload', xml, file, rows);
}

/** The boundary of a body built elsewhere: its first line without the leading `--` (as the library's extractSeed). */
export function boundaryOf(body: Uint8Array | string): string {
  const bytes = bytesOf(body);
  const line = bytes.subarray(0, Math.min(firstLineEnd(bytes), 200)).toString('latin1').trim();
  if (!line.startsWith('--') || line.length < 3) throw new RangeError('Cannot find boundary seed, invalid body: it must start with --boundary');
  return line.slice(2);
}
