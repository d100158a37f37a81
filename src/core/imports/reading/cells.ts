/**
 * Splits one decoded CSV record (line ending already removed) into cells. Most records carry no
 * enclosure at all, and for those `String.prototype.split` is the fastest splitter V8 has; only
 * records with a quote go through the character loop.
 */

/**
 * `quoted`: the record contains the enclosure (the record scanner knows this already, so the
 * fast path costs no extra scan). Rules as in the scanner: a quote opens an enclosed field only at
 * the start of a field, `""` inside it is one quote, and text after the closing quote is kept (a
 * lenient reading of `"abc"def` as `abcdef`, as spreadsheets do).
 */
export function splitCells(text: string, delimiter: string, quote: string, quoted: boolean): string[] {
  if (!quoted) return text.split(delimiter);
  const cells: string[] = [];
  let cell = '';
  let from = 0; // start of the pending unquoted run inside the current cell
  let fieldStart = true;
  let i = 0;
  const len = text.length;
  while (i < len) {
    const c = text[i];
    if (c === quote && fieldStart) {
      // Enclosed part: copy runs between quotes, turning "" into ".
      i++;
      for (;;) {
        const close = text.indexOf(quote, i);
        if (close === -1) {
          cell += text.slice(i); // unbalanced: the scanner has flagged the row already
          i = len;
          break;
        }
        cell += text.slice(i, close);
        if (text[close + 1] === quote) {
          cell += quote;
          i = close + 2;
        } else {
          i = close + 1;
          break;
        }
      }
      from = i;
      fieldStart = false;
    } else if (c === delimiter) {
      cells.push(cell + text.slice(from, i));
      cell = '';
      i++;
      from = i;
      fieldStart = true;
    } else {
      i++;
      fieldStart = false;
    }
  }
  cells.push(cell + text.slice(from, len));
  return cells;
}

/** Length of `text` without its trailing LF or CRLF. */
export function contentLength(text: string): number {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 0x0a) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 0x0d) end--;
  return end;
}

/** One cell as CSV: enclosed when it holds the delimiter, the enclosure or a line break. */
export function csvCell(value: string, delimiter = ',', quote = '"'): string {
  if (value.includes(delimiter) || value.includes(quote) || value.includes('\n') || value.includes('\r')) {
    return quote + value.split(quote).join(quote + quote) + quote;
  }
  return value;
}
