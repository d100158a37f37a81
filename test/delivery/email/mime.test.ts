import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { simpleParser } from 'mailparser';
import { buildSimpleMime, type SimpleMail } from '../../../src/delivery/email/mime.js';

const base: SimpleMail = {
  from: { name: 'Shop', address: 'news@shop.example' },
  to: 'reader@example.com',
  subject: 'Hello',
  messageId: '<abc.0123456789ab@shop.example>',
  date: new Date('2026-11-23T10:00:00Z'),
  headers: [['List-Unsubscribe', '<https://h.example/u/x>']],
  text: 'Hi',
  html: '<p>Hi</p>',
};

describe('simple MIME builder', () => {
  it('round-trips through a MIME parser: non-ASCII names and subject, both parts, headers', async () => {
    const text = `Привет!\n.a line starting with a dot\n${'long '.repeat(40)}end\n€ 5`;
    const html = `<p>Привет, "друг" &amp; <a href="https://shop.example/a?b=1&amp;c=2">link</a></p>${'<span>x</span>'.repeat(30)}`;
    const raw = buildSimpleMime({ ...base, from: { name: 'Магазин "Ёлка"', address: 'news@shop.example' }, subject: 'Скидки — 20% на всё, только сегодня и завтра, не пропустите наши предложения', text, html });
    assert.ok(raw.toString('latin1').split('\r\n').every((line) => line.length <= 998));
    assert.ok(!/[^\x00-\x7f]/.test(raw.toString('latin1')), 'the message is 7-bit clean');
    const parsed = await simpleParser(raw);
    assert.equal(parsed.from?.value[0]?.name, 'Магазин "Ёлка"');
    assert.equal(parsed.from?.value[0]?.address, 'news@shop.example');
    assert.equal(parsed.subject, 'Скидки — 20% на всё, только сегодня и завтра, не пропустите наши предложения');
    assert.equal(parsed.messageId, '<abc.0123456789ab@shop.example>');
    assert.equal(parsed.date?.toISOString(), '2026-11-23T10:00:00.000Z');
    assert.equal(parsed.text?.replace(/\r\n/g, '\n').trimEnd(), text);
    assert.equal(parsed.html, html);
    assert.equal(parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line, 'List-Unsubscribe: <https://h.example/u/x>');
  });

  it('a text-only mail is a single text/plain part', async () => {
    const parsed = await simpleParser(buildSimpleMime({ ...base, html: null, text: 'Just text' }));
    assert.equal(parsed.text?.trim(), 'Just text');
    assert.equal(parsed.html, false);
  });

  it('display names with specials are quoted', async () => {
    const raw = buildSimpleMime({ ...base, from: { name: 'Shop, Inc. (news)', address: 'news@shop.example' } });
    assert.match(raw.toString(), /^From: "Shop, Inc\. \(news\)" <news@shop\.example>\r\n/);
    assert.equal((await simpleParser(raw)).from?.value[0]?.name, 'Shop, Inc. (news)');
  });
});
