import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RenderedTooLargeError } from '../../../src/core/templates/render-limits.js';
import { DynParseError, extractEmvUrls, looksLikeHtml, parseNmsrestDyn, renderEmv, splitEmvParts, type EmvParts } from '../../../src/core/templates/emv.js';

describe('splitEmvParts', () => {
  const cases: [string, string, EmvParts][] = [
    ['both parts', '[EMV TEXTPART]Hello\n[EMV HTMLPART]<p>Hello</p>', { text: 'Hello', html: '<p>Hello</p>' }],
    ['html part first', '[EMV HTMLPART]<p>Hi</p>[EMV TEXTPART]Hi', { text: 'Hi', html: '<p>Hi</p>' }],
    ['markers any case and spacing', '[emv  textpart ]a[Emv HtmlPart]<b>b</b>', { text: 'a', html: '<b>b</b>' }],
    ['text part only', '[EMV TEXTPART] just text ', { text: 'just text', html: null }],
    ['html part only', '[EMV HTMLPART]<p>x</p>', { text: null, html: '<p>x</p>' }],
    ['blank part is null', '[EMV TEXTPART]  \n[EMV HTMLPART]<p>x</p>', { text: null, html: '<p>x</p>' }],
    ['repeated markers join', '[EMV TEXTPART]a[EMV HTMLPART]<i>h</i>[EMV TEXTPART]b', { text: 'a\nb', html: '<i>h</i>' }],
    ['blank lead dropped', '\n  [EMV TEXTPART]t', { text: 't', html: null }],
    ['non-blank lead joins first part', 'Intro\n[EMV TEXTPART]t[EMV HTMLPART]<p>h</p>', { text: 'Intro\nt', html: '<p>h</p>' }],
    ['no markers, html', '<html><body>Hi</body></html>', { text: null, html: '<html><body>Hi</body></html>' }],
    ['no markers, tag in prose', 'Hello <b>you</b>', { text: null, html: 'Hello <b>you</b>' }],
    ['no markers, text', 'Price: 1 < 2 and 3 > 2', { text: 'Price: 1 < 2 and 3 > 2', html: null }],
    ['no markers, text with dyn', 'Hi [EMV DYN]FIRSTNAME[EMV /DYN]', { text: 'Hi [EMV DYN]FIRSTNAME[EMV /DYN]', html: null }],
    ['empty', '   ', { text: null, html: null }],
  ];
  for (const [name, template, expected] of cases) {
    test(name, () => assert.deepEqual(splitEmvParts(template), expected));
  }

  test('looksLikeHtml', () => {
    assert.equal(looksLikeHtml('<br/>'), true);
    assert.equal(looksLikeHtml('<!-- c -->'), true);
    assert.equal(looksLikeHtml('<!DOCTYPE html>'), true);
    assert.equal(looksLikeHtml('</p>'), true);
    assert.equal(looksLikeHtml('a <b'), false);
    assert.equal(looksLikeHtml('<3 you'), false);
  });
});

