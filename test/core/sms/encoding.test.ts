import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeGsm7, encodeGsm7, GSM7_EXTENSION_CHARS, gsm7Length, isGsm7 } from '../../../src/core/sms/encoding/gsm7.js';
import { decodeUcs2, encodeUcs2 } from '../../../src/core/sms/encoding/ucs2.js';
import { chooseEncoding, countSegments, segmentText, type SmsEncoding } from '../../../src/core/sms/encoding/segments.js';
import { concatenationUdh, parseConcatenationUdh } from '../../../src/core/sms/encoding/udh.js';

const hex = (b: Buffer): string => b.toString('hex');
const decode = (encoding: SmsEncoding, b: Buffer): string => (encoding === 'gsm7' ? decodeGsm7(b) : decodeUcs2(b));

describe('GSM 03.38 alphabet', () => {
  it('encodes basic characters as one septet each', () => {
    const cases: [string, number][] = [
      ['@', 0x00], ['£', 0x01], ['$', 0x02], ['¥', 0x03], ['è', 0x04], ['é', 0x05], ['ù', 0x06], ['ì', 0x07], ['ò', 0x08],
      ['Ç', 0x09], ['\n', 0x0a], ['Ø', 0x0b], ['ø', 0x0c], ['\r', 0x0d], ['Å', 0x0e], ['å', 0x0f], ['Δ', 0x10], ['_', 0x11],
      ['Φ', 0x12], ['Ξ', 0x1a], ['Æ', 0x1c], ['ß', 0x1e], ['É', 0x1f], [' ', 0x20], ['¤', 0x24], ['0', 0x30], ['?', 0x3f],
      ['¡', 0x40], ['A', 0x41], ['Z', 0x5a], ['Ä', 0x5b], ['Ö', 0x5c], ['Ñ', 0x5d], ['Ü', 0x5e], ['§', 0x5f], ['¿', 0x60],
      ['a', 0x61], ['z', 0x7a], ['ä', 0x7b], ['ö', 0x7c], ['ñ', 0x7d], ['ü', 0x7e], ['à', 0x7f],
    ];
    for (const [ch, septet] of cases) {
      assert.deepEqual([...encodeGsm7(ch)], [septet], ch);
      assert.equal(gsm7Length(ch), 1, ch);
    }
  });

  it('encodes extension characters as ESC + code and counts them twice', () => {
    const cases: [string, number][] = [
      ['€', 0x65], ['[', 0x3c], [']', 0x3e], ['{', 0x28], ['}', 0x29], ['^', 0x14], ['|', 0x40], ['~', 0x3d], ['\\', 0x2f], ['\f', 0x0a],
    ];
    assert.deepEqual([...GSM7_EXTENSION_CHARS].sort(), cases.map(([c]) => c).sort());
    for (const [ch, code] of cases) {
      assert.deepEqual([...encodeGsm7(ch)], [0x1b, code], ch);
      assert.equal(gsm7Length(ch), 2, ch);
      assert.equal(decodeGsm7(encodeGsm7(ch)), ch);
    }
    assert.equal(hex(encodeGsm7('5€ [ok]')), '351b65201b3c6f6b1b3e');
    assert.equal(gsm7Length('a€|b'), 6);
  });

  it('knows what is not in the alphabet', () => {
    for (const ch of ['ж', 'ç', '`', '\t', 'á', 'ő', 'α', '😀', '“', '’', '\u00a0']) {
      assert.equal(isGsm7(ch), false, ch);
      assert.equal(gsm7Length(`ok${ch}`), -1, ch);
      assert.throws(() => encodeGsm7(`ok${ch}`), RangeError);
    }
    assert.equal(isGsm7(''), true);
  });

  it('decodes what it encodes, and tolerates a stray escape', () => {
    const all = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà€[]{}^|~\\\f';
    assert.equal(decodeGsm7(encodeGsm7(all)), all);
    assert.equal(encodeGsm7(all).length, 127 + 2 * 10); // 127 basic (128 less ESC), 10 extension
    assert.equal(decodeGsm7(Buffer.from([0x1b, 0x41])), 'A'); // undefined extension → the basic character
    assert.equal(decodeGsm7(Buffer.from([0x41, 0x1b])), 'A'); // lone trailing escape dropped
  });
});

