import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildPriceIndex, costOf, priceFor } from '../../../src/core/sms/pricing.js';

describe('SMS pricing', () => {
  const index = buildPriceIndex(
    [
      { country: 'KZ', operator: null, priceMicros: 12_000_000 },
      { country: 'KZ', operator: 'Beeline', priceMicros: 11_500_000 },
      { country: 'kz', operator: ' kcell/activ ', priceMicros: 13_000_000 },
      { country: 'RU', operator: 'MegaFon', priceMicros: 2_500_000 }, // RU has operator prices only
      { country: 'UA', operator: null, priceMicros: 1_000_000 },
      { country: 'UA', operator: null, priceMicros: 1_100_000 }, // a later row replaces an earlier one
    ],
    5_000_000,
  );

  const cases: [string, string | null, number | null, string][] = [
    ['KZ', 'Beeline', 11_500_000, 'operator price'],
    ['KZ', 'Kcell/Activ', 13_000_000, 'operator names ignore case and spaces'],
    ['KZ', 'Tele2', 12_000_000, 'unlisted operator: the country price'],
    ['KZ', null, 12_000_000, 'unknown operator: the country price'],
    ['kz', 'BEELINE', 11_500_000, 'country codes ignore case'],
    ['RU', 'MegaFon', 2_500_000, 'operator price without a country price'],
    ['RU', 'MTS', 5_000_000, 'no country price: the default'],
    ['UA', 'Kyivstar', 1_100_000, 'the last row wins'],
    ['BR', 'TIM', 5_000_000, 'unlisted country: the default'],
  ];
  for (const [country, operator, price, name] of cases) {
    it(`${name}: ${country}/${operator} → ${price}`, () => assert.equal(priceFor(index, country, operator), price));
  }

  it('has no price without a default for unlisted destinations', () => {
    const noDefault = buildPriceIndex([{ country: 'KZ', operator: null, priceMicros: 1 }]);
    assert.equal(priceFor(noDefault, 'BR', 'TIM'), null);
    assert.equal(priceFor(noDefault, 'KZ', 'TIM'), 1);
    assert.equal(priceFor(buildPriceIndex([], 0), 'BR', null), 0);
  });

  it('refuses prices that are not whole micros', () => {
    assert.throws(() => buildPriceIndex([{ country: 'KZ', operator: null, priceMicros: 1.5 }]), RangeError);
    assert.throws(() => buildPriceIndex([{ country: 'KZ', operator: null, priceMicros: -1 }]), RangeError);
  });

  it('costs segments exactly', () => {
    assert.equal(costOf(3, 11_500_000), 34_500_000);
    assert.equal(costOf(0, 11_500_000), 0);
    assert.equal(costOf(1, 0), 0);
    assert.equal(costOf(3, null), null);
    assert.throws(() => costOf(-1, 1), RangeError);
    assert.throws(() => costOf(1.5, 1), RangeError);
  });
});
