import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildReceipt,
  formatReceiptText,
  normaliseSmscId,
  parseReceiptDate,
  parseReceiptText,
  SmscIdIndex,
  smscIdKeys,
  smscIdsMatch,
  statusFromMessageState,
  type ReceiptSource,
  type ReceiptStatus,
} from '../../../../src/delivery/sms/smpp/receipt.js';

const utc = (y: number, mo: number, d: number, h: number, mi: number, s = 0): Date => new Date(Date.UTC(y, mo - 1, d, h, mi, s));

describe('delivery receipt parsing', () => {
  const cases: { name: string; source: ReceiptSource; expect: Partial<Record<string, unknown>> | null }[] = [
    {
      name: 'the Appendix B text form',
      source: { text: 'id:1234567890 sub:001 dlvrd:001 submit date:2401021530 done date:2401021531 stat:DELIVRD err:000 text:Hello world' },
      expect: { messageId: '1234567890', status: 'DELIVRD', submitted: 1, delivered: 1, submitDate: utc(2024, 1, 2, 15, 30), doneDate: utc(2024, 1, 2, 15, 31), error: '000', text: 'Hello world' },
    },
    {
      name: 'lowercase keys and status',
      source: { text: 'id:abc123 sub:001 dlvrd:000 submit date:2401021530 done date:2401021531 stat:undeliv err:001 text:' },
      expect: { messageId: 'abc123', status: 'UNDELIV', delivered: 0, error: '001', text: '' },
    },
    {
      name: 'uppercase keys',
      source: { text: 'ID:77 SUB:001 DLVRD:001 SUBMIT DATE:2401021530 DONE DATE:2401021531 STAT:DELIVRD ERR:000 TEXT:x' },
      expect: { messageId: '77', status: 'DELIVRD', submitDate: utc(2024, 1, 2, 15, 30), text: 'x' },
    },
    {
      name: 'seconds in the dates',
      source: { text: 'id:5 sub:001 dlvrd:001 submit date:240102153012 done date:240102153159 stat:DELIVRD err:000' },
      expect: { submitDate: utc(2024, 1, 2, 15, 30, 12), doneDate: utc(2024, 1, 2, 15, 31, 59), text: null },
    },
    {
      name: 'underscored date keys',
      source: { text: 'id:5 submit_date:2401021530 done_date:2401021531 stat:EXPIRED err:027' },
      expect: { status: 'EXPIRED', submitDate: utc(2024, 1, 2, 15, 30), error: '027', submitted: null },
    },
    {
      name: 'missing fields tolerated',
      source: { text: 'id:99 stat:REJECTD' },
      expect: { messageId: '99', status: 'REJECTD', submitted: null, delivered: null, submitDate: null, doneDate: null, error: null, text: null },
    },
    {
      name: 'text with colons and stat-like words is kept whole',
      source: { text: 'id:1 sub:001 dlvrd:001 submit date:2401021530 done date:2401021531 stat:DELIVRD err:000 text:code: 42 stat:FAKE' },
      expect: { status: 'DELIVRD', text: 'code: 42 stat:FAKE' },
    },
    {
      name: 'TLVs only, empty text',
      source: { text: '', receiptedMessageId: '0A1B2C', messageState: 2 },
      expect: { messageId: '0A1B2C', textId: null, tlvId: '0A1B2C', status: 'DELIVRD', rawStat: null },
    },
    {
      name: 'TLV state wins over the text',
      source: { text: 'id:10 stat:ENROUTE', receiptedMessageId: '10', messageState: 5 },
      expect: { status: 'UNDELIV', rawStat: 'ENROUTE' },
    },
    {
      name: 'TLV id kept beside a decimal text id (hex submit id)',
      source: { text: 'id:1715004 sub:001 dlvrd:001 stat:DELIVRD err:000', receiptedMessageId: '1A2B3C', messageState: 2 },
      expect: { messageId: '1A2B3C', textId: '1715004', tlvId: '1A2B3C' },
    },
    {
      name: 'status spelled out',
      source: { text: 'id:8 stat:DELIVERED err:0' },
      expect: { status: 'DELIVRD', rawStat: 'DELIVERED', error: '0' },
    },
    {
      name: 'unknown stat becomes UNKNOWN with the raw value kept',
      source: { text: 'id:8 stat:WHATEVER' },
      expect: { status: 'UNKNOWN', rawStat: 'WHATEVER' },
    },
    {
      name: 'impossible date is null, not a wrong date',
      source: { text: 'id:8 submit date:2413321599 stat:ACCEPTD' },
      expect: { submitDate: null, status: 'ACCEPTD' },
    },
    {
      name: 'network_error_code TLV',
      source: { text: 'id:3 stat:UNDELIV err:034', networkErrorCode: Buffer.from([0x03, 0x00, 0x22]) },
      expect: { networkError: 0x22, error: '034' },
    },
    {
      name: 'trailing NULs from a C SMSC',
      source: { text: 'id:42 stat:DELIVRD text:hi\0\0', receiptedMessageId: '42\0' },
      expect: { messageId: '42', text: 'hi' },
    },
    {
      name: 'dlvd abbreviation and extra spaces',
      source: { text: 'id: 600  sub: 001  dlvd: 001  stat: DELIVRD' },
      expect: { messageId: '600', submitted: 1, delivered: 1, status: 'DELIVRD' },
    },
    { name: 'no id anywhere is refused', source: { text: 'sub:001 dlvrd:001 stat:DELIVRD' }, expect: null },
    { name: 'free text is refused', source: { text: 'Your balance is low' }, expect: null },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const receipt = buildReceipt(c.source);
      if (c.expect === null) return assert.equal(receipt, null);
      assert.ok(receipt, 'expected a receipt');
      for (const [key, value] of Object.entries(c.expect)) assert.deepEqual(receipt[key as keyof typeof receipt], value, key);
    });
  }

  it('maps every message_state', () => {
    const expected: ReceiptStatus[] = ['ENROUTE', 'ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD', 'UNKNOWN', 'UNKNOWN'];
    assert.deepEqual(expected.map((_, state) => statusFromMessageState(state)), expected);
  });

  it('reads back what the simulator writes', () => {
    const text = formatReceiptText({ id: 'FF01', submitted: 1, delivered: 0, submitDate: utc(2025, 12, 31, 23, 59), doneDate: utc(2026, 1, 1, 0, 1), status: 'EXPIRED', error: '027', text: 'A rather long message text that is cut' });
    const fields = parseReceiptText(text);
    assert.deepEqual(fields, { id: 'FF01', sub: 1, dlvrd: 0, submitDate: utc(2025, 12, 31, 23, 59), doneDate: utc(2026, 1, 1, 0, 1), stat: 'EXPIRED', err: '027', text: 'A rather long messag' });
  });

  it('reads dates strictly', () => {
    assert.deepEqual(parseReceiptDate('2402291200'), utc(2024, 2, 29, 12, 0));
    assert.equal(parseReceiptDate('2302291200'), null);
    assert.equal(parseReceiptDate('24022912'), null);
    assert.equal(parseReceiptDate('2402291260'), null);
  });
});

