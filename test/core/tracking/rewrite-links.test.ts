import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rewriteHtmlForTracking, rewriteTextForTracking, type HtmlTrackingOptions } from '../../../src/core/tracking/rewrite-links.js';

const UNSUB = 'https://h.example/u/TOKEN?x=1&y=2';
const options: HtmlTrackingOptions = {
  trackClicks: true,
  openPixelUrl: null,
  clickUrl: (url, index) => `https://h.example/c/${index}?u=${encodeURIComponent(url)}&z=1`,
  unsubscribeUrl: UNSUB,
};
const c = (index: number, url: string): string => `https://h.example/c/${index}?u=${encodeURIComponent(url)}&amp;z=1`;

describe('rewriteHtmlForTracking: links', () => {
  const cases: { name: string; html: string; expected: string; links?: string[] }[] = [
    { name: 'double-quoted href', html: '<a href="http://a.com/x">A</a>', expected: `<a href="${c(0, 'http://a.com/x')}">A</a>`, links: ['http://a.com/x'] },
    { name: 'single quotes kept', html: "<a href='https://a.com'>A</a>", expected: `<a href='${c(0, 'https://a.com')}'>A</a>` },
    { name: 'unquoted becomes double-quoted', html: '<a href=http://a.com/x>A</a>', expected: `<a href="${c(0, 'http://a.com/x')}">A</a>` },
    {
      name: 'other attributes, case and spacing kept',
      html: '<A class="btn" HREF = "http://a.com" target=_blank data-x=\'1\'>A</A>',
      expected: `<A class="btn" HREF = "${c(0, 'http://a.com')}" target=_blank data-x='1'>A</A>`,
    },
    { name: 'entities decoded before tracking', html: '<a href="http://a.com/?a=1&amp;b=2&#38;c=3">A</a>', expected: `<a href="${c(0, 'http://a.com/?a=1&b=2&c=3')}">A</a>`, links: ['http://a.com/?a=1&b=2&c=3'] },
    { name: 'blanks around the url trimmed', html: '<a href=" http://a.com ">A</a>', expected: `<a href="${c(0, 'http://a.com')}">A</a>` },
    { name: '> inside a quoted attribute', html: '<a title="a > b" href="http://a.com">A</a>', expected: `<a title="a > b" href="${c(0, 'http://a.com')}">A</a>` },
    { name: 'href-like text in another attribute ignored', html: '<a title="see href=http://x.com" href="http://a.com">A</a>', expected: `<a title="see href=http://x.com" href="${c(0, 'http://a.com')}">A</a>` },
    { name: 'data-href is not href', html: '<a data-href="http://a.com">A</a>', expected: '<a data-href="http://a.com">A</a>', links: [] },
    { name: 'mailto untouched', html: '<a href="mailto:a@b.c">m</a>', expected: '<a href="mailto:a@b.c">m</a>', links: [] },
    { name: 'tel untouched', html: '<a href="tel:+123">t</a>', expected: '<a href="tel:+123">t</a>', links: [] },
    { name: 'anchor untouched', html: '<a href="#top">t</a>', expected: '<a href="#top">t</a>', links: [] },
    { name: 'relative untouched', html: '<a href="/x">t</a>', expected: '<a href="/x">t</a>', links: [] },
    { name: 'a without href', html: '<a name="x">t</a>', expected: '<a name="x">t</a>', links: [] },
    { name: 'abbr and custom a-x elements untouched', html: '<abbr href="http://a.com">x</abbr><a-x href="http://a.com"></a-x>', expected: '<abbr href="http://a.com">x</abbr><a-x href="http://a.com"></a-x>', links: [] },
    { name: 'area elements tracked', html: '<area shape="rect" href="http://a.com">', expected: `<area shape="rect" href="${c(0, 'http://a.com')}">` },
    {
      name: 'Outlook VML button inside a conditional comment',
      html: '<!--[if mso]><v:roundrect href="http://a.com" style="x"><![endif]-->',
      expected: `<!--[if mso]><v:roundrect href="${c(0, 'http://a.com')}" style="x"><![endif]-->`,
    },
    { name: 'url in text untouched', html: '<p>Visit http://a.com today</p>', expected: '<p>Visit http://a.com today</p>', links: [] },
    { name: 'comment untouched', html: '<!-- <a href="http://a.com">x</a> -->', expected: '<!-- <a href="http://a.com">x</a> -->', links: [] },
    { name: 'style untouched', html: '<style>a[href="http://a.com"]{x:url(http://a.com/i.png)}</style>', expected: '<style>a[href="http://a.com"]{x:url(http://a.com/i.png)}</style>', links: [] },
    { name: 'script untouched', html: '<script>document.write(\'<a href="http://a.com">x</a>\')</script>', expected: '<script>document.write(\'<a href="http://a.com">x</a>\')</script>', links: [] },
    {
      name: 'same url keeps its index',
      html: '<a href="http://a.com">1</a><a href="http://b.com">2</a><a href="http://a.com">3</a>',
      expected: `<a href="${c(0, 'http://a.com')}">1</a><a href="${c(1, 'http://b.com')}">2</a><a href="${c(0, 'http://a.com')}">3</a>`,
      links: ['http://a.com', 'http://b.com'],
    },
    { name: 'unsubscribe placeholder in href, not tracked', html: '<a href="{unsubscribe_link}">U</a>', expected: '<a href="https://h.example/u/TOKEN?x=1&amp;y=2">U</a>', links: [] },
    { name: 'percent-encoded placeholder', html: '<a href="%7Bunsubscribe_link%7D">U</a>', expected: '<a href="https://h.example/u/TOKEN?x=1&amp;y=2">U</a>', links: [] },
    { name: 'placeholder in text', html: '<p>Leave: {unsubscribe_link}</p>', expected: '<p>Leave: https://h.example/u/TOKEN?x=1&amp;y=2</p>', links: [] },
    { name: 'literal unsubscribe url not tracked', html: `<a href="${UNSUB.replace('&', '&amp;')}">U</a>`, expected: '<a href="https://h.example/u/TOKEN?x=1&amp;y=2">U</a>', links: [] },
    { name: 'unclosed tag left alone', html: '<p>x <a href="http://a.com"', expected: '<p>x <a href="http://a.com"', links: [] },
  ];
  for (const t of cases) {
    test(t.name, () => {
      const r = rewriteHtmlForTracking(t.html, options);
      assert.equal(r.html, t.expected);
      if (t.links) assert.deepEqual(r.links, t.links);
    });
  }

  test('SendExpert sample body', () => {
    const html = 'I\'m HTML! <a href="{unsubscribe_link}">Unsubscribe</a> see <a href="http://google.com">Google</a>';
    const r = rewriteHtmlForTracking(html, options);
    assert.equal(r.html, `I'm HTML! <a href="https://h.example/u/TOKEN?x=1&amp;y=2">Unsubscribe</a> see <a href="${c(0, 'http://google.com')}">Google</a>`);
    assert.deepEqual(r.links, ['http://google.com']);
  });

  test('trackClicks false: links kept, placeholder still replaced', () => {
    const r = rewriteHtmlForTracking('<a href="http://a.com">a</a><a href="{unsubscribe_link}">u</a>', { ...options, trackClicks: false });
    assert.equal(r.html, '<a href="http://a.com">a</a><a href="https://h.example/u/TOKEN?x=1&amp;y=2">u</a>');
    assert.deepEqual(r.links, []);
  });

  test('$ patterns in the unsubscribe url are literal', () => {
    const url = 'https://h.example/u/$&$1$$';
    assert.equal(rewriteHtmlForTracking('<a href="{unsubscribe_link}">u</a>', { ...options, unsubscribeUrl: url }).html, '<a href="https://h.example/u/$&amp;$1$$">u</a>');
    assert.equal(rewriteTextForTracking('{unsubscribe_link}', { ...options, unsubscribeUrl: url }).text, url);
  });

  test('no unsubscribe url: placeholder left for the caller', () => {
    const r = rewriteHtmlForTracking('<a href="{unsubscribe_link}">u</a>', { ...options, unsubscribeUrl: null });
    assert.equal(r.html, '<a href="{unsubscribe_link}">u</a>');
  });

  test('knownLinks continue the numbering', () => {
    const r = rewriteHtmlForTracking('<a href="http://b.com">b</a><a href="http://a.com">a</a>', { ...options, knownLinks: ['http://a.com'] });
    assert.equal(r.html, `<a href="${c(1, 'http://b.com')}">b</a><a href="${c(0, 'http://a.com')}">a</a>`);
    assert.deepEqual(r.links, ['http://a.com', 'http://b.com']);
  });
});

