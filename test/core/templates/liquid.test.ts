import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LiquidTemplateError, liquidCacheSize, renderLiquid, renderLiquidSync, validateLiquid } from '../../../src/core/templates/liquid.js';

describe('renderLiquid', () => {
  const vars = { name: 'Ann & <Bob>', items: [{ title: 'A' }, { title: 'B' }], html: '<b>x</b>', n: 3 };
  const cases: { name: string; source: string; html: boolean; expected: string }[] = [
    { name: 'html escapes output', source: '<p>{{ name }}</p>', html: true, expected: '<p>Ann &amp; &lt;Bob&gt;</p>' },
    { name: 'text does not escape', source: 'Hi {{ name }}', html: false, expected: 'Hi Ann & <Bob>' },
    { name: 'raw opts out in html', source: '{{ html | raw }}', html: true, expected: '<b>x</b>' },
    { name: 'missing variable renders empty', source: 'Hi {{ nobody.here }}!', html: false, expected: 'Hi !' },
    { name: 'loops and filters', source: '{% for i in items %}{{ i.title | downcase }}{% endfor %} {{ n | plus: 1 }}', html: false, expected: 'ab 4' },
    { name: 'default filter', source: '{{ missing | default: "friend" }}', html: true, expected: 'friend' },
    { name: 'no prototype access', source: '[{{ items.constructor }}][{{ name.__proto__ }}]', html: false, expected: '[][]' },
    { name: 'date in UTC', source: '{{ 0 | date: "%Y-%m-%d %H:%M" }}', html: false, expected: '1970-01-01 00:00' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      assert.equal(await renderLiquid(c.source, vars, { html: c.html }), c.expected);
      assert.equal(renderLiquidSync(c.source, vars, { html: c.html }), c.expected);
    });
  }

  test('the same source is escaped in html mode and not in text mode (separate cache entries)', async () => {
    const src = '{{ name }} / cache-mode-test';
    assert.equal(await renderLiquid(src, vars, { html: false }), 'Ann & <Bob> / cache-mode-test');
    assert.equal(await renderLiquid(src, vars, { html: true }), 'Ann &amp; &lt;Bob&gt; / cache-mode-test');
  });

  test('parsed templates are cached and the cache stays bounded', () => {
    const before = liquidCacheSize();
    renderLiquidSync('{{ a }} cached-once', { a: 1 }, { html: false });
    const afterFirst = liquidCacheSize();
    renderLiquidSync('{{ a }} cached-once', { a: 2 }, { html: false });
    assert.equal(liquidCacheSize(), afterFirst);
    assert.ok(afterFirst >= Math.min(before + 1, 500));
    for (let i = 0; i < 700; i++) renderLiquidSync(`{{ a }} ${i}`, { a: i }, { html: false });
    assert.ok(liquidCacheSize() <= 500);
  });

  test('include, render and layout are refused (no file system)', async () => {
    for (const src of ['{% include "x" %}', '{% render "x" %}', '{% layout "x" %}', "{% liquid\ninclude 'x' %}"]) {
      await assert.rejects(renderLiquid(src, {}, { html: true }), LiquidTemplateError);
    }
  });

  test('runaway templates stop with an error instead of stalling', async () => {
    await assert.rejects(renderLiquid('{% for i in (1..1000000000) %}{{ i }}{% endfor %}', {}, { html: false }), LiquidTemplateError);
    const started = performance.now();
    await assert.rejects(renderLiquid('{% for a in (1..5000) %}{% for b in (1..5000) %}{{ b }}{% endfor %}{% endfor %}', {}, { html: true }), /took longer than 200 ms to render/);
    assert.ok(performance.now() - started < 1_000);
  });

  test('output past 2 MB is refused, in loops and captures, sync and async', async () => {
    const vars = { block: 'x'.repeat(10_000) };
    for (const src of ['{% for i in (1..201) %}{{ block }}{% endfor %}', '{% capture c %}{% for i in (1..201) %}{{ block }}{% endfor %}{% endcapture %}{{ c }}']) {
      await assert.rejects(renderLiquid(src, vars, { html: true }), /rendered template is larger than 2000000 characters/);
      assert.throws(() => renderLiquidSync(src, vars, { html: false }), /rendered template is larger than 2000000 characters/);
    }
    assert.equal((await renderLiquid('{% for i in (1..200) %}{{ block }}{% endfor %}', vars, { html: true })).length, 2_000_000);
  });

  test('a long legitimate loop renders', async () => {
    // A long order (300 lines): a few ms warm, and inside the 200 ms limit cold on a busy machine.
    const rows = Array.from({ length: 300 }, (_, i) => ({ id: i }));
    const out = await renderLiquid('{% for r in rows %}<tr><td>{{ r.id }}</td></tr>{% endfor %}', { rows }, { html: true });
    assert.ok(out.endsWith('<tr><td>299</td></tr>'));
  });
});

describe('validateLiquid', () => {
  test('valid templates give null', () => {
    assert.equal(validateLiquid('Hi {{ name | upcase }} {% if x %}y{% endif %}'), null);
    assert.equal(validateLiquid('plain text'), null);
  });

  const bad: { source: string; reason: RegExp; line: number; column: number }[] = [
    { source: 'Hello {{ name | nope }}', reason: /undefined filter: nope/, line: 1, column: 7 },
    { source: 'a\n{% if x %}b', reason: /not closed/, line: 2, column: 1 },
    { source: 'ab\n {% frobnicate %}', reason: /tag "frobnicate" not found/, line: 2, column: 2 },
    { source: 'x\ny\n  {% include "header" %}', reason: /"include" tag is not supported/, line: 3, column: 3 },
    { source: '{{ a ', reason: /not closed/, line: 1, column: 1 },
  ];
  for (const b of bad) {
    test(`error at ${b.line}:${b.column}: ${JSON.stringify(b.source)}`, () => {
      const err = validateLiquid(b.source);
      assert.ok(err instanceof LiquidTemplateError);
      assert.match(err.reason, b.reason);
      assert.equal(err.line, b.line);
      assert.equal(err.column, b.column);
      assert.equal(err.message, `${err.reason} (line ${b.line}, column ${b.column})`);
    });
  }
});