describe('SMSC id matching', () => {
  const table: { submit: string; receipt: string; match: boolean }[] = [
    { submit: '12345', receipt: '12345', match: true },
    { submit: '1A2B3C', receipt: '1715004', match: true }, // hex submit, decimal receipt
    { submit: '1715004', receipt: '1A2B3C', match: true }, // decimal submit, hex receipt
    { submit: '1a2b3c', receipt: '1A2B3C', match: true }, // case
    { submit: '0001a2b3c', receipt: '1A2B3C', match: true }, // leading zeros
    { submit: '00012345', receipt: '12345', match: true },
    { submit: 'ff', receipt: '255', match: true },
    { submit: '12345', receipt: '12346', match: false },
    { submit: 'msg-0001', receipt: 'MSG-0001', match: true }, // opaque ids: case only
    { submit: 'msg-0001', receipt: 'msg-1', match: false },
    { submit: '1A2B3C', receipt: '1715005', match: false },
  ];
  for (const row of table) {
    it(`${row.submit} ${row.match ? 'matches' : 'does not match'} ${row.receipt}`, () => assert.equal(smscIdsMatch(row.submit, row.receipt), row.match));
  }

  it('normalises to one canonical form', () => {
    assert.equal(normaliseSmscId(' 00AbC\0'), 'abc');
    assert.equal(normaliseSmscId('0'), '0');
    assert.equal(normaliseSmscId('000'), '0');
    assert.equal(normaliseSmscId('Msg-01'), 'msg-01');
    assert.deepEqual(smscIdKeys('1A'), ['1a', '26']);
    assert.deepEqual(smscIdKeys('9'), ['9']);
    assert.deepEqual(smscIdKeys('xyz'), ['xyz']);
    assert.deepEqual(smscIdKeys('ffffffffffffffffffff'), ['ffffffffffffffffffff', '1208925819614629174706175']);
  });

  it('prefers an exact match over a cross-form one', () => {
    const index = new SmscIdIndex<string>();
    index.set('12345', 'decimal message'); // also reachable as 0x12345 = 74565
    index.set('74565', 'other message');
    assert.equal(index.get('74565'), 'other message');
    assert.equal(index.get('12345'), 'decimal message');
    index.set('1A2B3C', 'hex message');
    assert.equal(index.get('1715004'), 'hex message');
    assert.equal(index.get('1a2b3c'), 'hex message');
    index.delete('1A2B3C');
    assert.equal(index.get('1715004'), undefined);
  });

  it('learns which form an SMSC uses when an id is ambiguous', () => {
    const index = new SmscIdIndex<string>();
    // Hex submit ids, receipts in decimal: `10` is both submit 0x10 and the decimal of submit 0xA.
    for (let n = 1; n <= 0x30; n++) index.set(n.toString(16).toUpperCase(), `message ${n}`);
    assert.equal(index.get('10'), 'message 16'); // no evidence yet: exact form first
    assert.equal(index.get('47'), 'message 47'); // only reachable as hex 0x2F → evidence for hex submits
    assert.equal(index.get('10'), 'message 10');
    assert.equal(index.evidence.hexSubmit, 1);
  });
});
