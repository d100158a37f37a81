import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { Base64Decoder, Base64Error, FileTooLargeError, decodeBase64, limitBytes } from '../../../src/faces/smartfocus/batch/base64-stream.js';
import { MultipartReader, boundaryOf, parseDispositionParams, parsePartHeaders } from '../../../src/faces/smartfocus/batch/multipart.js';
import { parseUploadXml, UploadParameterError } from '../../../src/faces/smartfocus/batch/upload-xml.js';
import { baseImportOptions, explicitMapping } from '../../../src/faces/smartfocus/batch/upload-options.js';
import { fromSfStatus, toSfStatus } from '../../../src/faces/smartfocus/batch/statuses.js';
import { parseUploadsQuery } from '../../../src/faces/smartfocus/batch/uploads-query.js';
import { formatSfDate } from '../../../src/faces/smartfocus/batch/uploads-xml.js';
import type { ImportStatus } from '../../../src/core/imports/types.js';
import { buildInsertXml, buildUpdateXml, vendorDocBody } from '../../support/smartfocus-batch-body.js';

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of source) out.push(Buffer.from(c));
  return Buffer.concat(out);
}

/** A stream delivering `body` in pieces of `size` bytes: every split point a real socket could produce. */
function chunked(body: Buffer, size: number): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) pieces.push(body.subarray(i, i + size));
  return Readable.from(pieces, { objectMode: false });
}

interface ReadPart {
  name: string | null;
  fileName: string | null;
  transferEncoding: string | null;
  body: Buffer;
}

async function readAll(stream: Readable, boundary: string): Promise<ReadPart[]> {
  const reader = new MultipartReader(stream, boundary);
  const parts: ReadPart[] = [];
  for (let p = await reader.nextPart(); p !== null; p = await reader.nextPart()) {
    parts.push({ name: p.name, fileName: p.fileName, transferEncoding: p.transferEncoding, body: await collect(reader.body()) });
  }
  return parts;
}

const CSV = Buffer.from('EMAIL,FIRSTNAME,LASTNAME\r\nann@example.com,Ann,Lee\r\nbob@example.com,Bob,Ray\r\n');

describe('SmartFocus batch: multipart reader', () => {
  test('boundary and disposition parameters in every spelling', () => {
    assert.equal(boundaryOf('multipart/form-data; boundary=0123abcd'), '0123abcd');
    assert.equal(boundaryOf('multipart/form-data; boundary="a b"'), 'a b');
    assert.equal(boundaryOf('text/xml'), null);
    assert.equal(boundaryOf('multipart/form-data'), null);
    assert.deepEqual(parseDispositionParams("form-data; name='inputStream'; filename='m.csv'"), { name: 'inputStream', filename: 'm.csv' });
    assert.deepEqual(parseDispositionParams('form-data; name="insertUpload";'), { name: 'insertUpload' });
    const info = parsePartHeaders("Content-Type: application/octet-stream\r\nContent-Disposition: form-data; name='inputStream'; filename='a.csv'\r\nContent-Transfer-Encoding: BASE64");
    assert.equal(info.fileName, 'a.csv');
    assert.equal(info.transferEncoding, 'base64');
  });

  test('the PHP library body, split at every chunk size from 1 byte', async () => {
    const built = buildInsertXml('members.csv', CSV);
    for (const size of [1, 2, 3, 7, 33, 34, 35, 64, 1000, built.body.length]) {
      const parts = await readAll(chunked(built.body, size), built.boundary);
      assert.equal(parts.length, 2, `chunk size ${size}`);
      assert.equal(parts[0]!.name, 'insertUpload');
      assert.match(parts[0]!.body.toString(), /^<\?xml version='1\.0' encoding='UTF-8'\?>\r\n<insertUpload>[\s\S]*<\/insertUpload>$/);
      assert.equal(parts[1]!.fileName, 'members.csv');
      assert.equal(parts[1]!.transferEncoding, 'base64');
      assert.deepEqual(await collect(decodeBase64((async function* () { yield parts[1]!.body; })())), CSV);
    }
  });

  test('the vendor spelling: binary part kept byte for byte, including CRLFs and dashes', async () => {
    const binary = Buffer.concat([CSV, Buffer.from('--not-a-boundary\r\n\r\n'), Buffer.from([0, 0xff, 0x0d])]);
    const built = vendorDocBody('insertUpload', '<insertUpload><fileName>a.csv</fileName><autoMapping>true</autoMapping></insertUpload>', 'a.csv', binary);
    for (const size of [1, 5, 4096]) {
      const parts = await readAll(chunked(built.body, size), built.boundary);
      assert.equal(parts[0]!.name, 'insertUpload');
      assert.equal(parts[1]!.name, 'inputStream');
      assert.equal(parts[1]!.transferEncoding, null);
      assert.deepEqual(parts[1]!.body, binary);
    }
  });

  test('a truncated body is an error', async () => {
    const built = buildInsertXml('m.csv', CSV);
    await assert.rejects(readAll(chunked(built.body.subarray(0, built.body.length - 40), 16), built.boundary), /ends before its closing boundary/);
  });
});

