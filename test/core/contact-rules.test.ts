import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { internationalDigits, normalisePhone, invalidPhoneMessage } from '../../src/core/audience/contacts/phone.js';
import { normaliseCountry } from '../../src/core/audience/contacts/country.js';
import { normaliseDate } from '../../src/core/audience/contacts/dates.js';
import { emailKey, isValidEmail } from '../../src/core/audience/email-address.js';
import { normaliseGender } from '../../src/core/audience/contacts/gender.js';
import { normaliseStatus } from '../../src/core/audience/contacts/status.js';
import { validateContactFields } from '../../src/core/audience/contacts/fields.js';
import { IssueList } from '../../src/core/errors.js';

describe('phone', () => {
  test('national numbers use the region, punctuation and extensions are tolerated', () => {
    assert.equal(normalisePhone('01903 123 456', 'GB'), '+441903123456');
    assert.equal(normalisePhone('(01903) 123-456', 'gb'), '+441903123456');
    assert.equal(normalisePhone('tel: 01903.123.456 ext 5', 'GB'), '+441903123456');
    assert.equal(normalisePhone('07123456789', 'GB'), '+447123456789');
    assert.equal(normalisePhone('0044 1903 123456', 'GB'), '+441903123456');
  });
  test('international numbers parse without a region', () => {
    assert.equal(normalisePhone('+44 (0)1903-123456', null), '+441903123456');
    assert.equal(normalisePhone('+1 202 555 0143', null), '+12025550143');
  });
  test('invalid: national without region, too short, letters, unknown region', () => {
    assert.equal(normalisePhone('01903123456', null), null);
    assert.equal(normalisePhone('12345', 'GB'), null);
    assert.equal(normalisePhone('abc', 'GB'), null);
    assert.equal(normalisePhone('', 'GB'), null);
    assert.equal(normalisePhone('01903123456', 'AQ'), null);
  });
  test('bare digits read as international first, then nationally with the region, only when asked for', () => {
    const table: [raw: string, region: string | null, national: string | null, international: string | null][] = [
      // SmartFocus's stored form: digits of the international number without `+`
      ['380975833227', null, null, '+380975833227'],
      ['380975833227', 'FR', null, '+380975833227'],
      ['380975833227', 'UA', '+380975833227', '+380975833227'],
      ['33612345678', null, null, '+33612345678'],
      ['0033 6 12 34 56 78', null, null, '+33612345678'],
      ['380 (97) 583-32-27', null, null, '+380975833227'],
      // `+` reads the same either way
      ['+380975833227', null, '+380975833227', '+380975833227'],
      ['+44 7911 123456', 'FR', '+447911123456', '+447911123456'],
      // national forms still work with a region: no calling code starts with 0
      ['0975833227', 'UA', '+380975833227', '+380975833227'],
      ['07911 123456', 'GB', '+447911123456', '+447911123456'],
      ['07911123456', null, null, null],
      ['87011234567', 'KZ', '+77011234567', '+77011234567'],
      ['8 916 123-45-67', 'RU', '+79161234567', '+79161234567'],
      ['2025550143', 'US', '+12025550143', '+12025550143'],
      // letters are never glued into a number; too short stays invalid
      ['tel: 01903.123.456 ext 5', 'GB', '+441903123456', '+441903123456'],
      ['12345', 'GB', null, null],
      ['', null, null, null],
    ];
    for (const [raw, region, national, international] of table) {
      assert.equal(normalisePhone(raw, region), national, `${raw} national`);
      assert.equal(normalisePhone(raw, region, 'international'), international, `${raw} international`);
    }
  });
  test('international digits drop the plus', () => {
    const table: [string, string][] = [['+380975833227', '380975833227'], ['+12025550143', '12025550143'], ['447911123456', '447911123456'], ['', '']];
    for (const [e164, digits] of table) assert.equal(internationalDigits(e164), digits, e164);
  });
  test('messages name the field', () => {
    assert.equal(invalidPhoneMessage('telephone'), 'Invalid Telephone Number');
    assert.equal(invalidPhoneMessage('mobile'), 'Invalid Mobile Number');
    assert.equal(invalidPhoneMessage('fax'), 'Invalid Fax Number');
  });
});

describe('country', () => {
  test('alpha-2 and alpha-3 in any case become alpha-2', () => {
    assert.equal(normaliseCountry('GB'), 'GB');
    assert.equal(normaliseCountry('gb'), 'GB');
    assert.equal(normaliseCountry('GBR'), 'GB');
    assert.equal(normaliseCountry(' usa '), 'US');
    assert.equal(normaliseCountry('deu'), 'DE');
  });
  test('unknown codes, numeric codes and names are refused', () => {
    for (const bad of ['XX', 'XYZ', '826', 'United Kingdom', '', 'G']) assert.equal(normaliseCountry(bad), null, bad);
  });
});