describe('renderEmv', () => {
  const base = { dyn: { firstname: 'John & <Co>', Lastname: 'Smith' }, content: { '0': '<b>block</b> [EMV DYN]lastname[EMV /DYN]', Promo: 'P' } };
  const cases: { name: string; template: string; escapeHtml: boolean; output: string; missing?: string[]; missingContent?: string[] }[] = [
    { name: 'dyn case-insensitive, text raw', template: 'Hi [EMV DYN]FIRSTNAME[EMV /DYN] [EMV DYN]lastname[EMV /DYN]', escapeHtml: false, output: 'Hi John & <Co> Smith' },
    { name: 'dyn escaped in html', template: '<p>[EMV DYN]FirstName[EMV /DYN]</p>', escapeHtml: true, output: '<p>John &amp; &lt;Co&gt;</p>' },
    { name: 'tag keywords any case, name trimmed', template: '[emv dyn] firstname [emv /dyn]', escapeHtml: false, output: 'John & <Co>' },
    { name: 'markup around a name is ignored', template: '[EMV DYN]<span>FIRSTNAME</span>[EMV /DYN]', escapeHtml: true, output: 'John &amp; &lt;Co&gt;' },
    { name: 'missing dyn renders empty and is reported once', template: 'a[EMV DYN]CITY[EMV /DYN]b[EMV DYN]city[EMV /DYN]', escapeHtml: false, output: 'ab', missing: ['CITY'] },
    { name: 'content inserted as given, its dyn rendered', template: 'x [EMV CONTENT]0[EMV /CONTENT] y', escapeHtml: true, output: 'x <b>block</b> Smith y' },
    { name: 'content id case-insensitive fallback', template: '[EMV CONTENT]promo[EMV /CONTENT]', escapeHtml: true, output: 'P' },
    { name: 'missing content', template: '[EMV CONTENT]7[EMV /CONTENT]!', escapeHtml: true, output: '!', missingContent: ['7'] },
    { name: 'include emptied', template: 'a[EMV INCLUDE]123[EMV /INCLUDE]b', escapeHtml: true, output: 'ab' },
    { name: 'url left plain without tracker', template: '<a href="[EMV URL]http://a.com/?x=1&amp;y=2[EMV /URL]">a</a>', escapeHtml: true, output: '<a href="http://a.com/?x=1&amp;y=2">a</a>' },
    { name: 'unterminated tag left alone', template: 'Hi [EMV DYN]FIRSTNAME', escapeHtml: false, output: 'Hi [EMV DYN]FIRSTNAME' },
    { name: 'mismatched closing tag left alone', template: '[EMV DYN]x[EMV /CONTENT]', escapeHtml: false, output: '[EMV DYN]x[EMV /CONTENT]' },
    { name: 'dyn value cannot inject tags', template: '[EMV DYN]evil[EMV /DYN]', escapeHtml: false, output: '[EMV CONTENT]0[EMV /CONTENT]' },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const r = renderEmv(c.template, { dyn: { ...base.dyn, evil: '[EMV CONTENT]0[EMV /CONTENT]' }, content: base.content, escapeHtml: c.escapeHtml });
      assert.equal(r.output, c.output);
      assert.deepEqual(r.missing, c.missing ?? []);
      assert.deepEqual(r.missingContent, c.missingContent ?? []);
    });
  }

  test('tracked urls: decoded for the tracker, re-escaped, one index per url, content included', () => {
    const template =
      '<a href="[EMV URL]http://a.com/?x=1&amp;y=2[EMV /URL]">a</a> <a href="[EMV URL] http://b.com [EMV /URL]">b</a>' +
      '<a href="[EMV URL]http://a.com/?x=1&amp;y=2[EMV /URL]">again</a>[EMV CONTENT]c[EMV /CONTENT]';
    const seen: [string, number][] = [];
    const r = renderEmv(template, {
      dyn: {},
      content: { c: '<a href="[EMV URL]http://c.com[EMV /URL]">c</a>' },
      escapeHtml: true,
      trackUrl: (url, index) => {
        seen.push([url, index]);
        return `https://t.example/c/${index}?a=1&b=2`;
      },
    });
    assert.deepEqual(r.urls, ['http://a.com/?x=1&y=2', 'http://b.com', 'http://c.com']);
    assert.deepEqual(seen, [['http://a.com/?x=1&y=2', 0], ['http://b.com', 1], ['http://a.com/?x=1&y=2', 0], ['http://c.com', 2]]);
    assert.equal(
      r.output,
      '<a href="https://t.example/c/0?a=1&amp;b=2">a</a> <a href="https://t.example/c/1?a=1&amp;b=2">b</a>' +
        '<a href="https://t.example/c/0?a=1&amp;b=2">again</a><a href="https://t.example/c/2?a=1&amp;b=2">c</a>',
    );
  });

  test('tracked urls in the text part are raw', () => {
    const r = renderEmv('Go: [EMV URL]http://a.com/?x=1&y=2[EMV /URL]', { dyn: {}, content: {}, escapeHtml: false, trackUrl: (u, i) => `T${i}:${u}` });
    assert.equal(r.output, 'Go: T0:http://a.com/?x=1&y=2');
  });

  test('extractEmvUrls', () => {
    const t = '[EMV URL]http://a.com/?a=1&amp;b=2[EMV /URL] [emv url]http://b.com[emv /url] [EMV URL]http://b.com[EMV /URL]';
    assert.deepEqual(extractEmvUrls(t, true), ['http://a.com/?a=1&b=2', 'http://b.com']);
    assert.deepEqual(extractEmvUrls(t, false), ['http://a.com/?a=1&amp;b=2', 'http://b.com']);
  });
});

