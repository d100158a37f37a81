import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_ID, MAX_INT32, wholeNumberIn } from '../../src/core/bounds.js';

test('wholeNumberIn accepts whole numbers within the bounds and nothing else', () => {
  const cases: [string, number, number, number | null][] = [
    ['0', 0, MAX_INT32, 0],
    [' 42 ', 0, MAX_INT32, 42],
    ['2147483647', 0, MAX_INT32, MAX_INT32],
    ['2147483648', 0, MAX_INT32, null],
    ['99999999999999999999', 1, MAX_ID, null],
    ['9007199254740991', 1, MAX_ID, MAX_ID],
    ['9007199254740992', 1, MAX_ID, null],
    ['-1', 0, MAX_INT32, null],
    ['-1', -5, 5, -1],
    ['1.5', 0, MAX_INT32, null],
    ['1e3', 0, MAX_INT32, null],
    ['1e309', 0, MAX_INT32, null],
    ['0x10', 0, MAX_INT32, null],
    ['', 0, MAX_INT32, null],
    ['-', 0, MAX_INT32, null],
    ['abc', 0, MAX_INT32, null],
    ['12abc', 0, MAX_INT32, null],
  ];
  for (const [text, min, max, expected] of cases) assert.equal(wholeNumberIn(text, min, max), expected, JSON.stringify(text));
});
