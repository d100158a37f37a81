/**
 * getLogFile / getBadFile: `<result xsi:type="xs:string">text</result>` whose text is streamed from
 * the job's file (either may be as large as the upload), XML-escaped. The bad file holds rejected
 * lines in the upload's own encoding; it is decoded from it so the XML is UTF-8 throughout.
 */
import { Readable, Transform } from 'node:stream';
import iconv from 'iconv-lite';
import { normaliseEncoding } from '../../../core/imports/reading/sniff.js';
import type { ImportJob } from '../../../core/imports/types.js';
import type { SfReply } from '../common/router.js';
import { XML_DECLARATION, escapeXml } from '../common/xml.js';

const NS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

/**
 * Escaping is per character, so a chunk boundary cannot split an entity. CR is written `&#13;`:
 * XML parsers turn a literal CRLF into LF, and the bad file must reach the client line for line as
 * the upload had it.
 */
export function escapeFileText(text: string): string {
  return escapeXml(text).replace(/\r/g, '&#13;');
}

function escapingStream(): Transform {
  return new Transform({
    decodeStrings: false,
    transform(chunk: string | Buffer, _enc, done) {
      done(null, escapeFileText(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
    },
  });
}

/**
 * The encoding the job read its file in. Without an explicit one the engine honours a BOM, else
 * reads UTF-8; the bad file carries no BOM, so UTF-8 is the right reading there too.
 */
export function badFileEncoding(job: ImportJob): string {
  if (job.options.encoding === undefined) return 'UTF-8';
  try {
    return normaliseEncoding(job.options.encoding);
  } catch {
    return 'UTF-8';
  }
}

/** `trailer` (already decoded text) follows the file: why a job ended in ERROR/FAILURE. */
export function streamedResult(file: Readable, encoding: string, trailer = ''): SfReply {
  const decoded = file.pipe(iconv.decodeStream(encoding));
  const escaped = decoded.pipe(escapingStream());
  // pipe() does not forward errors: a failed read must fail the response, not hang it.
  file.on('error', (err) => escaped.destroy(err));
  decoded.on('error', (err) => escaped.destroy(err));
  async function* wrap(): AsyncGenerator<string> {
    yield `${XML_DECLARATION}<response responseStatus="success"><result xsi:type="xs:string" ${NS}>`;
    for await (const chunk of escaped) yield String(chunk);
    if (trailer !== '') yield escapeFileText(trailer);
    yield '</result></response>';
  }
  return { status: 200, body: '', stream: Readable.from(wrap(), { objectMode: false }) };
}