describe('hostile templates stay linear', () => {
  for (const [name, template] of [
    ['unclosed dyn tags', '[EMV DYN]x '.repeat(20_000)],
    ['unclosed comments', '<!--'.repeat(50_000)],
    ['tag starts without >', '<a '.repeat(50_000)],
  ] as const) {
    test(name, () => {
      const t0 = performance.now();
      splitEmvParts(template);
      renderEmv(template, { dyn: {}, content: {}, escapeHtml: true });
      assert.ok(performance.now() - t0 < 1_000);
    });
  }
});

describe('rendered size', () => {
  const template = '[EMV DYN]BLOCK[EMV /DYN]'.repeat(100);
  test('a field repeated into more than 2 MB stops the render', () => {
    assert.throws(() => renderEmv(template, { dyn: { BLOCK: 'y'.repeat(20_001) }, content: {}, escapeHtml: false }), RenderedTooLargeError);
    assert.equal(renderEmv(template, { dyn: { BLOCK: 'y'.repeat(20_000) }, content: {}, escapeHtml: false }).output.length, 2_000_000);
  });
  test('escaping counts, and so does a content block that repeats a field', () => {
    assert.throws(() => renderEmv(template, { dyn: { BLOCK: '&'.repeat(4_001) }, content: {}, escapeHtml: true }), RenderedTooLargeError);
    const block = '[EMV DYN]F[EMV /DYN]'.repeat(1_000);
    assert.throws(() => renderEmv('[EMV CONTENT]c[EMV /CONTENT]', { dyn: { F: 'z'.repeat(2_001) }, content: { c: block }, escapeHtml: false }), RenderedTooLargeError);
  });
});

describe('parseNmsrestDyn', () => {
  const cases: [string, Record<string, string>][] = [
    ['', {}],
    ['firstname:John|lastname:Smith', { firstname: 'John', lastname: 'Smith' }],
    ['time:12:30:00|url:http://x.com/a?b=c', { time: '12:30:00', url: 'http://x.com/a?b=c' }],
    ['a:', { a: '' }],
    ['a:1|', { a: '1' }],
    ['a:1||b:2', { a: '1', b: '2' }],
    [' name :John Smith ', { name: 'John Smith ' }],
    ['a:1|a:2', { a: '2' }],
  ];
  for (const [raw, expected] of cases) {
    test(JSON.stringify(raw), () => assert.deepEqual(parseNmsrestDyn(raw), expected));
  }

  test('__proto__ is stored as a plain key', () => {
    const r = parseNmsrestDyn('__proto__:x|a:1');
    assert.equal(Object.getPrototypeOf(r), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(r, '__proto__')?.value, 'x');
  });

  for (const bad of ['firstname', 'a:1|broken', ':value', ' :v']) {
    test(`error: ${JSON.stringify(bad)}`, () => {
      assert.throws(
        () => parseNmsrestDyn(bad),
        (err: unknown) => err instanceof DynParseError && err.message === `Error while parsing dyn parameter: ${bad}.` && err.dyn === bad,
      );
    });
  }
});
