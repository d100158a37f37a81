import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { textFromHtml } from '../../../src/core/templates/text-from-html.js';

describe('textFromHtml', () => {
  const cases: [string, string, string][] = [
    ['paragraphs and line breaks', '<p>One</p><p>Two<br>three</p>', 'One\n\nTwo\nthree'],
    ['links as text [url]', '<p>See <a href="http://google.com">Google</a></p>', 'See Google [http://google.com]'],
    ['link whose text is the url', '<a href="http://x.com">http://x.com</a>', 'http://x.com'],
    ['anchor link keeps only its text', '<a href="#top">Top</a>', 'Top'],
    ['unsubscribe placeholder survives for the text tracker', '<a href="{unsubscribe_link}">Unsubscribe</a>', 'Unsubscribe [{unsubscribe_link}]'],
    ['images skipped, also the open pixel', '<p>A<img src="http://i/logo.png" alt="Logo">B</p><img src="http://t/o.gif" width="1" height="1">', 'AB'],
    ['linked image shows its url', '<a href="http://shop.com"><img src="x.png" alt="Shop"></a>', 'http://shop.com'],
    ['head, style and script dropped', '<html><head><title>T</title><style>p{color:red}</style></head><body><p>Hi</p><script>var u="http://x"</script></body></html>', 'Hi'],
    ['entities decoded', '<p>Fish&nbsp;&amp;&nbsp;chips &lt;3 &#8364;5</p>', 'Fish\u00a0&\u00a0chips <3 €5'],
    ['data table rows, cells two spaces apart', '<table><tr><th>Item</th><th>Qty</th></tr><tr><td>Apple</td><td>2</td></tr></table>', 'Item  Qty\nApple  2'],
    ['layout table cells holding blocks', '<table><tr><td><p>Left text</p></td><td>Right</td></tr></table><p>after</p>', 'Left text\n\nRight\n\nafter'],
    ['empty cells leave no stray spaces', '<table><tr><td></td><td>x</td><td></td></tr></table>', 'x'],
    ['nested layout tables', '<table><tr><td><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>', 'a  b'],
    ['lists keep their bullets', '<ul><li>one</li><li>two</li></ul>', ' * one\n * two'],
    ['no hard wrap', `<p>${'word '.repeat(40).trim()}</p>`, 'word '.repeat(40).trim()],
    ['empty input', '', ''],
  ];
  for (const [name, html, expected] of cases) {
    test(name, () => assert.equal(textFromHtml(html), expected));
  }

  test('a typical transactional mail', () => {
    const html =
      '<!DOCTYPE html><html><body><table width="600" role="presentation"><tr><td><h1>Your order</h1>' +
      '<p>Hello Ann,</p><p>Thanks for your order. <a href="https://shop.example/o/1">View it</a>.</p></td></tr>' +
      '<tr><td><p style="font-size:11px"><a href="{unsubscribe_link}">Unsubscribe</a></p></td></tr></table></body></html>';
    assert.equal(
      textFromHtml(html),
      'YOUR ORDER\n\nHello Ann,\n\nThanks for your order. View it [https://shop.example/o/1].\n\nUnsubscribe [{unsubscribe_link}]',
    );
  });
});
