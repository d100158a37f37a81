// The text/plain alternative derived from an HTML body when the sender gave none.
//
// Choices, for what mail clients show:
// - No hard word wrap. Every current client soft-wraps text/plain, while hard breaks at 78 columns
//   leave ragged half-lines on phones; the transport encoding (quoted-printable) already keeps
//   physical lines short, so RFC 5322's 78/998 limits are not our concern here.
// - Links as `text [url]` (the URL alone when it equals the text; `#anchors` dropped), so a
//   recipient can still reach every link and the text part's own link tracking finds them.
// - Images skipped: alt texts of logos and spacers are noise, and the open pixel must not show.
// - Tables: e-mail HTML is mostly layout tables, where a column grid would be unreadable. Each row
//   becomes a line and the cells of a row are separated by two spaces (data tables read as
//   "Item  Qty" / "Apple  2"); a cell holding paragraphs still breaks into its own lines.
import { compile } from 'html-to-text';

// A private-use character stands in for the cell separator during conversion, so separators left
// at the start or end of a line (cells holding blocks, empty cells) can be removed afterwards
// without touching indentation html-to-text itself produced (lists, blockquotes).
const CELL = '\uE000';

const convert = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, noAnchorUrl: true, linkBrackets: ['[', ']'] } },
    { selector: 'img', format: 'skip' },
    { selector: 'table', format: 'block', options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'td', format: 'inlineSurround', options: { prefix: '', suffix: CELL } },
    { selector: 'th', format: 'inlineSurround', options: { prefix: '', suffix: CELL } },
  ],
});

const LEADING_CELLS = new RegExp(`^(?:[ \\t]*${CELL})+[ \\t]*`);
const TRAILING_CELLS = new RegExp(`(?:[ \\t]*${CELL})+[ \\t]*$`);
const INNER_CELLS = new RegExp(`[ \\t]*${CELL}(?:[ \\t]*${CELL})*[ \\t]*`, 'g');

/** Plain text for an HTML body: see the module comment for the layout choices. */
export function textFromHtml(html: string): string {
  const lines = convert(html)
    .split('\n')
    .map((line) => line.replace(LEADING_CELLS, '').replace(TRAILING_CELLS, '').replace(INNER_CELLS, '  ').trimEnd());
  // Only blank lines are trimmed at the start: a leading space may be a list bullet's indent.
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').replace(/^\n+/, '').trimEnd();
}
