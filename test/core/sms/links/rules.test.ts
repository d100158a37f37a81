import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { normaliseFullLink } from '../../../../src/core/sms/links/full-link.js';
import { linkState, parseExpirationDate, parseLinkStatus } from '../../../../src/core/sms/links/validity.js';
import { periodOf, periodsOf, statsWindow } from '../../../../src/core/sms/links/stats-periods.js';
import { ValidationError } from '../../../../src/core/errors.js';

describe('full links', () => {
  it('accepts http(s) URLs and bare host names (as Mobizon does), nothing else', () => {
    assert.equal(normaliseFullLink('https://example.com/a?b=1#c'), 'https://example.com/a?b=1#c');
    assert.equal(normaliseFullLink(' www.mobizon.com '), 'http://www.mobizon.com');
    assert.equal(normaliseFullLink('localhost:8080/x'), 'http://localhost:8080/x');
    for (const bad of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://example.com/', 'file:///etc/passwd', 'http://', 'http://exa mple.com', '']) {
      assert.throws(() => normaliseFullLink(bad), ValidationError, bad);
    }
  });
});

describe('link validity', () => {
  const now = new Date('2026-03-10T22:30:00Z');
  it('redirects until the end of the expiration day in the account zone', () => {
    // 22:30 UTC is already 11 March in Almaty (UTC+5) but still 10 March in London.
    assert.equal(linkState({ status: 1, expirationDate: '2026-03-10' }, now, 'Europe/London'), 'active');
    assert.equal(linkState({ status: 1, expirationDate: '2026-03-10' }, now, 'Asia/Almaty'), 'expired');
    assert.equal(linkState({ status: 1, expirationDate: null }, now, 'UTC'), 'active');
    assert.equal(linkState({ status: 0, expirationDate: null }, now, 'UTC'), 'inactive');
  });
  it('parses dates and statuses strictly', () => {
    assert.equal(parseExpirationDate('2026-02-28'), '2026-02-28');
    assert.equal(parseExpirationDate(''), null);
    assert.throws(() => parseExpirationDate('2026-02-30'), ValidationError);
    assert.throws(() => parseExpirationDate('28.02.2026'), ValidationError);
    assert.equal(parseLinkStatus('0'), 0);
    assert.equal(parseLinkStatus(1), 1);
    assert.throws(() => parseLinkStatus('2'), ValidationError);
  });
});

describe('statistics periods', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it('bounds the window by the type', () => {
    assert.deepEqual(statsWindow('minute', null, null, now), { from: new Date('2026-03-10T09:00:00Z'), to: now });
    const from = new Date('2026-01-01T00:00:00Z');
    assert.deepEqual(statsWindow('daily', from, null, now), { from, to: new Date('2026-04-01T00:00:00Z') });
    assert.deepEqual(statsWindow('hourly', from, new Date('2026-03-01T00:00:00Z'), now), { from, to: new Date('2026-01-08T00:00:00Z') });
    assert.deepEqual(statsWindow('monthly', null, now, now), { from: new Date('2023-03-10T12:00:00Z'), to: now });
    assert.equal(statsWindow('daily', now, from, now), null);
  });
  it('labels periods in the account zone and lists each once', () => {
    const at = new Date('2026-03-10T20:15:00Z');
    assert.equal(periodOf('monthly', at, 'Asia/Almaty'), '2026-03');
    assert.equal(periodOf('daily', at, 'Asia/Almaty'), '2026-03-11');
    assert.equal(periodOf('hourly', at, 'Asia/Almaty'), '2026-03-11 01:00');
    assert.equal(periodOf('minute', at, 'UTC'), '2026-03-10 20:15');
    assert.deepEqual(periodsOf('daily', { from: new Date('2026-03-08T10:00:00Z'), to: new Date('2026-03-10T01:00:00Z') }, 'UTC'), ['2026-03-08', '2026-03-09', '2026-03-10']);
    assert.equal(periodsOf('minute', { from: new Date('2026-03-10T09:00:00Z'), to: new Date('2026-03-10T12:00:00Z') }, 'UTC').length, 181);
    // London leaves summer time on 25 October 2026: 01:00 happens twice but is one period.
    const hours = periodsOf('hourly', { from: new Date('2026-10-24T23:00:00Z'), to: new Date('2026-10-25T02:00:00Z') }, 'Europe/London');
    assert.deepEqual(hours, ['2026-10-25 00:00', '2026-10-25 01:00', '2026-10-25 02:00']);
  });
});
