import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkRecipient, RECIPIENT_CODE_MEANINGS, RecipientCode, type RecipientContext } from '../../../src/core/sms/recipient-codes.js';

function context(overrides: Partial<RecipientContext> = {}): RecipientContext {
  return { seen: new Set(), stopList: new Set(), allowedCountries: null, ...overrides };
}

describe('Mobizon recipient codes', () => {
  it('has every documented code with a meaning', () => {
    assert.deepEqual(
      Object.values(RecipientCode).sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 20, 30, 31, 32, 51, 99],
    );
    for (const code of Object.values(RecipientCode)) assert.ok(RECIPIENT_CODE_MEANINGS[code].length > 10);
  });

  it('gives each rule its code', () => {
    const stopList = new Set(['+77019999999', '77029999999']);
    const allowedCountries = new Set(['KZ', 'RU', 'UA']);
    const cases: [string, Partial<RecipientContext>, number][] = [
      ['+7 701 123 45 67', {}, 0],
      ['', {}, 1],
      ['  ', {}, 1],
      ['n/a', {}, 2],
      ['+7 701 12', {}, 3],
      ['87011234567', {}, 3],
      ['87011234567', { defaultCountry: 'KZ' }, 0],
      ['+77011234567', { seen: new Set(['+77011234567']) }, 4],
      ['+7 701 999 99 99', { stopList }, 5], // listed with +
      ['+7 702 999 99 99', { stopList }, 5], // listed without +
      ['+55 11 98123-4567', { allowedCountries }, 6],
      ['+380 67 123 4567', { allowedCountries }, 0],
      ['+7 903 123 45 67', { canRoute: (country) => country !== 'RU' }, 8],
      ['+7 903 123 45 67', { canRoute: (_country, operator) => operator !== 'Beeline' }, 8],
      ['+7 916 123 45 67', { canRoute: (_country, operator) => operator !== 'Beeline' }, 0], // unknown operator is not code 7
      ['+1 202 555 0123', {}, 0],
    ];
    for (const [raw, overrides, code] of cases) {
      assert.equal(checkRecipient(raw, context(overrides)).code, code, `${raw} ${JSON.stringify(Object.keys(overrides))}`);
    }
  });

  it('applies the rules in the documented order', () => {
    // Duplicate before stop list before country before route.
    const all: Partial<RecipientContext> = {
      seen: new Set(['+5511981234567']),
      stopList: new Set(['+5511981234567']),
      allowedCountries: new Set(['KZ']),
      canRoute: () => false,
    };
    assert.equal(checkRecipient('+55 11 98123-4567', context(all)).code, 4);
    assert.equal(checkRecipient('+55 11 98123-4567', context({ ...all, seen: new Set() })).code, 5);
    assert.equal(checkRecipient('+55 11 98123-4567', context({ ...all, seen: new Set(), stopList: new Set() })).code, 6);
    assert.equal(checkRecipient('+55 11 98123-4567', context({ ...all, seen: new Set(), stopList: new Set(), allowedCountries: null })).code, 8);
    // Format before everything else.
    assert.equal(checkRecipient('+55 11', context(all)).code, 3);
  });

  it('reports the number found with a rejection after parsing', () => {
    const result = checkRecipient('+7 701 999 99 99', context({ stopList: new Set(['+77019999999']) }));
    assert.deepEqual(result, { code: 5, e164: '+77019999999', country: 'KZ', operator: 'Kcell/Activ' });
    assert.deepEqual(checkRecipient('abc', context()), { code: 2 });
  });

  it('remembers added numbers only, so duplicates are caught across forms', () => {
    const ctx = context({ stopList: new Set(['+77011234567']) });
    assert.equal(checkRecipient('+77011234567', ctx).code, 5);
    assert.equal(ctx.seen.size, 0);
    assert.equal(checkRecipient('+7 702 123 45 67', ctx).code, 0);
    assert.equal(checkRecipient('77021234567', ctx).code, 4);
    assert.equal(checkRecipient('8 (702) 123-45-67', { ...ctx, defaultCountry: 'KZ' }).code, 4);
    assert.deepEqual([...ctx.seen], ['+77021234567']);
  });

  it('fills template text and gives 20 for missing placeholders under flag 3', () => {
    const text = 'Hi {name}, code {code}';
    const strict = context({ template: { text, flag: 3 } });
    assert.deepEqual(checkRecipient('380971112233', strict, { recipient: '380971112233', name: 'Olga', code: 7 }), {
      code: 0, e164: '+380971112233', country: 'UA', operator: 'Kyivstar', text: 'Hi Olga, code 7',
    });
    const missing = checkRecipient('380971112255', strict, { name: 'Olga' });
    assert.equal(missing.code, 20);
    assert.deepEqual(missing.missing, ['code']);
    assert.equal(strict.seen.has('+380971112255'), false, 'a rejected recipient is not remembered');
    const lenient = context({ template: { text, flag: 1 } });
    assert.equal(checkRecipient('380971112255', lenient, { name: 'Olga' }).text, 'Hi Olga, code {code}');
  });
});
