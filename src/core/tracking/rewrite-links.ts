// Rewrites a rendered mail body for tracking: click redirects, the `{unsubscribe_link}` placeholder
// (SendExpert) and the open pixel.
//
// HTML is scanned with one tolerant regular expression over the constructs that matter, not parsed:
// comments, raw-text elements (script, style, textarea, title) are skipped whole, start tags of link
// elements are rewritten, and the last `</body>` is remembered for the pixel. Everything else,
// including malformed markup, is copied unchanged, which is what a mail body needs (we must never
// "repair" a customer's HTML) and keeps the pass at hundreds of thousands of small bodies per second.
// Outlook's conditional comments (`<!--[if mso]>…<![endif]-->`) are not skipped: their VML buttons
// (`<v:roundrect href=…>`) are links too.
import { decodeHtmlEntities, escapeHtmlText } from '../templates/emv.js';

export interface HtmlTrackingOptions {
  trackClicks: boolean;
  /** Source of the open pixel; null for no pixel. */
  openPixelUrl: string | null;
  /** Tracked URL for a link; `index` is the URL's position in the result's `links`. */
  clickUrl: (url: string, index: number) => string;
  /** Replaces `{unsubscribe_link}`; null leaves the placeholder for the caller to handle. */
  unsubscribeUrl: string | null;
  /** Links already numbered (e.g. by the other part of the same mail) so a URL keeps one index. */
  knownLinks?: readonly string[];
}

export type TextTrackingOptions = Omit<HtmlTrackingOptions, 'openPixelUrl'>;

export interface TrackingRewrite {
  html: string;
  /** Distinct tracked URLs, `knownLinks` first; click indexes refer to this list. */
  links: string[];
}

export interface TextTrackingRewrite {
  text: string;
  /** As in TrackingRewrite. */
  links: string[];
}

// `{unsubscribe_link}` as written, or percent-encoded by an HTML editor that "fixed" the href.
const UNSUBSCRIBE_PLACEHOLDER = /\{unsubscribe_link\}|%7Bunsubscribe_link%7D/gi;

const TRACKABLE = /^https?:\/\/\S+$/i;

