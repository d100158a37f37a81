import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addressOf, classifyStatus, concatUdh, decodeBody, isReceipt, parseConcatUdh, splitUdh, statusName } from '../../../../src/delivery/sms/smpp/pdu-fields.js';
import { submitFields } from '../../../../src/delivery/sms/smpp/client.js';

describe('SMPP field rules', () => {
  it('classifies command statuses', () => {
    const table: [number, string][] = [
      [0x58, 'throttled'],
      [0x14, 'throttled'],
      [0x08, 'temporary'],
      [0x64, 'temporary'],
      [0x0b, 'rejected'],
      [0x45, 'rejected'],
      [0x1234, 'rejected'],
    ];
    for (const [status, kind] of table) assert.equal(classifyStatus(status), kind, statusName(status));
    assert.equal(statusName(0x58), 'ESME_RTHROTTLED (0x58)');
    assert.equal(statusName(0x401), '0x401');
  });

  it('gives addresses their TON/NPI', () => {
    assert.deepEqual(addressOf('+447700900123'), { addr: '447700900123', ton: 1, npi: 1 });
    assert.deepEqual(addressOf('79161234567'), { addr: '79161234567', ton: 1, npi: 1 });
    assert.deepEqual(addressOf('Herald'), { addr: 'Herald', ton: 5, npi: 0 });
    assert.deepEqual(addressOf('7522'), { addr: '7522', ton: 3, npi: 0 });
  });

  it('builds and reads concatenation headers', () => {
    assert.deepEqual([...concatUdh(0x2a, 3, 2)], [0x05, 0x00, 0x03, 0x2a, 3, 2]);
    assert.deepEqual([...concatUdh(0x1234, 3, 1)], [0x06, 0x08, 0x04, 0x12, 0x34, 3, 1]);
    assert.deepEqual(parseConcatUdh(concatUdh(7, 4, 4)), { reference: 7, total: 4, sequence: 4 });
    assert.deepEqual(parseConcatUdh(concatUdh(0xbeef, 2, 1)), { reference: 0xbeef, total: 2, sequence: 1 });
    // A port-addressing IE first, then the concatenation IE.
    assert.deepEqual(parseConcatUdh(Buffer.from([0x0b, 0x05, 0x04, 0x0b, 0x84, 0x23, 0xf0, 0x00, 0x03, 9, 2, 1])), { reference: 9, total: 2, sequence: 1 });
    assert.equal(parseConcatUdh(Buffer.from([0x00])), null);
    assert.throws(() => concatUdh(1, 2, 3), RangeError);
  });

  it('splits a UDH off only when esm_class says so', () => {
    const message = Buffer.concat([concatUdh(1, 2, 1), Buffer.from('hi')]);
    assert.deepEqual(splitUdh(message, 0x40).body, Buffer.from('hi'));
    assert.equal(splitUdh(message, 0x00).udh, null);
  });

  it('recognises receipts', () => {
    assert.equal(isReceipt(0x04, false), true);
    assert.equal(isReceipt(0x44, false), true);
    assert.equal(isReceipt(0x20, false), true);
    assert.equal(isReceipt(0x00, true), true);
    assert.equal(isReceipt(0x00, false), false);
    assert.equal(isReceipt(0x40, false), false);
  });

  it('decodes UCS-2 and single-octet bodies', () => {
    assert.equal(decodeBody(Buffer.from([0x04, 0x1f, 0x04, 0x40, 0x00, 0x21]), 8), 'Пр!');
    assert.equal(decodeBody(Buffer.from('stat:DELIVRD'), 0), 'stat:DELIVRD');
  });
});

describe('submit_sm fields', () => {
  const base = { source: 'Herald', destination: '+447700900123', dataCoding: 0, body: Buffer.from('hello') };

  it('sets data_coding, addresses and receipts explicitly', () => {
    const built = submitFields(base);
    assert.ok('fields' in built);
    assert.equal(built.fields.data_coding, 0);
    assert.equal(built.fields.source_addr_ton, 5);
    assert.equal(built.fields.destination_addr, '447700900123');
    assert.equal(built.fields.registered_delivery, 1);
    assert.equal(built.fields.esm_class, 0);
  });

  it('puts the UDH in front and sets esm_class 0x40', () => {
    const built = submitFields({ ...base, udh: concatUdh(5, 2, 1), dataCoding: 8, body: Buffer.from([0, 0x41]) });
    assert.ok('fields' in built);
    assert.equal(built.fields.esm_class, 0x40);
    assert.deepEqual(built.fields.short_message, Buffer.from([0x05, 0x00, 0x03, 5, 2, 1, 0, 0x41]));
  });

  it('refuses what smpp would throw on, with a clear reason', () => {
    const long = submitFields({ ...base, body: Buffer.alloc(255, 0x41) });
    assert.ok('error' in long && long.error.kind === 'invalid' && !long.error.retryable);
    assert.match(long.error.message, /255 octets is over SMPP's 254/);
    const justFits = submitFields({ ...base, body: Buffer.alloc(254, 0x41) });
    assert.ok('fields' in justFits);
    const badUdh = submitFields({ ...base, udh: Buffer.from([0x05, 0x00, 0x03]) });
    assert.ok('error' in badUdh && /UDH length/.test(badUdh.error.message));
    const oddUcs2 = submitFields({ ...base, dataCoding: 8, body: Buffer.from([0x04]) });
    assert.ok('error' in oddUcs2);
    const unicodeSender = submitFields({ ...base, source: 'Хералд' });
    assert.ok('error' in unicodeSender && /printable ASCII/.test(unicodeSender.error.message));
  });

  it('uses message_payload for long bodies only when allowed', () => {
    const built = submitFields({ ...base, body: Buffer.alloc(600, 0x41), allowPayload: true });
    assert.ok('fields' in built);
    assert.equal((built.fields.short_message as Buffer).length, 0);
    assert.equal((built.fields.message_payload as Buffer).length, 600);
  });
});
