/**
 * How values go on the SmartFocus wire (docs/protocols/smartfocus.md §Transport, §Notification, §Paths). Pure functions.
 *
 * The PHP library concatenates path values raw and refuses (throws) any URL with a space in it.
 * This client keeps the characters a URL path segment allows raw — so the bytes match the
 * library's for the values it sends (`john.smith+tag@example.com` stays as is) — and
 * percent-encodes the rest (space, `/`, `?`, `#`, `%`, `;`, `|`, non-ASCII…), which the vendor and
 * Herald decode (`%XX` in raw segments, §1.8). Values are values: do not pre-encode them.
 */

/** PHP urlencode(): everything but [A-Za-z0-9_.-] percent-encoded (upper-case hex), space as `+`. */
export function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** PHP http_build_query() of string values, in the given order. */
export function phpHttpBuildQuery(params: ReadonlyArray<readonly [string, string]>): string {
  return params.map(([k, v]) => `${phpUrlencode(k)}=${phpUrlencode(v)}`).join('&');
}

// RFC 3986 pchar minus `%` and `;` (servlet containers cut path parameters at `;`): unreserved,
// the other sub-delims, `:` and `@` stay raw in a path segment.
const SEGMENT_RAW = /%(24|26|2B|2C|3D|3A|40)/g;

/** One raw path segment: URL-safe characters as written, the others percent-encoded. */
export function pathSegment(value: string | number): string {
  return encodeURIComponent(String(value)).replace(SEGMENT_RAW, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The NMSREST `dyn` value, appended after `&dyn=` (the library appends it raw: `k:v|k:v`). `:` and
 * `|` stay raw as the library sends them; characters that would end the value or be read as a
 * space (`&`, `#`, space, `+`) and anything else outside unreserved are percent-encoded; both the
 * vendor and Herald decode `%XX` in dyn.
 */
export function dynQueryValue(dyn: string): string {
  return encodeURIComponent(dyn).replace(/%(3A|7C)/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * `key:value|key:value` from pairs, as the library's older versions built it from an array. A `|`
 * or `:` inside a key, or a `|` inside a value, cannot be expressed in this format: refused rather
 * than sent as a different set of fields.
 */
export function dynString(dyn: Readonly<Record<string, string | number>>): string {
  return Object.entries(dyn)
    .map(([key, value]) => {
      const v = String(value);
      if (/[|:]/.test(key) || v.includes('|')) throw new RangeError(`dyn field ${JSON.stringify(key)} cannot be sent in the key:value|key:value format (it contains "|" or a ":" in its name); use buildTransactionalRequestObject and post()`);
      return `${key}:${v}`;
    })
    .join('|');
}

const XML_TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/**
 * Element text as libxml (SimpleXML's asXML() on a document without an encoding) writes it:
 * `& < >` escaped, CR as `&#13;`, quotes as they are, non-ASCII as hexadecimal character
 * references. Characters XML 1.0 cannot carry are dropped rather than making the body unparseable.
 */
export function xmlText(value: string): string {
  let out = '';
  for (const ch of value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')) {
    const code = ch.codePointAt(0)!;
    out += XML_TEXT_ESCAPES[ch] ?? (code > 0x7e ? `&#x${code.toString(16).toUpperCase()};` : ch);
  }
  return out;
}

/** Element text for XML this client writes in UTF-8 (synchroMember, upload descriptions). */
export function xmlEscape(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
