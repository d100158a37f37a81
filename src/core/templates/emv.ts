// SmartFocus / EmailVision notification template grammar (docs/protocols/smartfocus.md §Templates), as pure functions.
//
//   [EMV TEXTPART] … [EMV HTMLPART] …      split one template into text and HTML alternatives
//   [EMV DYN]NAME[EMV /DYN]                push field from `dyn`, plain text, name case-insensitive
//   [EMV CONTENT]ID[EMV /CONTENT]          push-content block from `content`, may hold HTML
//   [EMV URL]http://…[EMV /URL]            tracked link (the link tracker decides what it becomes)
//   [EMV INCLUDE]…[EMV /INCLUDE]           promotion block managed in the vendor's UI: out of scope, emptied
//
// Tag keywords are matched case-insensitively and tolerate extra blanks (`[emv  dyn]`) because the
// templates are hand-written in the vendor's editor and we would rather render than refuse them.
import { MAX_RENDERED_CHARS, RenderedTooLargeError } from './render-limits.js';

/** Text and HTML alternatives of one notification; null when the template has no such part. */
export interface EmvParts {
  text: string | null;
  html: string | null;
}

const PART_MARKER = /\[EMV\s+(TEXTPART|HTMLPART)\s*\]/gi;

/**
 * Anything tag-like: an element start/end tag, a comment or a doctype. A lone `<` in prose
 * ("a < b") does not count, so plain-text notifications mentioning comparisons stay text.
 */
const LOOKS_LIKE_HTML = /<(?:[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>|\/[a-z][a-z0-9-]*\s*>|!--|!doctype\b)/i;

/** True when the string contains at least one HTML tag, comment or doctype. */
export function looksLikeHtml(source: string): boolean {
  return LOOKS_LIKE_HTML.test(source);
}

/**
 * Splits a notification into its text and HTML alternatives.
 *
 * - With markers, each marker starts a part that runs to the next marker; several segments of the
 *   same kind are joined with a newline. Text before the first marker is kept only if it is not blank
 *   and then belongs to the first part (editors sometimes put a stray line before the marker).
 * - Without markers, the whole template is HTML if it contains any tag (looksLikeHtml), else text:
 *   that is how the vendor's single-part notifications behave in practice and the pipeline derives
 *   the other alternative (text from HTML) when it is missing.
 * - Parts are trimmed; a part that is blank after trimming is null.
 */
export function splitEmvParts(template: string): EmvParts {
  const markers = [...template.matchAll(PART_MARKER)];
  if (markers.length === 0) {
    const whole = template.trim();
    if (whole === '') return { text: null, html: null };
    return looksLikeHtml(whole) ? { text: null, html: whole } : { text: whole, html: null };
  }
  const segments: Record<'text' | 'html', string[]> = { text: [], html: [] };
  const lead = template.slice(0, markers[0]!.index).trim();
  markers.forEach((m, i) => {
    const kind = m[1]!.toUpperCase() === 'TEXTPART' ? 'text' : 'html';
    const start = m.index + m[0].length;
    const end = i + 1 < markers.length ? markers[i + 1]!.index : template.length;
    let body = template.slice(start, end).trim();
    if (i === 0 && lead !== '') body = body === '' ? lead : `${lead}\n${body}`;
    if (body !== '') segments[kind].push(body);
  });
  return {
    text: segments.text.length > 0 ? segments.text.join('\n') : null,
    html: segments.html.length > 0 ? segments.html.join('\n') : null,
  };
}

export interface EmvRenderOptions {
  /** Push fields; keys are matched case-insensitively. Values are plain text. */
  dyn: Record<string, string>;
  /** Push-content blocks by id (exact key first, then case-insensitive); inserted as given. */
  content: Record<string, string>;
  /** True when rendering the HTML part: dyn values and tracked URLs are HTML-escaped. */
  escapeHtml: boolean;
  /**
   * Replaces each `[EMV URL]` link. `url` is the link as the recipient should reach it (entities
   * decoded in the HTML part); `index` is its position in the returned `urls` (the same URL keeps
   * one index). Without it the plain URL is written, as the template had it.
   */
  trackUrl?: (url: string, index: number) => string;
}

export interface EmvRenderResult {
  output: string;
  /** Dyn names the template uses but the request did not give (as spelled in the template, once each). */
  missing: string[];
  /** Content ids the template uses but the request did not give. */
  missingContent: string[];
  /** Distinct `[EMV URL]` targets in order of first appearance; `trackUrl` indexes refer to this list. */
  urls: string[];
}

// One pass over every paired tag. A content block is rendered in a second, nested pass so its own
// [EMV URL] and [EMV DYN] tags work (the estina client wraps hrefs inside content in [EMV URL]),
// while text coming from dyn values is never re-scanned: a value cannot inject tags.
// The inner text cannot contain another "[EMV " (tags do not nest), which also keeps an unclosed
// tag from scanning to the end of the template for every occurrence.
const TAG = /\[EMV\s+(DYN|CONTENT|URL|INCLUDE)\s*\]((?:[^[]|\[(?!EMV\s))*)\[EMV\s+\/\s*\1\s*\]/gi;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the entities that appear in URLs written in HTML (`&amp;`, numeric references, …). */
export function decodeHtmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]{2,6}));/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Editors sometimes wrap a field name in markup (`[EMV DYN]<b>NAME</b>[EMV /DYN]`); the name is the text. */
function tagName(inner: string): string {
  return inner.replace(/<[^>]*>/g, '').trim();
}

