import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { convertMicros, formatRate, parseRate } from '../../../src/core/sms/exchange-rates.js';

describe('exchange rates', () => {
  it('parses positive decimals of at most 12 integer and 12 fraction digits, and writes them canonically', () => {
    const table: [text: string, canonical: string | null][] = [
      ['0.0021', '0.0021'],
      ['470.5', '470.5'],
      [' 0470.50 ', '470.5'],
      ['1', '1'],
      ['0.000000000001', '0.000000000001'],
      ['999999999999.999999999999', '999999999999.999999999999'],
      ['0', null],
      ['0.000', null],
      ['-1', null],
      ['1,5', null],
      ['1e3', null],
      ['.5', null],
      ['0.0000000000001', null],
      ['1000000000000', null],
      ['', null],
    ];
    for (const [text, canonical] of table) {
      const parsed = parseRate(text);
      assert.equal(parsed === null ? null : formatRate(parsed), canonical, JSON.stringify(text));
    }
  });

  it('converts micros by a rate, rounding half up to 4 decimals', () => {
    const table: [micros: number, rate: string, converted: number, why: string][] = [
      [15_000, '0.0021', 0, '0.015 KZT is 0.0000315 USD: below half a step rounds to 0'],
      [15_000_000, '0.0021', 31_500, '15 KZT → 0.0315 USD'],
      [2_500_000, '0.00213', 5_300, '0.0053250 → 0.0053 (below half)'],
      [2_500_000, '0.00214', 5_400, '0.00535 → 0.0054 (half up)'],
      [35_000, '470.5', 16_467_500, '0.035 USD → 16.4675 KZT exactly'],
      [1_234_567, '1', 1_234_600, 'the same currency still shows 4 decimals: 1.2346'],
      [0, '470.5', 0, 'free stays free'],
    ];
    for (const [micros, rate, converted, why] of table) assert.equal(convertMicros(micros, rate), converted, why);
  });

  it('refuses what only a bug could pass', () => {
    assert.throws(() => convertMicros(1, 'abc'), RangeError);
    assert.throws(() => convertMicros(-1, '1'), RangeError);
    assert.throws(() => convertMicros(1.5, '1'), RangeError);
  });
});
