import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { personaliseLinks, type CampaignLink } from '../../../../src/core/sms/links/campaign-links.js';
import { codeOfShortLink, isRecipientCode, LINK_CODE_LENGTH, newLinkCode, newRecipientCode, shortLinkUrl } from '../../../../src/core/sms/links/codes.js';

const BASE = 'https://sms.example.com';
const a: CampaignLink = { id: 1, code: 'abc12345', shortLink: `${BASE}/s/abc12345` };
const b: CampaignLink = { id: 2, code: 'xyz98765', shortLink: `${BASE}/s/xyz98765` };

describe('personaliseLinks', () => {
  it('replaces each link by a per-recipient link of exactly the same length', () => {
    const text = `Sale! ${a.shortLink} and more at ${b.shortLink}.`;
    const out = personaliseLinks(text, [a, b], BASE);
    assert.equal(out.text.length, text.length);
    assert.equal(out.codes.length, 2);
    assert.deepEqual(
      out.codes.map((c) => c.linkId),
      [1, 2],
    );
    for (const { code } of out.codes) {
      assert.equal(code.length, LINK_CODE_LENGTH);
      assert.ok(isRecipientCode(code), code);
      assert.ok(out.text.includes(shortLinkUrl(BASE, code)));
    }
    assert.ok(!out.text.includes(a.shortLink) && !out.text.includes(b.shortLink));
    assert.match(out.text, /^Sale! https:\/\/sms\.example\.com\/s\/[A-Z][A-Za-z0-9]{7} and more at https:\/\/sms\.example\.com\/s\/[A-Z][A-Za-z0-9]{7}\.$/);
  });

  it('uses one code for every occurrence of the same link in a message', () => {
    const out = personaliseLinks(`${a.shortLink} ${a.shortLink}`, [a], BASE);
    assert.equal(out.codes.length, 1);
    const url = shortLinkUrl(BASE, out.codes[0]?.code ?? '');
    assert.equal(out.text, `${url} ${url}`);
  });

  it('gives no code to a link the text does not contain, nor to a longer code that starts the same', () => {
    const text = `Go to ${a.shortLink}9 now`;
    const out = personaliseLinks(text, [a, b], BASE);
    assert.deepEqual(out, { text, codes: [] });
  });

  it('draws different codes for different recipients', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(personaliseLinks(a.shortLink, [a], BASE).codes[0]?.code ?? '');
    assert.equal(seen.size, 200);
  });

  it('leaves text without links untouched', () => {
    assert.deepEqual(personaliseLinks('Hello {name}', [], BASE), { text: 'Hello {name}', codes: [] });
  });
});

describe('short link codes', () => {
  it('keeps link codes and recipient codes apart by their first character', () => {
    for (let i = 0; i < 100; i++) {
      assert.ok(!isRecipientCode(newLinkCode()));
      assert.ok(isRecipientCode(newRecipientCode()));
      assert.match(newLinkCode(), /^[a-z0-9][A-Za-z0-9]{7}$/);
    }
  });

  it('reads the code out of a short link however it is written', () => {
    assert.equal(codeOfShortLink('https://sms.example.com/s/abc12345'), 'abc12345');
    assert.equal(codeOfShortLink('sms.example.com/s/abc12345/'), 'abc12345');
    assert.equal(codeOfShortLink('http://h/s/abc12345?x=1'), 'abc12345');
    assert.equal(codeOfShortLink('http://h/t/abc12345'), null);
    assert.equal(shortLinkUrl('http://h/', 'abc'), 'http://h/s/abc');
  });
});
