import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteRecordScanner, MAX_RECORD_BYTES, NEED_MORE, TextRecordScanner } from '../../../../src/core/imports/reading/record-split.js';
import { splitCells } from '../../../../src/core/imports/reading/cells.js';
import { allRows, tempFile } from './helpers.js';

/** Record ends found when the data arrives in two pieces split at `cut`. */
function endsInPieces(data: Buffer, cut: number): number[] {
  const scanner = new ByteRecordScanner(0x2c, 0x22);
  const ends: number[] = [];
  let buf = data.subarray(0, cut);
  let pos = 0;
  let base = 0;
  for (const eof of [false, true]) {
    if (eof) {
      buf = Buffer.concat([buf.subarray(pos), data.subarray(cut)]);
      base += pos;
      pos = 0;
    }
    for (;;) {
      const end = scanner.next(buf, pos, eof);
      if (end === NEED_MORE) break;
      ends.push(base + end);
      pos = end;
    }
  }
  return ends;
}

describe('record splitting', () => {
  it('finds the same records wherever a read chunk ends', () => {
    const data = Buffer.from('a,"b""",c\r\n"x\ny","",z\n"""",q\n5" tall,"ok"\nlast,"un\nbalanced');
    const whole = endsInPieces(data, data.length);
    assert.deepEqual(whole.map((e, i) => data.subarray(i === 0 ? 0 : whole[i - 1], e).toString()), [
      'a,"b""",c\r\n', '"x\ny","",z\n', '"""",q\n', '5" tall,"ok"\n', 'last,"un\n', 'balanced',
    ]);
    for (let cut = 0; cut <= data.length; cut++) assert.deepEqual(endsInPieces(data, cut), whole, `cut at ${cut}`);
  });

  it('splits decoded text the same way (UTF-16 path)', () => {
    const text = 'a,"b\n""c"\nd,e\n';
    const s = new TextRecordScanner(',', '"');
    const first = s.next(text, 0, true);
    assert.equal(text.slice(0, first), 'a,"b\n""c"\n');
    assert.equal(s.quoted, true);
    assert.equal(s.next(text, first, true), text.length);
    assert.equal(s.quoted, false);
  });

  it('splits cells, honouring the enclosure', () => {
    assert.deepEqual(splitCells('a,b,,c', ',', '"', false), ['a', 'b', '', 'c']);
    assert.deepEqual(splitCells('"a,1","b""2""",5" x,"c"d,', ',', '"', true), ['a,1', 'b"2"', '5" x', 'cd', '']);
    assert.deepEqual(splitCells('""', ',', '"', true), ['']);
  });

  it('bounds a runaway enclosure and an endless line by MAX_RECORD_BYTES', async () => {
    const filler = 'x@y.com,z\n'.repeat(Math.ceil((MAX_RECORD_BYTES + 10) / 10));
    const file = tempFile(`EMAIL,NAME\n"open,never closed\n${filler}`);
    const rows = await allRows(file);
    assert.equal(rows[1]?.problem?.reason, 'unbalanced enclosure');
    assert.equal(rows[1]?.raw.toString(), '"open,never closed\n');
    assert.equal(rows.length, 2 + filler.length / 10);
    assert.ok(rows.slice(2).every((r) => r.problem === undefined));

    const long = tempFile(`EMAIL\n${'a'.repeat(MAX_RECORD_BYTES + 5)}\nb@x.com\n`);
    const longRows = await allRows(long);
    assert.match(longRows[1]?.problem?.reason ?? '', /^record longer than/);
    assert.equal(longRows[1]?.raw.length, MAX_RECORD_BYTES);
    assert.deepEqual(Buffer.concat(longRows.map((r) => r.raw)).length, MAX_RECORD_BYTES + 5 + 1 + 6 + 8);
  });
});