describe('rewriteHtmlForTracking: open pixel', () => {
  const pixel = '<img src="https://h.example/o/T?a=1&amp;b=2" width="1" height="1" alt="" style="display:none">';
  const withPixel = { ...options, openPixelUrl: 'https://h.example/o/T?a=1&b=2' };
  const cases: [string, string, string][] = [
    ['before </body>', '<html><body><p>x</p></body></html>', `<html><body><p>x</p>${pixel}</body></html>`],
    ['before the last </BODY >', '<body>a</body><body>b</BODY ></html>', `<body>a</body><body>b${pixel}</BODY ></html>`],
    ['</body> inside a comment does not count', '<p>x</p><!-- </body> -->', `<p>x</p><!-- </body> -->${pixel}`],
    ['appended without a body', '<p>x</p>', `<p>x</p>${pixel}`],
    ['empty body', '', pixel],
  ];
  for (const [name, html, expected] of cases) {
    test(name, () => assert.equal(rewriteHtmlForTracking(html, withPixel).html, expected));
  }
});

describe('rewriteTextForTracking', () => {
  const t = (index: number, url: string): string => `https://h.example/c/${index}?u=${encodeURIComponent(url)}&z=1`;
  const cases: { name: string; text: string; expected: string; links?: string[] }[] = [
    { name: 'bare url', text: 'Go to http://a.com/x now', expected: `Go to ${t(0, 'http://a.com/x')} now`, links: ['http://a.com/x'] },
    { name: 'trailing punctuation stays outside', text: 'See https://a.com/x. Or http://b.com, ok?', expected: `See ${t(0, 'https://a.com/x')}. Or ${t(1, 'http://b.com')}, ok?` },
    { name: 'brackets from html-to-text', text: 'Google [http://google.com]', expected: `Google [${t(0, 'http://google.com')}]` },
    { name: 'angle brackets', text: '<http://a.com/x>', expected: `<${t(0, 'http://a.com/x')}>` },
    { name: 'parenthesised url', text: '(see http://a.com/x)', expected: `(see ${t(0, 'http://a.com/x')})` },
    { name: 'balanced parentheses inside a url', text: 'http://w.org/A_(b) end', expected: `${t(0, 'http://w.org/A_(b)')} end` },
    { name: 'query with &', text: 'http://a.com/?a=1&b=2', expected: t(0, 'http://a.com/?a=1&b=2') },
    { name: 'not a url', text: 'email me: a@b.c, ftp://x.y, www.a.com', expected: 'email me: a@b.c, ftp://x.y, www.a.com', links: [] },
    { name: 'placeholder replaced, not tracked', text: 'Unsubscribe [{unsubscribe_link}]', expected: `Unsubscribe [${UNSUB}]`, links: [] },
    { name: 'literal unsubscribe url not tracked', text: `Leave: ${UNSUB}`, expected: `Leave: ${UNSUB}`, links: [] },
    { name: 'same url same index', text: 'http://a.com http://b.com http://a.com', expected: `${t(0, 'http://a.com')} ${t(1, 'http://b.com')} ${t(0, 'http://a.com')}` },
  ];
  for (const x of cases) {
    test(x.name, () => {
      const r = rewriteTextForTracking(x.text, options);
      assert.equal(r.text, x.expected);
      if (x.links) assert.deepEqual(r.links, x.links);
    });
  }

  test('trackClicks false still replaces the placeholder', () => {
    const r = rewriteTextForTracking('http://a.com {unsubscribe_link}', { ...options, trackClicks: false });
    assert.equal(r.text, `http://a.com ${UNSUB}`);
  });

  test('text part shares indexes with the html part', () => {
    const html = rewriteHtmlForTracking('<a href="http://b.com">b</a>', options);
    const text = rewriteTextForTracking('http://a.com http://b.com', { ...options, knownLinks: html.links });
    assert.equal(text.text, `${t(1, 'http://a.com')} ${t(0, 'http://b.com')}`);
    assert.deepEqual(text.links, ['http://b.com', 'http://a.com']);
  });
});

describe('hostile input stays linear', () => {
  // A backtracking scanner took seconds on these; the bound is generous, it only catches a regression.
  const hostile: [string, string][] = [
    ['unclosed quotes', '<a title="'.repeat(20_000)],
    ['unclosed tags', '<a x'.repeat(20_000)],
    ['unclosed hrefs', '<a href="x '.repeat(20_000)],
    ['unclosed comments', '<!--'.repeat(20_000)],
    ['unclosed styles', '<style x'.repeat(20_000)],
  ];
  for (const [name, html] of hostile) {
    test(name, () => {
      const t0 = performance.now();
      rewriteHtmlForTracking(html, { ...options, openPixelUrl: 'https://h.example/o' });
      assert.ok(performance.now() - t0 < 1_000);
    });
  }

  test('a url of closing parentheses in text', () => {
    const t0 = performance.now();
    rewriteTextForTracking(`http://a.com/${')'.repeat(100_000)}`, options);
    assert.ok(performance.now() - t0 < 1_000);
  });
});
