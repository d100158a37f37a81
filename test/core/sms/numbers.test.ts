import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseNumber } from '../../../src/core/sms/numbers/normalise.js';
import { operatorFor, readStringBson } from '../../../src/core/sms/numbers/carriers.js';

type Ok = [e164: string, country: string, operator: string | null, type?: 'MOBILE' | 'FIXED_LINE_OR_MOBILE'];

describe('number normalisation', () => {
  // [input, defaultCountry, expected]. Operators are the range holders in libphonenumber's carrier data.
  const valid: [string, string | undefined, Ok][] = [
    // Kazakhstan (+7 7xx): every mobile operator's prefix the data knows.
    ['+7 701 123 45 67', undefined, ['+77011234567', 'KZ', 'Kcell/Activ']],
    ['+7 (702) 123-45-67', undefined, ['+77021234567', 'KZ', 'Kcell/Activ']],
    ['77051234567', undefined, ['+77051234567', 'KZ', 'Beeline']],
    ['+7 777 123 4567', undefined, ['+77771234567', 'KZ', 'Beeline']],
    ['77071234567', undefined, ['+77071234567', 'KZ', 'Tele2']],
    ['+7 747 123 4567', undefined, ['+77471234567', 'KZ', 'Tele2']],
    ['+7 700 123 4567', undefined, ['+77001234567', 'KZ', 'Altel']],
    ['8 (705) 123-45-67', 'KZ', ['+77051234567', 'KZ', 'Beeline']],
    ['87011234567', 'kz', ['+77011234567', 'KZ', 'Kcell/Activ']],
    ['0077011234567', undefined, ['+77011234567', 'KZ', 'Kcell/Activ']],
    ['\u00a0+7\u00a0701\u2011123\u201145\u201167 ', undefined, ['+77011234567', 'KZ', 'Kcell/Activ']],
    // Russia (+7 9xx).
    ['+7 903 123-45-67', undefined, ['+79031234567', 'RU', 'Beeline']],
    ['+7 (925) 123-45-67', undefined, ['+79251234567', 'RU', 'MegaFon']],
    ['+79001234567', undefined, ['+79001234567', 'RU', 'Tele2']],
    ['8 903 123 45 67', 'RU', ['+79031234567', 'RU', 'Beeline']],
    // Gaps in the data: MTS's 916 and 985 (Moscow) ranges have no entry.
    ['+7 916 123 45 67', undefined, ['+79161234567', 'RU', null]],
    ['+7 985 123 45 67', undefined, ['+79851234567', 'RU', null]],
    // A +7 number is told KZ or RU by its range, whatever the default country.
    ['+77011234567', 'RU', ['+77011234567', 'KZ', 'Kcell/Activ']],
    // Ukraine (+380), Mobizon's own example format included.
    ['380971112233', undefined, ['+380971112233', 'UA', 'Kyivstar']],
    ['+380 67 123 4567', undefined, ['+380671234567', 'UA', 'Kyivstar']],
    ['380501234567', undefined, ['+380501234567', 'UA', 'Vodafone']],
    ['+380 (63) 123-45-67', undefined, ['+380631234567', 'UA', 'lifecell']],
    ['067 123 4567', 'UA', ['+380671234567', 'UA', 'Kyivstar']],
    // Brazil (+55 11 9…).
    ['+55 11 98123-4567', undefined, ['+5511981234567', 'BR', 'TIM']],
    ['+55 (11) 99123-4567', undefined, ['+5511991234567', 'BR', 'Claro']],
    ['+55 11 97123-4567', undefined, ['+5511971234567', 'BR', 'Vivo']],
    ['(11) 98123-4567', 'BR', ['+5511981234567', 'BR', 'TIM']],
    ['5511941439844', undefined, ['+5511941439844', 'BR', null]], // mobizon-node's number: range not in the data
    // Great Britain (+44 7…).
    ['+44 7400 123456', undefined, ['+447400123456', 'GB', 'Three']],
    ['07400 123456', 'GB', ['+447400123456', 'GB', 'Three']],
    ['+44 7923 123456', undefined, ['+447923123456', 'GB', 'O2']],
    ['+44 7911 123456', undefined, ['+447911123456', 'GG', 'JT']], // a Guernsey range inside +44 7
    // United States: mobile and fixed lines share ranges, and the data names no US operators.
    ['+1 (202) 555-0123', undefined, ['+12025550123', 'US', null, 'FIXED_LINE_OR_MOBILE']],
    ['001 202 555 0123', undefined, ['+12025550123', 'US', null, 'FIXED_LINE_OR_MOBILE']],
    ['202.555.0123', 'US', ['+12025550123', 'US', null, 'FIXED_LINE_OR_MOBILE']],
    // A few more the data knows.
    ['+49 1512 3456789', undefined, ['+4915123456789', 'DE', 'T-Mobile']],
    ['+998 90 123 45 67', undefined, ['+998901234567', 'UZ', 'Beeline']],
    ['+375 29 123 45 67', undefined, ['+375291234567', 'BY', 'Velcom']],
  ];
  for (const [input, defaultCountry, [e164, country, operator, type]] of valid) {
    it(`${JSON.stringify(input)}${defaultCountry ? ` (${defaultCountry})` : ''} → ${e164} ${country} ${operator}`, () => {
      const result = normaliseNumber(input, defaultCountry === undefined ? {} : { defaultCountry });
      assert.deepEqual(result, { ok: true, e164, country, operator, type: type ?? 'MOBILE' });
    });
  }

  const invalid: [string, string | undefined, number][] = [
    ['', undefined, 1],
    ['   ', undefined, 1],
    ['abc', undefined, 2],
    ['---', undefined, 2],
    ['+', undefined, 2],
    ['12ab34', undefined, 3],
    ['tel:+77011234567', undefined, 3], // letters are not silently deleted
    ['+7 701 123 45 67 ext 5', undefined, 3],
    ['77011234567; 77021234567', undefined, 3],
    ['123', undefined, 3],
    ['11111111111111111111', undefined, 3],
    ['87011234567', undefined, 3], // national KZ without a default country
    ['2025550123', undefined, 3], // national US without a default country
    ['0701 123 4567', 'KZ', 3], // KZ trunk prefix is 8, not 0
    ['+7 727 258 3434', undefined, 3], // Almaty fixed line
    ['+44 20 7946 0018', undefined, 3], // London fixed line
    ['+44 7700 900123', undefined, 3], // Ofcom's drama range
    ['+800 1234 5678', undefined, 3], // international freephone
    ['4901122211112', undefined, 3], // the reference's own example number is not valid
    ['07400 123456', 'XX', 3], // unknown default country is ignored
  ];
  for (const [input, defaultCountry, code] of invalid) {
    it(`${JSON.stringify(input)}${defaultCountry ? ` (${defaultCountry})` : ''} → code ${code}`, () => {
      const result = normaliseNumber(input, defaultCountry === undefined ? {} : { defaultCountry });
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.code, code);
        assert.ok(result.reason.length > 0);
      }
    });
  }
});

