import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { describeEachDatabase } from '../../support/databases.js';
import { badFileOf, contactsOf, freshAccount, importFixture, logOf, rowLines, runImport, type ImportFixture } from './helpers.js';

describeEachDatabase('imports: bad file and log', (kind) => {
  let t: ImportFixture;
  before(async () => {
    t = await importFixture(kind);
  });
  after(() => t.dispose());

  test('every rejected row: original bytes in the bad file, row/column/reason in the log', async () => {
    const a = await freshAccount(t);
    const good = Buffer.from('ann@example.com,Ann,1990-01-31\r\n');
    const badEmail = Buffer.from('not-an-email,Bob,1990-01-31\r\n');
    const badDate = Buffer.from('cat@example.com,Cat,31/01/1990\r\n');
    const dup = Buffer.from('ANN@example.com,Annie,\r\n');
    const tooMany = Buffer.from('dan@example.com,Dan,,extra\r\n');
    const empty = Buffer.from('\r\n');
    const badEncoding = Buffer.concat([Buffer.from('eve@example.com,'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(',\r\n')]);
    const last = Buffer.from('fay@example.com,Fay,');
    const file = Buffer.concat([Buffer.from('EMAIL,FIRSTNAME,DATEOFBIRTH\r\n'), good, badEmail, badDate, dup, tooMany, empty, badEncoding, last]);
    const job = await runImport(t, a, file);
    assert.equal(job.status, 'done_with_errors');
    assert.deepEqual(job.counters, { read: 8, inserted: 2, updated: 0, unchanged: 0, rejected: 6 });
    assert.deepEqual(await badFileOf(t, a, job.id), Buffer.concat([badEmail, badDate, dup, tooMany, empty, badEncoding]));
    const log = await logOf(t, a, job.id);
    assert.deepEqual(rowLines(log), [
      'row 3, column EMAIL: Invalid Email Address',
      'row 4, column DATEOFBIRTH: Invalid date "31/01/1990" (expected yyyy-MM-dd)',
      'row 5, column EMAIL: duplicate of an earlier row in this file',
      'row 6: too many columns: 4, expected 3',
      'row 7: empty line',
      'row 8: invalid character encoding (not UTF-8)',
    ]);
    assert.match(log, /rows read: 8\ninserted: 2\nupdated: 0\nunchanged: 0\nrejected: 6\n$/);
    assert.deepEqual((await contactsOf(a)).map((r) => r.email), ['ann@example.com', 'fay@example.com']);
  });

  test('a clean import has an empty bad file and a log holding only the summary', async () => {
    const a = await freshAccount(t);
    const job = await runImport(t, a, 'EMAIL\nann@example.com\n');
    assert.equal(job.status, 'done');
    assert.equal((await badFileOf(t, a, job.id)).length, 0);
    assert.equal(await logOf(t, a, job.id), 'rows read: 1\ninserted: 1\nupdated: 0\nunchanged: 0\nrejected: 0\n');
  });

  test('a WINDOWS-1251 file is decoded, and its bad rows keep their original bytes', async () => {
    const a = await freshAccount(t);
    const header = iconv.encode('EMAIL;FIRSTNAME;DATEOFBIRTH\n', 'win1251');
    const ok = iconv.encode('ivan@example.com;Иван;\n', 'win1251');
    const bad = iconv.encode('oleg@example.com;Олег;не дата\n', 'win1251');
    const job = await runImport(t, a, Buffer.concat([header, ok, bad]), { encoding: 'WINDOWS-1251' });
    assert.deepEqual(job.counters, { read: 2, inserted: 1, updated: 0, unchanged: 0, rejected: 1 });
    assert.deepEqual(await badFileOf(t, a, job.id), bad);
    assert.equal((await contactsOf(a))[0]!.firstName, 'Иван');
  });

  test('a header naming no known field ends the job in error before any row', async () => {
    const a = await freshAccount(t);
    const job = await runImport(t, a, 'EMAIL,SHOE_SIZE\nann@example.com,42\n');
    assert.equal(job.status, 'error');
    assert.match(job.error ?? '', /SHOE_SIZE/);
    assert.equal(job.counters.read, 0);
    assert.equal((await contactsOf(a)).length, 0);
  });
});