describe('UCS-2', () => {
  it('is UTF-16 big-endian, astral characters as surrogate pairs', () => {
    assert.equal(hex(encodeUcs2('Привет')), '041f04400438043204350442');
    assert.equal(hex(encodeUcs2('😀')), 'd83dde00');
    assert.equal(encodeUcs2('a😀').length, 6);
    assert.equal(decodeUcs2(encodeUcs2('Жёлтый 🍋 lemon')), 'Жёлтый 🍋 lemon');
  });
});

describe('encoding choice', () => {
  const cases: [string, SmsEncoding][] = [
    ['', 'gsm7'],
    ['Hello, world!', 'gsm7'],
    ['Price: 5€ [promo] {x} ^|~\\', 'gsm7'],
    ['ΔΦΓΛΩΠΨΣΘΞ', 'gsm7'],
    ['Привет', 'ucs2'],
    ['Hello Привет', 'ucs2'],
    ['façade', 'ucs2'], // only capital Ç is in GSM 03.38
    ['tab\there', 'ucs2'],
    ['“smart quotes”', 'ucs2'],
    ['ok 👍', 'ucs2'],
    ['Сәлем', 'ucs2'],
  ];
  for (const [text, encoding] of cases) {
    it(`${JSON.stringify(text)} → ${encoding}`, () => assert.equal(chooseEncoding(text), encoding));
  }
});

describe('segmentation', () => {
  const a = (n: number): string => 'a'.repeat(n);
  const ya = (n: number): string => 'я'.repeat(n);
  // [name, text, encoding, units, payload octets per part]
  const cases: [string, string, SmsEncoding, number, number[]][] = [
    ['empty', '', 'gsm7', 0, [0]],
    ['160 GSM chars: one SMS', a(160), 'gsm7', 160, [160]],
    ['161 GSM chars: two parts of 153 + 8', a(161), 'gsm7', 161, [153, 8]],
    ['306 GSM chars: exactly two parts', a(306), 'gsm7', 306, [153, 153]],
    ['307 GSM chars: three parts', a(307), 'gsm7', 307, [153, 153, 1]],
    ['158 + € = 160 septets: one SMS', `${a(158)}€`, 'gsm7', 160, [160]],
    ['159 + € = 161 septets: two parts', `${a(159)}€`, 'gsm7', 161, [153, 8]],
    ['€ at position 152–153 fits the first part', `${a(151)}€${a(10)}`, 'gsm7', 163, [153, 10]],
    ['€ at position 153 moves to the next part', `${a(152)}€${a(10)}`, 'gsm7', 164, [152, 12]],
    ['80 extension chars: 160 septets, one SMS', '{'.repeat(80), 'gsm7', 160, [160]],
    ['81 extension chars: parts of 76 chars (152 septets)', '['.repeat(81), 'gsm7', 162, [152, 10]],
    ['70 Cyrillic: one SMS', ya(70), 'ucs2', 70, [140]],
    ['71 Cyrillic: 67 + 4', ya(71), 'ucs2', 71, [134, 8]],
    ['134 Cyrillic: two full parts', ya(134), 'ucs2', 134, [134, 134]],
    ['135 Cyrillic: three parts', ya(135), 'ucs2', 135, [134, 134, 2]],
    ['68 + emoji = 70 units: one SMS', `${ya(68)}😀`, 'ucs2', 70, [140]],
    ['69 + emoji = 71 units: two parts', `${ya(69)}😀`, 'ucs2', 71, [134, 8]],
    ['emoji across the 67 boundary moves whole', `${ya(66)}😀${ya(10)}`, 'ucs2', 78, [132, 24]],
    ['emoji just before the boundary stays', `${ya(65)}😀${ya(10)}`, 'ucs2', 77, [134, 20]],
    ['160 GSM + one Cyrillic: UCS-2, three parts', `${a(160)}я`, 'ucs2', 161, [134, 134, 54]],
  ];
  for (const [name, text, encoding, units, octets] of cases) {
    it(name, () => {
      const s = segmentText(text);
      assert.equal(s.encoding, encoding);
      assert.equal(s.units, units);
      assert.equal(s.parts, octets.length);
      assert.deepEqual(s.segments.map((b) => b.length), octets);
      assert.equal(countSegments(text), octets.length);
      assert.equal(s.segments.map((b) => decode(s.encoding, b)).join(''), text);
    });
  }

  it('never splits a character, never exceeds a part, and reassembles exactly (generated texts)', () => {
    // Deterministic pseudo-random texts mixing basic, extension, Cyrillic and astral characters.
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pools = ['abcXYZ 019.,!?@£', '€[]{}^|~\\', 'жёлтыйЖ', '😀🍋👍🏽'];
    for (let round = 0; round < 400; round++) {
      const gsmOnly = round % 2 === 0;
      const length = rnd(500);
      let text = '';
      for (let i = 0; i < length; i++) {
        const pool = pools[gsmOnly ? rnd(2) : rnd(4)] ?? '';
        const chars = [...pool];
        text += chars[rnd(chars.length)] ?? '';
      }
      const s = segmentText(text);
      assert.equal(s.segments.map((b) => decode(s.encoding, b)).join(''), text);
      assert.equal(countSegments(text), s.parts);
      const single = s.encoding === 'gsm7' ? 160 : 140;
      const part = s.encoding === 'gsm7' ? 153 : 134;
      for (const seg of s.segments) {
        assert.ok(seg.length <= (s.parts === 1 ? single : part));
        if (s.encoding === 'gsm7') assert.notEqual(seg[seg.length - 1], 0x1b, 'no part ends with a lone ESC');
        else if (seg.length >= 2) assert.ok(!((seg[seg.length - 2] ?? 0) >= 0xd8 && (seg[seg.length - 2] ?? 0) <= 0xdb), 'no part ends with a high surrogate');
      }
    }
  });

  it('measures segmentations per second (reported, not asserted)', () => {
    const texts = [
      'Your code is 482913. Do not share it with anyone.',
      'Hello {name}! Your balance as at 26.10.17 equals to 123.45€ [see app]. '.repeat(5),
      'Здравствуйте! Ваш баланс пополнен. Спасибо, что вы с нами. '.repeat(3),
      'Offer 😀 ends tonight — '.repeat(8),
    ];
    let sink = 0;
    const n = 100_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) sink += segmentText(texts[i % texts.length] ?? '').parts;
    const seconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    for (let i = 0; i < n; i++) sink += countSegments(texts[i % texts.length] ?? '');
    const countSeconds = (performance.now() - t1) / 1000;
    console.log(`segmentText: ${Math.round(n / seconds).toLocaleString('en')} segmentations/s; countSegments: ${Math.round(n / countSeconds).toLocaleString('en')}/s (mixed 1–4-part texts)`);
    assert.ok(sink > 0);
  });
});