describe('SmartFocus batch: incremental base64', () => {
  test('decodes across every split point and ignores line breaks', () => {
    const data = Buffer.from(Array.from({ length: 300 }, (_, i) => i % 256));
    const text = data.toString('base64').replace(/(.{76})/g, '$1\r\n');
    for (const size of [1, 2, 3, 4, 5, 77, 1000]) {
      const d = new Base64Decoder();
      const out: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) out.push(d.push(Buffer.from(text.slice(i, i + size))));
      out.push(d.end());
      assert.deepEqual(Buffer.concat(out), data, `split ${size}`);
    }
  });

  test('rejects characters outside the alphabet and data after padding', () => {
    assert.throws(() => new Base64Decoder().push(Buffer.from('ab$d')), Base64Error);
    const d = new Base64Decoder();
    d.push(Buffer.from('YQ=='));
    assert.throws(() => d.push(Buffer.from('YWJj')), Base64Error);
  });

  test('limitBytes stops past the limit', async () => {
    const src = (async function* () { yield Buffer.alloc(6); yield Buffer.alloc(6); })();
    await assert.rejects(collect(limitBytes(src, 10)), FileTooLargeError);
    assert.equal((await collect(limitBytes((async function* () { yield Buffer.alloc(10); })(), 10))).length, 10);
  });
});

