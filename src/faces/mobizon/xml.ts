/**
 * `output=xml`. The live format is undocumented (docs/protocols/mobizon.md §Herald's choices); mobizon-php only needs a
 * root whose children `code`, `data` and `message` simplexml can read, so Herald writes:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <response><code>0</code><data><balance>12.5000</balance><currency>KZT</currency></data><message></message></response>
 *
 * Nested data: an object's keys become child elements; list items, and keys that are not XML names
 * (numeric keys, spaces…), become `<item>` elements, the latter with the key in `key="…"`.
 * true/false are 1/0, null an empty element. Characters XML 1.0 cannot carry are dropped.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Everything outside XML 1.0's Char production (lone surrogates included).
const INVALID_CHARS = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

export function escapeXml(text: string): string {
  return text.replace(INVALID_CHARS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value === true) return '1';
  if (value === false) return '0';
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return escapeXml(String(value));
}

function element(name: string, value: unknown, out: string[], key?: string): void {
  const open = key === undefined ? `<${name}>` : `<${name} key="${escapeXml(key)}">`;
  out.push(open);
  writeValue(value, out);
  out.push(`</${name}>`);
}

function writeValue(value: unknown, out: string[]): void {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    writeValue((value as { toJSON: () => unknown }).toJSON(), out);
  } else if (Array.isArray(value)) {
    for (const item of value) element('item', item, out);
  } else if (value instanceof Map) {
    for (const [k, v] of value) writeEntry(String(k), v, out);
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) writeEntry(k, v, out);
  } else {
    out.push(scalarText(value));
  }
}

function writeEntry(key: string, value: unknown, out: string[]): void {
  if (NAME.test(key) && !/^xml/i.test(key)) element(key, value, out);
  else element('item', value, out, key);
}

export function toMobizonXml(envelope: { code: number; data: unknown; message: string }): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<response>'];
  element('code', envelope.code, out);
  element('data', envelope.data, out);
  element('message', envelope.message, out);
  out.push('</response>\n');
  return out.join('');
}