describe('concatenation UDH', () => {
  it('is 05 00 03 ref total index', () => {
    assert.equal(hex(concatenationUdh(0x2a, 3, 1)), '0500032a0301');
    assert.equal(hex(concatenationUdh(0, 1, 1)), '050003000101');
    assert.equal(hex(concatenationUdh(255, 255, 255)), '050003ffffff');
  });

  it('refuses values that do not fit', () => {
    assert.throws(() => concatenationUdh(256, 2, 1), RangeError);
    assert.throws(() => concatenationUdh(-1, 2, 1), RangeError);
    assert.throws(() => concatenationUdh(1, 0, 1), RangeError);
    assert.throws(() => concatenationUdh(1, 256, 1), RangeError);
    assert.throws(() => concatenationUdh(1, 2, 0), RangeError);
    assert.throws(() => concatenationUdh(1, 2, 3), RangeError);
    assert.throws(() => concatenationUdh(1.5, 2, 1), RangeError);
  });

  it('parses 8-bit and 16-bit references, skipping other elements', () => {
    assert.deepEqual(parseConcatenationUdh(concatenationUdh(7, 4, 2)), { reference: 7, total: 4, index: 2 });
    assert.deepEqual(parseConcatenationUdh(Buffer.from('0608041234030102', 'hex')), { reference: 0x1234, total: 3, index: 1 });
    // A port-addressing element (IEI 0x05) before the concatenation element.
    assert.deepEqual(parseConcatenationUdh(Buffer.from('0b05040b8423f00003090201', 'hex')), { reference: 9, total: 2, index: 1 });
    assert.equal(parseConcatenationUdh(Buffer.from('0605040b8423f0', 'hex')), null);
    assert.equal(parseConcatenationUdh(Buffer.from('05000302', 'hex')), null); // truncated
    assert.equal(parseConcatenationUdh(Buffer.alloc(0)), null);
  });
});