/**
 * Renders one notification part. Unknown dyn fields and content blocks render as empty strings.
 * Throws RenderedTooLargeError when the output would exceed MAX_RENDERED_CHARS.
 */
export function renderEmv(template: string, options: EmvRenderOptions): EmvRenderResult {
  const dyn = new Map<string, string>();
  for (const [k, v] of Object.entries(options.dyn)) dyn.set(k.trim().toLowerCase(), v);
  const contentLower = new Map<string, string>();
  for (const [k, v] of Object.entries(options.content)) contentLower.set(k.trim().toLowerCase(), v);

  const missing = new Map<string, string>();
  const missingContent = new Map<string, string>();
  const urls: string[] = [];
  const urlIndex = new Map<string, number>();

  const replace = (whole: string, kindRaw: string, inner: string, allowContent: boolean): string => {
    const kind = kindRaw.toUpperCase();
    if (kind === 'INCLUDE') return '';
    if (kind === 'DYN') {
      const name = tagName(inner);
      const value = dyn.get(name.toLowerCase());
      if (value === undefined) {
        if (!missing.has(name.toLowerCase())) missing.set(name.toLowerCase(), name);
        return '';
      }
      return options.escapeHtml ? escapeHtmlText(value) : value;
    }
    if (kind === 'CONTENT') {
      if (!allowContent) return whole; // a block cannot pull in another block
      const id = tagName(inner);
      const block = Object.hasOwn(options.content, id) ? options.content[id] : contentLower.get(id.toLowerCase());
      if (block === undefined) {
        if (!missingContent.has(id.toLowerCase())) missingContent.set(id.toLowerCase(), id);
        return '';
      }
      return render(block, false);
    }
    // URL: the raw text is what the author typed into the href (entity-encoded in HTML).
    const written = inner.trim();
    if (options.trackUrl === undefined) return written;
    const url = options.escapeHtml ? decodeHtmlEntities(written) : written;
    let index = urlIndex.get(url);
    if (index === undefined) {
      index = urls.length;
      urls.push(url);
      urlIndex.set(url, index);
    }
    const tracked = options.trackUrl(url, index);
    return options.escapeHtml ? escapeHtmlText(tracked) : tracked;
  };

  // A field used many times multiplies its value: the output is measured as it grows.
  const render = (source: string, allowContent: boolean): string => {
    let size = source.length;
    return source.replace(TAG, (whole, kindRaw: string, inner: string) => {
      const replacement = replace(whole, kindRaw, inner, allowContent);
      size += replacement.length - whole.length;
      if (size > MAX_RENDERED_CHARS) throw new RenderedTooLargeError();
      return replacement;
    });
  };

  const output = render(template, true);
  return { output, missing: [...missing.values()], missingContent: [...missingContent.values()], urls };
}

/** The distinct `[EMV URL]` targets of a template (entities decoded when `html`), in order. */
export function extractEmvUrls(template: string, html: boolean): string[] {
  const seen = new Set<string>();
  for (const m of template.matchAll(TAG)) {
    if (m[1]!.toUpperCase() !== 'URL') continue;
    const written = m[2]!.trim();
    seen.add(html ? decodeHtmlEntities(written) : written);
  }
  return [...seen];
}

/** NMP's error for a malformed NMSREST `dyn` parameter; the message is the vendor's text. */
export class DynParseError extends Error {
  constructor(
    /** The whole `dyn` parameter, as the vendor's `{0}` shows it. */
    readonly dyn: string,
    /** The entry that could not be parsed. */
    readonly entry: string,
  ) {
    super(`Error while parsing dyn parameter: ${dyn}.`);
    this.name = 'DynParseError';
  }
}

/**
 * Parses the NMSREST `dyn=key:value|key:value` parameter (already URL-decoded by the caller).
 * Each entry splits on its first `:`, so values may contain `:` (times, URLs). Empty entries
 * (`a:1||b:2`, a trailing `|`) are skipped because string-joining clients produce them; an entry
 * without `:` or with an empty key is a DynParseError. Keys are trimmed, values kept as sent; a
 * repeated key keeps its last value.
 */
export function parseNmsrestDyn(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (text === '') return out;
  for (const entry of text.split('|')) {
    if (entry.trim() === '') continue;
    const colon = entry.indexOf(':');
    const key = colon < 0 ? '' : entry.slice(0, colon).trim();
    if (key === '') throw new DynParseError(text, entry);
    // defineProperty so a key such as `__proto__` is stored as data, not as the object's prototype.
    Object.defineProperty(out, key, { value: entry.slice(colon + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
