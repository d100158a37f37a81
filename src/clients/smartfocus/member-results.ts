/**
 * Typed results of the Member REST methods (docs/protocols/smartfocus.md §Member), parsed from the envelope. Every
 * result keeps the body as received in `raw`.
 */
import { integer, requiredChild, resultText, type Envelope } from './envelope.js';
import { attr, child, childText, children, textOf, type XmlNode } from './xml.js';

export interface RawResult {
  /** The response body exactly as received. */
  raw: string;
}

/** connect/open's token, connect/close's "connection closed", a log file's text. */
export interface TextResult extends RawResult {
  result: string;
}

/** The job id most member writes answer (getMemberJobStatus follows it). */
export interface JobResult extends RawResult {
  jobId: number;
}

export type MemberJobStatus = 'Insert' | 'Processing' | 'Processed' | 'Error' | 'Job_Done_Or_Does_Not_Exist';

export interface JobStatusResult extends RawResult {
  /** null for an unknown or finished-and-forgotten job (`Job_Done_Or_Does_Not_Exist`). */
  email: string | null;
  status: MemberJobStatus | (string & {});
}

/** One `<entry>` of a member: xsi:type `xs:string`, `xs:long`, `xs:dateTime`…, null type and value for a NULL column. */
export interface MemberEntry {
  key: string;
  type: string | null;
  value: string | null;
}

/** A member value: xs:long as a number, every other type as its text (dates as sent), NULL as null. */
export type MemberValue = string | number | null;

export interface SmartFocusMember {
  /** Column → value, in table order. */
  attributes: Record<string, MemberValue>;
  /** The entries as sent, with their xsi:type. */
  entries: MemberEntry[];
}

export interface MembersResult extends RawResult {
  /** Every match; empty when none. */
  members: SmartFocusMember[];
}

/** getMembersByPage: the apiPagination result. */
export interface MembersPageResult extends RawResult {
  currentPage: number;
  members: SmartFocusMember[];
  nbItemsPerPage: number;
  nbPages: number;
  nbTotalItems: number;
  nextPage: boolean;
}

export interface MemberTableResult extends RawResult {
  /** The columns in table order with their type (STRING, NUMBER/LONG, DATE…). */
  fields: { name: string; type: string }[];
}

export function textResult(env: Envelope): TextResult {
  return { result: resultText(env), raw: env.raw };
}

export function jobResult(env: Envelope): JobResult {
  return { jobId: integer(env, resultText(env), 'the job id'), raw: env.raw };
}

export function jobStatusResult(env: Envelope): JobStatusResult {
  const node = requiredChild(env, 'processStatus');
  return { email: childText(node, 'email'), status: childText(node, 'status') ?? '', raw: env.raw };
}

function entryValue(type: string | null, text: string | null): MemberValue {
  if (text === null) return null;
  // Only integers that a JS number holds exactly; a larger xs:long stays text.
  if (type === 'xs:long' && /^-?\d+$/.test(text.trim()) && Number.isSafeInteger(Number(text.trim()))) return Number(text.trim());
  return text;
}

/** `<attributes><entry><key/><value xsi:type/></entry>…</attributes>` */
export function memberOf(attributes: XmlNode | undefined): SmartFocusMember {
  const entries: MemberEntry[] = [];
  const values: Record<string, MemberValue> = {};
  for (const e of attributes === undefined ? [] : children(attributes, 'entry')) {
    const key = childText(e, 'key') ?? '';
    const valueNode = child(e, 'value');
    const type = valueNode === undefined ? null : (attr(valueNode, 'xsi:type') ?? null);
    const value = valueNode === undefined ? null : textOf(valueNode);
    entries.push({ key, type, value });
    // defineProperty: a column named `__proto__` is data, not the object's prototype.
    Object.defineProperty(values, key, { value: entryValue(type, value), enumerable: true, writable: true, configurable: true });
  }
  return { attributes: values, entries };
}

export function membersResult(env: Envelope): MembersResult {
  const members = requiredChild(env, 'members');
  return { members: children(members, 'member').map((m) => memberOf(child(m, 'attributes'))), raw: env.raw };
}

export function membersPageResult(env: Envelope): MembersPageResult {
  const r = requiredChild(env, 'result');
  const num = (name: string) => integer(env, childText(r, name), name);
  return {
    currentPage: num('currentPage'),
    members: children(r, 'list').map((l) => memberOf(child(l, 'attributes'))),
    nbItemsPerPage: num('nbItemsPerPage'),
    nbPages: num('nbPages'),
    nbTotalItems: num('nbTotalItems'),
    nextPage: (childText(r, 'nextPage') ?? '').trim() === 'true',
    raw: env.raw,
  };
}

export function memberTableResult(env: Envelope): MemberTableResult {
  const table = requiredChild(env, 'memberTable');
  const fields = child(table, 'fields');
  return {
    fields: (fields === undefined ? [] : children(fields, 'entry')).map((e) => ({ name: childText(e, 'key') ?? '', type: childText(e, 'value') ?? '' })),
    raw: env.raw,
  };
}
