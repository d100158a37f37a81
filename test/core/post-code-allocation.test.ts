import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { matchAllocation, normaliseAllocation, parseAllocationEntry, parsePostCode } from '../../src/core/audience/offices/post-code-allocation.js';

describe('post code allocation entries', () => {
  const cases: [string, string | null][] = [
    ['BN', 'BN'],
    [' bn ', 'BN'],
    ['w', 'W'],
    ['BN1', 'BN1'],
    ['bn14', 'BN14'],
    ['EC1A', 'EC1A'],
    ['w1a', 'W1A'],
    ['BN14 8', 'BN14 8'],
    ['bn14   8', 'BN14 8'],
    ['BN148', 'BN14 8'],
    ['BN1 4', 'BN1 4'],
    ['BN14 8AD', 'BN14 8AD'],
    ['bn148ad', 'BN14 8AD'],
    ['', null],
    ['BNX', null],
    ['123', null],
    ['B-N', null],
    ['BN 14', null],
    ['BN14 8A', null],
    ['BN1488', null],
  ];
  for (const [raw, expected] of cases) {
    test(`${JSON.stringify(raw)} → ${expected ?? 'invalid'}`, () => {
      assert.equal(parseAllocationEntry(raw)?.value ?? null, expected);
    });
  }

  test('normalise: upper case, spacing, drop empties, dedupe, split commas, report invalid', () => {
    assert.deepEqual(normaliseAllocation([' bn1 ', 'BN1', '', 'bn14  8', 'BN2,bn3', ' ', 'nope!']), {
      entries: ['BN1', 'BN14 8', 'BN2', 'BN3'],
      invalid: ['nope!'],
    });
  });
});

describe('contact post codes', () => {
  test('parse in any case and spacing', () => {
    assert.deepEqual(parsePostCode('bn148ad'), { outward: 'BN14', inward: '8AD' });
    assert.deepEqual(parsePostCode(' BN14 8AD '), { outward: 'BN14', inward: '8AD' });
    assert.deepEqual(parsePostCode('m11ae'), { outward: 'M1', inward: '1AE' });
    assert.deepEqual(parsePostCode('W1A 0AX'), { outward: 'W1A', inward: '0AX' });
    assert.deepEqual(parsePostCode('BN14'), { outward: 'BN14', inward: null });
    assert.equal(parsePostCode('hello'), null);
    assert.equal(parsePostCode(''), null);
  });
});

describe('matching a post code to an office', () => {
  const offices = (...allocations: [number, string[]][]) => allocations.map(([officeId, allocation]) => ({ officeId, allocation }));
  const cases: { name: string; postCode: string; offices: ReturnType<typeof offices>; expected: number | null }[] = [
    { name: 'area match', postCode: 'BN14 8AD', offices: offices([1, ['BN']]), expected: 1 },
    { name: 'district beats area', postCode: 'BN14 8AD', offices: offices([1, ['BN']], [2, ['BN14']]), expected: 2 },
    { name: 'sector beats district', postCode: 'bn148ad', offices: offices([1, ['BN14']], [2, ['BN14 8']]), expected: 2 },
    { name: 'full post code beats sector', postCode: 'BN14 8AD', offices: offices([3, ['BN14 8']], [2, ['BN14 8AD']], [1, ['BN']]), expected: 2 },
    { name: 'BN1 does not match BN14', postCode: 'BN14 8AD', offices: offices([1, ['BN1']]), expected: null },
    { name: 'BN1 matches BN1 3XX', postCode: 'bn1 3xx', offices: offices([1, ['BN1']], [2, ['BN14']]), expected: 1 },
    { name: 'BN14 8 does not match BN14 9AA', postCode: 'BN14 9AA', offices: offices([1, ['BN14 8']]), expected: null },
    { name: 'tie goes to the lowest office id', postCode: 'BN14 8AD', offices: offices([7, ['BN14']], [3, ['BN14']], [5, ['BN14']]), expected: 3 },
    { name: 'more specific wins over lower id', postCode: 'BN14 8AD', offices: offices([1, ['BN']], [9, ['BN14']]), expected: 9 },
    { name: 'office with several entries scores its best', postCode: 'BN14 8AD', offices: offices([1, ['BN14']], [2, ['EC1A', 'bn14 8']]), expected: 2 },
    { name: 'unnormalised allocation entries still match', postCode: 'EC1A 1BB', offices: offices([1, [' ec1a ']]), expected: 1 },
    { name: 'area W does not match WC', postCode: 'WC2N 5DU', offices: offices([1, ['W']]), expected: null },
    { name: 'partial post code matches its district', postCode: 'BN14', offices: offices([1, ['BN14']]), expected: 1 },
    { name: 'no match', postCode: 'SW1A 1AA', offices: offices([1, ['BN']]), expected: null },
    { name: 'unreadable post code', postCode: 'not a post code', offices: offices([1, ['BN']]), expected: null },
    { name: 'no offices', postCode: 'BN14 8AD', offices: [], expected: null },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(matchAllocation(c.postCode, c.offices)?.officeId ?? null, c.expected);
    });
  }
});
