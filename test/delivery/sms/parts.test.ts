import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildParts, dataCodingOf, MAX_VALIDITY_MINUTES, relativeValidity } from '../../../src/delivery/sms/parts.js';
import { outcome } from '../../../src/delivery/sms/sender.js';
import type { SubmitResult } from '../../../src/delivery/sms/smpp/client.js';

describe('submit_sm parts of one SMS', () => {
  it('validity periods in SMPP relative form', () => {
    const cases: Array<[number, string]> = [
      [1, '000000000100000R'],
      [90, '000000013000000R'],
      [1440, '000001000000000R'],
      [4 * 1440 + 5 * 60 + 7, '000004050700000R'],
      [MAX_VALIDITY_MINUTES, '000099235900000R'],
    ];
    for (const [minutes, expected] of cases) assert.equal(relativeValidity(minutes), expected, `${minutes} min`);
    for (const bad of [0, -5, 1.5, MAX_VALIDITY_MINUTES + 1, Number.NaN]) assert.throws(() => relativeValidity(bad), RangeError, String(bad));
  });

  it('data_coding: 0 / 8, with message class 0 bits for flash', () => {
    const cases: Array<['gsm7' | 'ucs2', boolean, number]> = [
      ['gsm7', false, 0x00],
      ['ucs2', false, 0x08],
      ['gsm7', true, 0x10],
      ['ucs2', true, 0x18],
    ];
    for (const [encoding, flash, dc] of cases) assert.equal(dataCodingOf(encoding, flash), dc, `${encoding} flash=${flash}`);
  });

  it('a short GSM text is one part without UDH, registered delivery 1', () => {
    const built = buildParts({ destination: '+77011234567', source: 'Herald', text: 'Hello {world}' }, 7);
    assert.equal(built.encoding, 'gsm7');
    assert.equal(built.parts.length, 1);
    const [part] = built.parts;
    assert.equal(part?.udh, undefined);
    assert.equal(part?.dataCoding, 0);
    assert.equal(part?.registeredDelivery, 1);
    assert.equal(part?.validityPeriod, undefined);
    // { and } are extension characters: ESC + code.
    assert.deepEqual([...(part?.body ?? [])].slice(6), [0x1b, 0x28, 0x77, 0x6f, 0x72, 0x6c, 0x64, 0x1b, 0x29]);
  });

  it('a long text gets the 8-bit concatenation UDH with the reference on every part', () => {
    const built = buildParts({ destination: '+380501234567', source: '380501112233', text: 'Привет! '.repeat(20), flash: true, validityMinutes: 60 }, 0x1ab);
    assert.equal(built.encoding, 'ucs2');
    assert.equal(built.parts.length, 3);
    built.parts.forEach((p, i) => {
      assert.deepEqual([...(p.udh ?? [])], [0x05, 0x00, 0x03, 0xab, 3, i + 1]);
      assert.equal(p.dataCoding, 0x18);
      assert.equal(p.validityPeriod, '000000010000000R');
    });
    assert.deepEqual(built.parts.map((p) => p.body.length / 2), [67, 67, 26]);
  });

  it('refuses an empty text, one over 255 parts, a bad validity', () => {
    assert.throws(() => buildParts({ destination: '+1', source: 'x', text: '' }, 0), /empty/);
    assert.throws(() => buildParts({ destination: '+1', source: 'x', text: 'a'.repeat(153 * 256) }, 0), /256 parts/);
    assert.throws(() => buildParts({ destination: '+1', source: 'x', text: 'a', validityMinutes: 0 }, 0), /validity/);
  });
});

describe("a message's result from its parts' results", () => {
  const ok = (id: string): SubmitResult => ({ messageId: id });
  const err = (kind: 'throttled' | 'temporary' | 'rejected' | 'connection-lost' | 'timeout' | 'invalid' | 'closed', commandStatus: number | null, message: string): SubmitResult => ({
    error: { kind, commandStatus, retryable: kind !== 'rejected' && kind !== 'invalid' && kind !== 'closed', message },
  });

  it('maps every combination', () => {
    const cases: Array<[string, SubmitResult[], number, Record<string, unknown>]> = [
      ['all accepted', [ok('a'), ok('b')], 2, { kind: 'submitted', parts: [{ partNo: 1, smscId: 'a' }, { partNo: 2, smscId: 'b' }] }],
      ['first refused (invalid destination)', [err('rejected', 0x0b, 'submit_sm_resp ESME_RINVDSTADR (0x0b)')], 3, { kind: 'failed', status: 'REJECTD', commandStatus: 0x0b, reason: 'part 1 of 3: submit_sm_resp ESME_RINVDSTADR (0x0b)' }],
      ['generic_nack', [err('rejected', 0x03, 'generic_nack ESME_RINVCMDID (0x03)')], 1, { kind: 'failed', commandStatus: 0x03, reason: 'generic_nack ESME_RINVCMDID (0x03)' }],
      ['Herald-side invalid', [err('invalid', null, 'too long')], 1, { kind: 'failed', commandStatus: null, reason: 'too long' }],
      ['a later part lost its connection', [ok('a'), err('connection-lost', null, 'SMPP connection lost: reset'), ok('c')], 3, { kind: 'temporary', statusIfFinal: 'EXPIRED', reason: 'part 2 of 3: SMPP connection lost: reset', submitted: [{ partNo: 1, smscId: 'a' }, { partNo: 3, smscId: 'c' }] }],
      ['still throttled', [err('throttled', 0x58, 'submit_sm_resp ESME_RTHROTTLED (0x58)')], 1, { kind: 'temporary', commandStatus: 0x58 }],
      ['permanent outweighs temporary', [ok('a'), err('timeout', null, 'no answer'), err('rejected', 0x45, 'submit_sm_resp ESME_RSUBMITFAIL (0x45)')], 3, { kind: 'failed', commandStatus: 0x45, reason: 'part 3 of 3: submit_sm_resp ESME_RSUBMITFAIL (0x45)' }],
      ['sender closing', [err('closed', null, 'closing')], 1, { kind: 'temporary' }],
      ['status named when the message lacks it', [err('rejected', 0x0b, 'refused')], 1, { kind: 'failed', reason: 'refused (ESME_RINVDSTADR (0x0b))' }],
    ];
    for (const [name, results, total, expected] of cases) {
      const got = outcome('A', 'gsm7', total, results) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(expected)) assert.deepEqual(got[key], value, `${name}: ${key}`);
    }
  });
});
