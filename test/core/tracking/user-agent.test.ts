import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeUserAgent, isMailProxy, type UserAgentDescription } from '../../../src/core/tracking/user-agent.js';

describe('describeUserAgent', () => {
  const cases: [string, string | undefined, UserAgentDescription][] = [
    ['Windows 7 Chrome', 'Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36', { os: 'Windows 7', device: 'Desktop', browser: 'Chrome 109' }],
    ['Windows 10 Edge', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0', { os: 'Windows 10', device: 'Desktop', browser: 'Edge 120' }],
    ['Windows XP', 'Mozilla/5.0 (Windows NT 5.1; rv:52.0) Gecko/20100101 Firefox/52.0', { os: 'Windows XP', device: 'Desktop', browser: 'Firefox 52' }],
    ['iPhone Safari', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1', { os: 'iOS 17.1', device: 'Mobile', browser: 'Mobile Safari 17' }],
    ['iPhone Mail app', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148', { os: 'iOS 17.1', device: 'Mobile', browser: 'Apple Mail' }],
    ['iPad Mail app', 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148', { os: 'iOS 16.6', device: 'Tablet', browser: 'Apple Mail' }],
    ['Android phone', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36', { os: 'Android 14', device: 'Mobile', browser: 'Chrome 120' }],
    ['Android tablet', 'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', { os: 'Android 13', device: 'Tablet', browser: 'Chrome 120' }],
    ['Mac Mail app', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)', { os: 'Mac OS 10.15.7', device: 'Desktop', browser: 'Apple Mail' }],
    ['Mac Chrome', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', { os: 'Mac OS 10.15.7', device: 'Desktop', browser: 'Chrome 120' }],
    ['Linux Firefox', 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', { os: 'Linux', device: 'Desktop', browser: 'Firefox 121' }],
    ['Ubuntu', 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', { os: 'Ubuntu', device: 'Desktop', browser: 'Firefox 121' }],
    ['ChromeOS', 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', { os: 'Chromium OS 14541.0.0', device: 'Desktop', browser: 'Chrome 120' }],
    ['Outlook for Windows', 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17029; Pro)', { os: 'Windows 10', device: 'Desktop', browser: 'Outlook 16' }],
    ['Outlook (Trident)', 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; .NET4.0C; .NET4.0E; Microsoft Outlook 16.0.5478; ms-office; MSOffice 16)', { os: 'Windows 10', device: 'Desktop', browser: 'Outlook 16' }],
    ['Thunderbird', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Thunderbird/115.6.0', { os: 'Windows 10', device: 'Desktop', browser: 'Thunderbird 115' }],
    ['Smart TV', 'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/6.0 TV Safari/538.1', { os: 'Tizen 6.0', device: 'Other', browser: 'Safari 6' }],
    ['Gmail image proxy', 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', { os: '', device: 'Other', browser: 'Google Image Proxy' }],
    ['Gmail prefetch', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/42.0.2311.135 Safari/537.36 Edge/12.246 Mozilla/5.0', { os: '', device: 'Other', browser: 'Google Image Proxy' }],
    ['Yahoo proxy', 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', { os: '', device: 'Other', browser: 'Yahoo Mail Proxy' }],
    ['Apple privacy proxy', 'Mozilla/5.0', { os: '', device: 'Other', browser: 'Apple Mail Privacy Proxy' }],
    ['curl', 'curl/8.4.0', { os: '', device: 'Other', browser: '' }],
    ['empty', '', { os: '', device: 'Other', browser: '' }],
    ['blank', '   ', { os: '', device: 'Other', browser: '' }],
    ['missing header', undefined, { os: '', device: 'Other', browser: '' }],
  ];
  for (const [name, ua, expected] of cases) {
    test(name, () => {
      assert.deepEqual(describeUserAgent(ua), expected);
      assert.deepEqual(describeUserAgent(ua), expected, 'the memoised answer is the same');
    });
  }

  test('callers cannot corrupt the memo', () => {
    const ua = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
    describeUserAgent(ua).os = 'tampered';
    assert.equal(describeUserAgent(ua).os, 'Linux');
  });

  test('a very long header is handled', () => {
    const r = describeUserAgent(`Mozilla/5.0 (Windows NT 10.0; Win64; x64) ${'x'.repeat(100_000)}`);
    assert.equal(r.os, 'Windows 10');
    assert.equal(r.device, 'Desktop');
  });
});

describe('isMailProxy', () => {
  const cases: [string | undefined, boolean][] = [
    ['Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', true],
    ['YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', true],
    ['Mozilla/5.0', true],
    [' Mozilla/5.0 ', true],
    ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) BingPreview/1.0b', true],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)', false],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', false],
    ['', false],
    [undefined, false],
  ];
  for (const [ua, expected] of cases) {
    test(`${JSON.stringify(ua)?.slice(0, 60) ?? 'undefined'} → ${expected}`, () => assert.equal(isMailProxy(ua), expected));
  }
});
