import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMicros, parseDecimalMicros } from '../../../src/core/sms/price-list.js';
import { senderIdProblem } from '../../../src/core/sms/sender-ids.js';

test('decimal prices become micros exactly, without floating-point rounding', () => {
  assert.equal(parseDecimalMicros('0.035'), 35_000);
  assert.equal(parseDecimalMicros('12.5'), 12_500_000);
  assert.equal(parseDecimalMicros(' 3 '), 3_000_000);
  assert.equal(parseDecimalMicros('0.000001'), 1);
  // 0.29 * 1e6 is 289999.99999999994 in floating point.
  assert.equal(parseDecimalMicros('0.29'), 290_000);
  for (const bad of ['', '-1', '1,5', '1.1234567', '.5', '1.', 'abc', '1e3']) assert.equal(parseDecimalMicros(bad), null, bad);
});

test('micros print as the shortest decimal', () => {
  assert.equal(formatMicros(35_000), '0.035');
  assert.equal(formatMicros(12_500_000), '12.5');
  assert.equal(formatMicros(3_000_000), '3');
  assert.equal(formatMicros(1), '0.000001');
  assert.equal(formatMicros(0), '0');
  for (const text of ['0.035', '12.5', '3', '0.29']) assert.equal(formatMicros(parseDecimalMicros(text)!), text);
});

test('sender ids: alphanumeric up to 11 characters with a letter, or up to 15 digits', () => {
  for (const ok of ['Herald', 'A', 'Shop-24.kz', 'ABCDEFGHIJK', '7', '123456789012345', 'Tom & Jerry']) assert.equal(senderIdProblem(ok), null, ok);
  assert.match(senderIdProblem('ABCDEFGHIJKL') ?? '', /11 characters/);
  assert.match(senderIdProblem('1234567890123456') ?? '', /15 digits/);
  assert.match(senderIdProblem('12-34') ?? '', /letter/);
  for (const bad of ['', ' Lead', 'Trail ', 'bad!name', 'Привет', '+77010000']) assert.notEqual(senderIdProblem(bad), null, bad);
});