// The tag-body pattern (?:[^>"']|"[^"]*(?:"|$)|'[^']*(?:'|$))* lets quoted attribute values
// contain `>`. Every part may also stop at the end of the input (an unclosed quote or tag runs to
// the end, as in a browser), so a match attempt never fails after scanning far ahead: the whole
// pass stays linear even on hostile input such as thousands of unclosed `<a title="`.
const TOKEN =
  /<!--(?!\[if)[\s\S]*?(?:-->|$)|<(script|style|textarea|title)(?=[\s>/])(?:[^>"']|"[^"]*(?:"|$)|'[^']*(?:'|$))*(?:>|$)[\s\S]*?(?:<\/\1\s*>|$)|<(a|area|v:[a-z]+)(?=[\s>/])((?:[^>"']|"[^"]*(?:"|$)|'[^']*(?:'|$))*)(>|$)|<\/body\s*>/gi;

// One attribute inside a start tag: name, then an optional value in any of the three quotings.
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Numbers distinct URLs, continuing from knownLinks. */
class LinkTable {
  readonly links: string[];
  private readonly index = new Map<string, number>();
  constructor(known: readonly string[] | undefined) {
    this.links = [...(known ?? [])];
    this.links.forEach((url, i) => {
      if (!this.index.has(url)) this.index.set(url, i);
    });
  }
  indexOf(url: string): number {
    let i = this.index.get(url);
    if (i === undefined) {
      i = this.links.length;
      this.links.push(url);
      this.index.set(url, i);
    }
    return i;
  }
}

/** Rewrites the href of one link start tag (the part after the tag name), or returns it unchanged. */
function rewriteTagBody(body: string, options: HtmlTrackingOptions, table: LinkTable): string {
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(body); m !== null; m = ATTRIBUTE.exec(body)) {
    if (m[1]!.toLowerCase() !== 'href') continue;
    const written = m[2] ?? m[3] ?? m[4];
    if (written === undefined) return body;
    const url = decodeHtmlEntities(written).trim();
    if (!TRACKABLE.test(url) || url === options.unsubscribeUrl) return body;
    const tracked = options.clickUrl(url, table.indexOf(url));
    // Keep single quotes when the author used them; unquoted values become double-quoted because
    // the tracked URL may hold characters an unquoted value cannot.
    const value = m[3] !== undefined ? `'${escapeHtmlText(tracked)}'` : `"${escapeHtmlText(tracked)}"`;
    // The value ends the match; keep `href`, its spelling and the blanks around `=` as written.
    const writtenLength = m[4] !== undefined ? written.length : written.length + 2;
    const nameAndEquals = m[0].slice(0, m[0].length - writtenLength);
    return body.slice(0, m.index) + nameAndEquals + value + body.slice(m.index + m[0].length);
  }
  return body;
}

function pixelTag(src: string): string {
  return `<img src="${escapeHtmlText(src)}" width="1" height="1" alt="" style="display:none">`;
}

/** Rewrites an HTML part: see the module comment. */
export function rewriteHtmlForTracking(html: string, options: HtmlTrackingOptions): TrackingRewrite {
  const table = new LinkTable(options.knownLinks);
  const unsubscribe = options.unsubscribeUrl === null ? null : escapeHtmlText(options.unsubscribeUrl);
  // A replacer function, not a string: `$&` or `$1` in a URL must not act as replacement patterns.
  const source = unsubscribe === null ? html : html.replace(UNSUBSCRIBE_PLACEHOLDER, () => unsubscribe);

  const out: string[] = [];
  let copied = 0;
  let bodyClose = -1; // index in `out` of the last </body>
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(source); m !== null; m = TOKEN.exec(source)) {
    if (m[2] !== undefined) {
      if (!options.trackClicks || m[4] !== '>') continue; // an unclosed tag is left as written
      const body = m[3]!;
      const rewritten = rewriteTagBody(body, options, table);
      if (rewritten === body) continue;
      out.push(source.slice(copied, m.index), `<${m[2]}${rewritten}>`);
      copied = m.index + m[0].length;
    } else if (m[0].charCodeAt(1) === 0x2f /* "/" */) {
      out.push(source.slice(copied, m.index));
      bodyClose = out.length;
      out.push(m[0]);
      copied = m.index + m[0].length;
    }
    // comments and raw-text elements: nothing to do, they are copied with the surrounding text
  }
  out.push(source.slice(copied));

  if (options.openPixelUrl !== null) {
    const pixel = pixelTag(options.openPixelUrl);
    if (bodyClose >= 0) out[bodyClose] = pixel + out[bodyClose]!;
    else out.push(pixel);
  }
  return { html: out.join(''), links: table.links };
}

// A bare URL in text: stops at whitespace and at characters that delimit URLs in prose or in
// html-to-text output ("Google [http://google.com]", "<http://x>").
const TEXT_URL = /\{unsubscribe_link\}|%7Bunsubscribe_link%7D|https?:\/\/[^\s<>"'[\]{}|\\^`]+/gi;

/** Trailing punctuation belongs to the sentence, not the URL; a `)` stays when the URL opened one. */
function splitTrailingPunctuation(url: string): [string, string] {
  let unmatchedClose = 0;
  for (const ch of url) {
    if (ch === '(') unmatchedClose--;
    else if (ch === ')') unmatchedClose++;
  }
  let end = url.length;
  while (end > 0) {
    const c = url[end - 1]!;
    if ('.,;:!?\'"'.includes(c)) end--;
    else if (c === ')' && unmatchedClose > 0) {
      end--;
      unmatchedClose--;
    } else break;
  }
  return [url.slice(0, end), url.slice(end)];
}

/** Rewrites a text part: bare http(s) URLs become click URLs, `{unsubscribe_link}` the unsubscribe URL. */
export function rewriteTextForTracking(text: string, options: TextTrackingOptions): TextTrackingRewrite {
  const table = new LinkTable(options.knownLinks);
  const out = text.replace(TEXT_URL, (found) => {
    if (found.startsWith('{') || found.startsWith('%')) {
      return options.unsubscribeUrl ?? found;
    }
    const [url, trailing] = splitTrailingPunctuation(found);
    if (!options.trackClicks || url === options.unsubscribeUrl || !TRACKABLE.test(url)) return found;
    return options.clickUrl(url, table.indexOf(url)) + trailing;
  });
  return { text: out, links: table.links };
}
