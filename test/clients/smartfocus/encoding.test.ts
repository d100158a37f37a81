import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dynQueryValue, dynString, pathSegment, phpHttpBuildQuery, phpUrlencode, xmlText } from '../../../src/clients/smartfocus/encoding.js';

test('phpUrlencode: the §1.8 password vector and PHP specifics (~ and * encoded, space as +)', () => {
  assert.equal(phpUrlencode('p@ss w/rd+&%'), 'p%40ss+w%2Frd%2B%26%25');
  assert.equal(phpUrlencode("a~b*c!d'e(f)g-h_i.j"), 'a%7Eb%2Ac%21d%27e%28f%29g-h_i.j');
  assert.equal(phpHttpBuildQuery([['senddate', '2008-12-12 00:00:00'], ['uidkey', '']]), 'senddate=2008-12-12+00%3A00%3A00&uidkey=');
});

test('pathSegment: what the library sends raw stays raw; what it cannot send is percent-encoded', () => {
  assert.equal(pathSegment('john.smith+tag@example.com'), 'john.smith+tag@example.com');
  assert.equal(pathSegment('CdX7Crl-AB_c~'), 'CdX7Crl-AB_c~');
  assert.equal(pathSegment("a:b,c=d&e$f!g'h(i)*"), "a:b,c=d&e$f!g'h(i)*");
  assert.equal(pathSegment('John Smith'), 'John%20Smith');
  assert.equal(pathSegment('a/b?c#d%e;f|g'), 'a%2Fb%3Fc%23d%25e%3Bf%7Cg');
  assert.equal(pathSegment('Zoë'), 'Zo%C3%AB');
  assert.equal(pathSegment(42), '42');
});

test('dyn: `:` and `|` raw, the rest encoded; objects joined as key:value|key:value', () => {
  assert.equal(dynQueryValue('firstname:John|lastname:Smith'), 'firstname:John|lastname:Smith');
  assert.equal(dynQueryValue('name:Mary Ann|co:A&B+C#1'), 'name:Mary%20Ann|co:A%26B%2BC%231');
  assert.equal(dynString({ firstname: 'John', age: 42 }), 'firstname:John|age:42');
  assert.throws(() => dynString({ a: 'x|y' }), RangeError);
  assert.throws(() => dynString({ 'a:b': 'x' }), RangeError);
});

test('xmlText: libxml escaping without a document encoding', () => {
  assert.equal(xmlText('a & <b> "q" \'s\' £ é 😀\r\n\u0001'), 'a &amp; &lt;b&gt; "q" \'s\' &#xA3; &#xE9; &#x1F600;&#13;\n');
});
