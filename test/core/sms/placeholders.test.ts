import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fillPlaceholders, parsePlaceholdersFlag, placeholdersIn, type PlaceholdersFlag } from '../../../src/core/sms/placeholders.js';

// The reference's own template.
const TEXT = 'Hello, {name}! Your balance as at {date} equals to {balance}{currency}.';
const ALL = { recipient: '380971112233', name: 'Василий', date: '26.10.17', balance: '123.45', currency: 'грн' };

describe('template placeholders', () => {
  it('lists distinct placeholder names in order; only Latin letters, digits, _ and - make a name', () => {
    assert.deepEqual(placeholdersIn(TEXT), ['name', 'date', 'balance', 'currency']);
    assert.deepEqual(placeholdersIn('{a}{b}{a} {client_Balance-2}'), ['a', 'b', 'client_Balance-2']);
    assert.deepEqual(placeholdersIn('{} {имя} {two words} {a.b} {{x}}'), ['x']);
  });

  it('fills every placeholder the same way under each flag when all values are given', () => {
    for (const flag of [1, 2, 3] as PlaceholdersFlag[]) {
      assert.deepEqual(fillPlaceholders(TEXT, ALL, flag), { text: 'Hello, Василий! Your balance as at 26.10.17 equals to 123.45грн.' });
    }
  });

  const partial = { name: 'Markus', balance: 555.45 };
  const cases: [PlaceholdersFlag, ReturnType<typeof fillPlaceholders>][] = [
    // 1: the message is added, missing placeholders stay as they are.
    [1, { text: 'Hello, Markus! Your balance as at {date} equals to 555.45{currency}.' }],
    // 2: the message is added, missing placeholders are deleted.
    [2, { text: 'Hello, Markus! Your balance as at  equals to 555.45.' }],
    // 3: the message is rejected, naming what is missing.
    [3, { missing: ['date', 'currency'] }],
  ];
  for (const [flag, expected] of cases) {
    it(`handles missing values under flag ${flag}`, () => assert.deepEqual(fillPlaceholders(TEXT, partial, flag), expected));
  }

  it('treats empty values as given, null/undefined as missing, and names case-sensitively', () => {
    assert.deepEqual(fillPlaceholders('[{a}]', { a: '' }, 3), { text: '[]' });
    assert.deepEqual(fillPlaceholders('[{a}]', { a: null }, 3), { missing: ['a'] });
    assert.deepEqual(fillPlaceholders('[{a}]', { a: undefined }, 1), { text: '[{a}]' });
    assert.deepEqual(fillPlaceholders('{Name}', { name: 'x' }, 3), { missing: ['Name'] });
    assert.deepEqual(fillPlaceholders('{a}{a}', {}, 3), { missing: ['a'] });
  });

  it('does not expand placeholders inside values, nor read inherited properties', () => {
    assert.deepEqual(fillPlaceholders('{a} {b}', { a: '{b}', b: 'B' }, 1), { text: '{b} B' });
    assert.deepEqual(fillPlaceholders('{constructor}', {}, 3), { missing: ['constructor'] });
    assert.deepEqual(fillPlaceholders('$& {a}', { a: '$&$1' }, 1), { text: '$& $&$1' });
  });

  it('parses the flag with 1 as the default', () => {
    const cases: [unknown, PlaceholdersFlag | null][] = [
      [undefined, 1], [null, 1], ['', 1], ['1', 1], [2, 2], ['3', 3], [' 2 ', 2], ['0', null], [4, null], ['x', null], [1.5, null],
    ];
    for (const [value, expected] of cases) assert.equal(parsePlaceholdersFlag(value), expected, String(value));
  });
});
