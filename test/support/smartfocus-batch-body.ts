/**
 * Batch Member upload bodies byte for byte as the estina/smartfocus PHP library builds them
 * (docs/protocols/smartfocus.md §Batch Member, captured): a 32-hex boundary (md5 of a random seed), CRLF everywhere,
 * part headers Content-Type first then Content-Disposition with SINGLE-quoted values, the file as
 * one base64 line under `Content-Transfer-Encoding: base64`.
 * - buildInsertXml: no `<separator>` element but the bare text `tab` glued to `<dateFormat>` (the
 *   library's operator-precedence bug), autoMapping, the optional `<dedup>` block.
 * - buildUpdateXml: a real `<separator>` (`,` `;` `|` or `tab`), `<criteria>LOWER(EMAIL)</criteria>`,
 *   a `<mapping>` naming each header column with `<toReplace>true</toReplace>` on every column
 *   except EMAIL, and the file with its header line removed.
 * Also the vendor documentation's spelling (double quotes, Content-Disposition first, trailing `;`,
 * a plain binary file part).
 */
import { createHash, randomBytes } from 'node:crypto';

export interface BatchBody {
  boundary: string;
  body: Buffer;
  /** `multipart/form-data; boundary=…` as the library's insert()/update() send it. */
  contentType: string;
}

/** md5(mt_rand() . ' ' . microtime(true)): 32 lower-case hex digits. */
export function boundarySeed(): string {
  return createHash('md5').update(`${randomBytes(4).readUInt32BE()} ${Date.now() / 1000}`).digest('hex');
}

function finish(boundary: string, body: Buffer): BatchBody {
  return { boundary, body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** The library's detectDelimiter: the most frequent of , ; | TAB in the first line; TAB as `tab`. */
export function detectDelimiter(file: Buffer): string {
  const firstLine = file.toString('latin1').split('\n')[0] ?? '';
  let best = ',';
  let count = 0;
  for (const d of [',', ';', '|', '\t']) {
    const n = firstLine.split(d).length - 1;
    if (n > count) {
      count = n;
      best = d;
    }
  }
  return best === '\t' ? 'tab' : best;
}

function filePart(boundary: string, fileName: string, content: Buffer): string {
  return (
    `--${boundary}\r\n` +
    'Content-Type: application/octet-stream\r\n' +
    `Content-Disposition: form-data; name='inputStream'; filename='${fileName}'\r\n` +
    'Content-Transfer-Encoding: base64\r\n\r\n' +
    content.toString('base64') +
    `\r\n--${boundary}--\r\n`
  );
}

/** BatchMember::buildInsertXml($filepath, $dateformat, $dedup). */
export function buildInsertXml(fileName: string, content: Buffer, dateFormat = 'yyyy-MM-dd', dedup = true, boundary = boundarySeed()): BatchBody {
  let xml = `--${boundary}\r\n`;
  xml += 'Content-Type: text/xml\r\n';
  xml += "Content-Disposition: form-data; name='insertUpload'\r\n\r\n";
  xml += "<?xml version='1.0' encoding='UTF-8'?>\r\n";
  xml += '<insertUpload>\r\n';
  xml += `<fileName>${fileName}</fileName>\r\n`;
  xml += '<fileEncoding>UTF-8</fileEncoding>\r\n';
  // The bug: the whole `<separator>…</separator>\r\n` concatenation collapses to the bare word.
  xml += 'tab';
  xml += `<dateFormat>${dateFormat}</dateFormat>\r\n`;
  xml += '<autoMapping>true</autoMapping>\r\n';
  if (dedup) {
    xml += '<dedup>\r\n<criteria>LOWER(EMAIL)</criteria>\r\n<order>first</order>\r\n<skipUnsubAndHBQ>true</skipUnsubAndHBQ>\r\n</dedup>\r\n';
  }
  xml += '</insertUpload>\r\n';
  return finish(boundary, Buffer.from(xml + filePart(boundary, fileName, content), 'utf8'));
}

/** BatchMember::buildUpdateXml($filepath, $dateformat): mapping from the header, header removed. */
export function buildUpdateXml(fileName: string, content: Buffer, dateFormat = 'yyyy-MM-dd', boundary = boundarySeed()): BatchBody {
  const text = content.toString('latin1');
  const eol = text.indexOf('\n');
  const headerLine = (eol < 0 ? text : text.slice(0, eol)).replace(/\r$/, '');
  const separator = detectDelimiter(content);
  const columns = headerLine.split(separator === 'tab' ? '\t' : separator);
  const rest = eol < 0 ? Buffer.alloc(0) : content.subarray(eol + 1);
  let xml = `--${boundary}\r\n`;
  xml += 'Content-Type: text/xml\r\n';
  xml += "Content-Disposition: form-data; name='mergeUpload'\r\n\r\n";
  xml += "<?xml version='1.0' encoding='UTF-8'?>\r\n";
  xml += '<mergeUpload>\r\n';
  xml += `<fileName>${fileName}</fileName>\r\n`;
  xml += '<fileEncoding>UTF-8</fileEncoding>\r\n';
  xml += `<separator>${separator}</separator>\r\n`;
  xml += `<dateFormat>${dateFormat}</dateFormat>\r\n`;
  xml += '<criteria>LOWER(EMAIL)</criteria>\r\n';
  xml += '<mapping>\r\n';
  columns.forEach((name, i) => {
    xml += `<column>\r\n<colNum>${i + 1}</colNum>\r\n<fieldName>${name}</fieldName>\r\n`;
    if (name !== 'EMAIL') xml += '<toReplace>true</toReplace>\r\n';
    xml += '</column>\r\n';
  });
  xml += '</mapping>\r\n';
  xml += '</mergeUpload>\r\n';
  return finish(boundary, Buffer.from(xml + filePart(boundary, fileName, rest), 'utf8'));
}

/**
 * The vendor guide's spelling: double quotes, Content-Disposition first, a trailing `;` after the
 * part name, and the file sent as plain bytes.
 */
export function vendorDocBody(element: 'insertUpload' | 'mergeUpload', xml: string, fileName: string, content: Buffer, boundary = boundarySeed()): BatchBody {
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${element}";\r\n` +
    'Content-Type: text/xml\r\n\r\n' +
    `${xml}\r\n` +
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="inputStream"; filename="${fileName}"\r\n` +
    'Content-Type: application/octet-stream\r\n\r\n';
  return finish(boundary, Buffer.concat([Buffer.from(head, 'utf8'), content, Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')]));
}
