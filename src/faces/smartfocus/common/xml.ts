/**
 * SmartFocus response bodies exactly as the vendor emits them (docs/protocols/smartfocus.md §Envelope): an XML
 * declaration, no whitespace around `<result>` values (the PHP RestResponseParser returns them
 * untrimmed), namespaces declared wherever `xsi:type` appears, and failures with description,
 * fields and status but never a `<result>`.
 */
export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>';
const NS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

export type XsType = 'xs:string' | 'xs:long' | 'xs:dateTime' | 'xs:boolean';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: string): string {
  // Characters XML 1.0 forbids are dropped rather than producing a body the client cannot parse.
  return value.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
}

/** `<response responseStatus="success"><result xsi:type="…">value</result></response>` */
export function resultResponse(type: XsType, value: string | number): string {
  return `${XML_DECLARATION}<response responseStatus="success"><result xsi:type="${type}" ${NS}>${escapeXml(String(value))}</result></response>`;
}

/** A success response whose content is other elements (members, memberTable, uploadStatus…). */
export function contentResponse(innerXml: string, attributes = ''): string {
  return `${XML_DECLARATION}<response responseStatus="success"${attributes ? ` ${attributes}` : ''} ${NS}>${innerXml}</response>`;
}

export function failureResponse(description: string, fields: string, status: string): string {
  return `${XML_DECLARATION}<response responseStatus="failed"><description>${escapeXml(description)}</description><fields>${escapeXml(fields)}</fields><status>${escapeXml(status)}</status></response>`;
}

/** `<name>value</name>`, escaped; an empty element for null. */
export function element(name: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return `<${name}/>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}