describe('dates', () => {
  test('dates and date-times keep the calendar date', () => {
    assert.equal(normaliseDate('1980-01-31'), '1980-01-31');
    assert.equal(normaliseDate('2012-02-29'), '2012-02-29');
    assert.equal(normaliseDate('1980-01-31T23:30:00Z'), '1980-01-31');
    assert.equal(normaliseDate('1980-01-31T10:00:00.123+05:00'), '1980-01-31');
    assert.equal(normaliseDate('1980-01-31 10:00'), '1980-01-31');
  });
  test('impossible days and other formats are refused', () => {
    for (const bad of ['2013-02-30', '2013-02-29', '1900-02-29', '2013-13-01', '2013-00-10', '2013-04-31', '31/01/1980', '1980-1-31', '19800131', '1980-01-31T25:00', 'x']) {
      assert.equal(normaliseDate(bad), null, bad);
    }
  });
});

describe('email', () => {
  test('accepts ordinary addresses', () => {
    for (const ok of ['joe@example.com', 'joe.bloggs+news@mail.example.co.uk', "o'brien@example.ie", 'a_b-c@sub-domain.example.org', 'x@xn--80ak6aa92e.com']) {
      assert.equal(isValidEmail(ok), true, ok);
    }
  });
  test('refuses malformed addresses', () => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(60)}.com`;
    for (const bad of ['joe', 'joe@', '@example.com', 'joe@example', 'joe bloggs@example.com', 'joe@exa mple.com', 'joe..b@example.com', '.joe@example.com', 'joe.@example.com', 'joe@-example.com', 'joe@example.c', 'joe@example.123', 'joe@@example.com', `${'a'.repeat(65)}@example.com`, long]) {
      assert.equal(isValidEmail(bad), false, bad);
    }
  });
  test('the key is trimmed and lower case', () => {
    assert.equal(emailKey(' Joe.Bloggs@Example.COM '), 'joe.bloggs@example.com');
  });
});

describe('gender and status', () => {
  test('gender is Male or Female in any case', () => {
    assert.equal(normaliseGender('male'), 'Male');
    assert.equal(normaliseGender('FEMALE'), 'Female');
    assert.equal(normaliseGender('M'), null);
    assert.equal(normaliseGender('other'), null);
  });
  test('status is one of three in any case', () => {
    assert.equal(normaliseStatus('permitted'), 'Permitted');
    assert.equal(normaliseStatus('DORMANT'), 'Dormant');
    assert.equal(normaliseStatus(' Excluded '), 'Excluded');
    assert.equal(normaliseStatus('active'), null);
    assert.equal(normaliseStatus(''), null);
  });
});

describe('contact fields', () => {
  test('the contact country is the phone region, else the account default', () => {
    const issues = new IssueList();
    const fr = validateContactFields({ country: 'fra', telephone: '01 23 45 67 89' }, { currentCountry: '', defaultCountry: 'GB' }, issues);
    assert.deepEqual(fr, { country: 'FR', telephone: '+33123456789' });
    const gb = validateContactFields({ mobile: '07123 456789' }, { currentCountry: '', defaultCountry: 'GB' }, issues);
    assert.deepEqual(gb, { mobile: '+447123456789' });
    const stored = validateContactFields({ mobile: '07123 456789' }, { currentCountry: 'GB', defaultCountry: null }, issues);
    assert.deepEqual(stored, { mobile: '+447123456789' });
    assert.equal(issues.issues.length, 0);
  });
  test('every invalid field is reported at once', () => {
    const issues = new IssueList();
    validateContactFields(
      { telephone: '01903 123456', mobile: 'nope', fax: '1', email: 'joe@', dateOfBirth: '2013-02-30', gender: 'x', status: 'gone', country: 'ZZ' },
      { currentCountry: '', defaultCountry: null },
      issues,
    );
    assert.deepEqual(
      issues.issues.map((i) => [i.field, i.message]),
      [
        ['country', 'Invalid Country Code'],
        ['telephone', 'Invalid Telephone Number'],
        ['mobile', 'Invalid Mobile Number'],
        ['fax', 'Invalid Fax Number'],
        ['email', 'Invalid Email Address'],
        ['dateOfBirth', 'Invalid Date of Birth (expected ISO-8601 YYYY-MM-DD)'],
        ['gender', 'Gender must be Male or Female'],
        ['status', 'Status must be Permitted, Dormant or Excluded'],
      ],
    );
  });
  test('empty values clear, text is trimmed, absent fields are left out', () => {
    const issues = new IssueList();
    const v = validateContactFields({ firstName: ' Joe ', email: '', mobile: '', gender: null, dateOfBirth: '' }, { currentCountry: '', defaultCountry: null }, issues);
    assert.deepEqual(v, { firstName: 'Joe', email: null, emailKey: null, mobile: '', gender: null, dateOfBirth: null });
  });
});