describe('carrier lookup', () => {
  it('matches the longest prefix of the national number', () => {
    assert.equal(operatorFor('7', '9001234567'), 'Tele2'); // 9000
    assert.equal(operatorFor('7', '9000312345'), 'Motiv'); // 90003 beats 9000 (Tele2)
    assert.equal(operatorFor('7', '9201234567'), 'MegaFon'); // 92
    assert.equal(operatorFor('7', '7011234567'), 'Kcell/Activ');
    assert.equal(operatorFor('380', '991234567'), 'Vodafone');
    assert.equal(operatorFor('380', '441234567'), null); // Kyiv fixed lines: not in the carrier data
    assert.equal(operatorFor('999', '123456'), null); // no data file at all
  });

  it('uses localised names where the data has them, English otherwise', () => {
    assert.equal(operatorFor('7', '9031234567', 'ru'), 'Билайн');
    assert.equal(operatorFor('7', '7011234567', 'ru'), 'Kcell/Activ'); // no Russian name → English
    assert.equal(operatorFor('380', '671234567', 'ru'), 'Kyivstar'); // no Russian file for +380
  });

  it('reads only flat string BSON', () => {
    // {"1": "A"}: size 14, type 2, key "1\0", length 2, "A\0", end 0.
    const doc = Buffer.from('0e00000002310002000000410000', 'hex');
    assert.deepEqual([...readStringBson(doc)], [['1', 'A']]);
    // {"1": int32 5}
    const intDoc = Buffer.from('0c000000103100050000000000', 'hex');
    assert.throws(() => readStringBson(intDoc), RangeError);
  });

  it('measures normalisations with carrier lookups per second (reported, not asserted)', () => {
    const bases = ['+7 701 123 45 ', '+7 903 123-45-', '3805012345', '+55 11 98123-45', '+44 7400 1234', '+1 202 555 01'];
    const inputs: string[] = [];
    for (let i = 0; i < 30_000; i++) inputs.push(`${bases[i % bases.length] ?? ''}${String(i % 100).padStart(2, '0')}`);
    for (const input of inputs.slice(0, 5_000)) normaliseNumber(input); // warm up the JIT and load the tables
    let ok = 0;
    const t0 = performance.now();
    for (const input of inputs) if (normaliseNumber(input).ok) ok++;
    const seconds = (performance.now() - t0) / 1000;
    const nationals = ['7011234567', '9161234567', '9031234567', '7471234567'];
    const n = 1_000_000;
    let found = 0;
    const t1 = performance.now();
    for (let i = 0; i < n; i++) if (operatorFor('7', nationals[i & 3] ?? '') !== null) found++;
    const lookupSeconds = (performance.now() - t1) / 1000;
    console.log(
      `normaliseNumber (parse + validate + type + country + operator): ${Math.round(inputs.length / seconds).toLocaleString('en')} numbers/s; ` +
        `operatorFor alone: ${Math.round(n / lookupSeconds).toLocaleString('en')} lookups/s`,
    );
    assert.equal(ok, inputs.length);
    assert.ok(found > 0);
  });
});