describe('SmartFocus batch: upload XML', () => {
  const xmlOf = (built: { body: Buffer }, element: string): string => {
    const text = built.body.toString('utf8');
    return text.slice(text.indexOf("<?xml"), text.indexOf(`</${element}>`) + element.length + 3);
  };

  test('insertUpload from the PHP library: stray `tab` ignored, no separator = detect, dedup read', () => {
    const req = parseUploadXml('insert', xmlOf(buildInsertXml('members.csv', CSV, 'dd/MM/yyyy'), 'insertUpload'));
    assert.deepEqual(req, {
      kind: 'insert', fileName: 'members.csv', encoding: 'UTF-8', delimiter: undefined, dateFormat: 'dd/MM/yyyy',
      autoMapping: true, skipFirstLine: false, columns: [], skipUnsubscribedAndHardBounced: true, dedupKey: 'email', dedupOrder: 'first',
    });
    const options = baseImportOptions(req);
    assert.equal(options.mode, 'insert');
    assert.equal(options.header, true);
    assert.equal(options.delimiter, undefined);
    assert.equal(options.dateFormat, 'dd/MM/yyyy');
    // buildInsertXml($file, $format, false): no <dedup>; Herald still keys members on their email.
    const plain = parseUploadXml('insert', xmlOf(buildInsertXml('m.csv', CSV, 'yyyy-MM-dd', false), 'insertUpload'));
    assert.equal(plain.dedupKey, undefined);
    assert.equal(baseImportOptions(plain).dedupKey, 'email');
    assert.equal(baseImportOptions(plain).skipUnsubscribedAndHardBounced, false);
  });

  test('mergeUpload from the PHP library: headerless file, mapping with toReplace except EMAIL', () => {
    const req = parseUploadXml('merge', xmlOf(buildUpdateXml('m.csv', Buffer.from('EMAIL;FIRSTNAME;EMVCELLPHONE\na@b.c;A;1\n')), 'mergeUpload'));
    assert.equal(req.delimiter, ';');
    assert.equal(req.dedupKey, 'email');
    const options = baseImportOptions(req);
    assert.equal(options.mode, 'upsert');
    assert.equal(options.header, false);
    assert.deepEqual(explicitMapping(req), [
      { column: 1, field: 'EMAIL', replace: false },
      { column: 2, field: 'FIRSTNAME', replace: true },
      { column: 3, field: 'EMVCELLPHONE', replace: true },
    ]);
  });

  test('separators, criteria and order', () => {
    const x = (inner: string) => `<mergeUpload><fileName>f.csv</fileName><autoMapping>true</autoMapping>${inner}</mergeUpload>`;
    assert.equal(parseUploadXml('merge', x('<separator>tab</separator>')).delimiter, '\t');
    assert.equal(parseUploadXml('merge', x('<separator>|</separator>')).delimiter, '|');
    assert.equal(parseUploadXml('merge', x('<dedup><criteria>EMVCELLPHONE</criteria><order>LAST</order></dedup>')).dedupKey, 'mobile');
    assert.equal(parseUploadXml('merge', x('<dedup><criteria>MEMBER_ID</criteria><order>last</order></dedup>')).dedupOrder, 'last');
    assert.equal(parseUploadXml('merge', x('<criteria>EMAIL</criteria>')).dedupKey, 'email');
  });

  test('bad or missing parameters', () => {
    const bad: Array<[string, RegExp]> = [
      ['', /insertUpload' is required/],
      ['<insertUpload><autoMapping>true</autoMapping></insertUpload>', /fileName' is required/],
      ['<insertUpload><fileName>a</fileName></insertUpload>', /autoMapping' true or a 'mapping'/],
      ['<insertUpload><fileName>a</fileName><autoMapping>yes</autoMapping></insertUpload>', /true or false/],
      ['<insertUpload><fileName>a</fileName><autoMapping>true</autoMapping><separator>x</separator></insertUpload>', /Invalid separator/],
      ['<insertUpload><fileName>a</fileName><autoMapping>true</autoMapping><dedup><criteria>NAME</criteria></dedup></insertUpload>', /Invalid criteria/],
      ['<insertUpload><fileName>a</fileName><mapping><column><colNum>x</colNum><fieldName>EMAIL</fieldName></column></mapping></insertUpload>', /Invalid colNum/],
      ['<insertUpload><fileName>a</fileName><mapping><column><colNum>1</colNum><fieldName>EMAIL</fieldName></column><column><colNum>1</colNum><fieldName>X</fieldName></column></mapping></insertUpload>', /mapped twice/],
      ['<insertUpload><fileName>a</fileName', /not well formed/],
      ['<mergeUpload><fileName>a</fileName></mergeUpload>', /insertUpload' is required/],
    ];
    for (const [xml, message] of bad) assert.throws(() => parseUploadXml('insert', xml), (e: unknown) => e instanceof UploadParameterError && message.test(e.message), xml);
  });
});

describe('SmartFocus batch: statuses and listing parameters', () => {
  test('every engine status maps to its SmartFocus name and back', () => {
    const pairs: Array<[ImportStatus, string]> = [
      ['stored', 'STORAGE'], ['validated', 'VALIDATED'], ['queued', 'QUEUED'], ['importing', 'IMPORTING'],
      ['done', 'DONE'], ['done_with_errors', 'DONE WITH ERRORS'], ['error', 'ERROR'], ['failed', 'FAILURE'],
    ];
    for (const [core, sf] of pairs) {
      assert.equal(toSfStatus(core), sf);
      assert.equal(fromSfStatus(sf), core);
    }
    assert.equal(fromSfStatus('done_with_errors'), 'done_with_errors');
    assert.equal(fromSfStatus('nope'), null);
  });

  test('getUploads query as the library writes it', () => {
    assert.deepEqual(parseUploadsQuery('2', { pageSize: '5000', sort: 'status:', search: 'status:QUEUED|source:API_BATCH_MEMBER' }), {
      page: 2, pageSize: 1000, sort: 'status', descending: false, status: 'queued', source: 'API_BATCH_MEMBER',
    });
    assert.deepEqual(parseUploadsQuery('0', { pageSize: '0' }), { page: 1, pageSize: 1, sort: 'createdAt', descending: true });
    assert.equal(parseUploadsQuery('1', { sort: 'uploadId:desc' }).descending, true);
    assert.throws(() => parseUploadsQuery('x', {}), UploadParameterError);
    assert.throws(() => parseUploadsQuery('1', { search: 'status:SLEEPING' }), UploadParameterError);
  });

  test('dates in the guide form', () => {
    assert.equal(formatSfDate('2013-05-10T14:48:07.123Z'), '2013-05-10T14:48:07+00:00');
    assert.equal(formatSfDate('2013-05-10 14:48:07'), '2013-05-10T14:48:07+00:00');
  });
});
