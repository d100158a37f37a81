/**
 * Wire JSON → typed resources. Tolerant of the value shapes a PHP service may vary (numbers sent as
 * numbers instead of strings, `"1"` for true, missing fields as ""), strict about structure: a
 * record that is not a JSON object is a protocol error, not an empty resource.
 */
import { FranchiseMailerProtocolError } from './errors.js';
import type { Contact, ContactGroup, ContactGroupSummary, CustomField, Id, Office, PageMeta, SsoSession, User } from './types.js';

type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object at `data[key]`, or a protocol error naming what was expected. */
export function member(data: unknown, key: string): Json {
  const value = isObject(data) ? data[key] : undefined;
  if (!isObject(value)) throw new FranchiseMailerProtocolError(`response data has no "${key}" object`, 200, JSON.stringify(data) ?? '');
  return value;
}

/** The array at `data[key]`; every element must be an object. */
export function members(data: unknown, key: string): Json[] {
  const value = isObject(data) ? data[key] : undefined;
  if (!Array.isArray(value) || !value.every(isObject)) throw new FranchiseMailerProtocolError(`response data has no "${key}" list`, 200, JSON.stringify(data) ?? '');
  return value;
}

function text(o: Json, key: string): string {
  const v = o[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function nullableText(o: Json, key: string): string | null {
  const v = text(o, key);
  return v === '' ? null : v;
}

function count(o: Json, key: string): number {
  const n = Number(text(o, key));
  return Number.isFinite(n) ? n : 0;
}

function flag(o: Json, key: string): boolean {
  const v = text(o, key).trim().toLowerCase();
  return v === 'true' || v === '1';
}

/** `"1,3,4"` → ['1', '3', '4']; `""` → []. A JSON array is taken as is. */
export function csvList(o: Json, key: string): string[] {
  const v = o[key];
  if (Array.isArray(v)) return v.map((x) => String(x));
  return text(o, key)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function fieldMap(o: Json, key: string): Record<Id, string> {
  const v = o[key];
  const out: Record<Id, string> = {};
  // PHP's json_encode writes an empty array as [] rather than {}.
  if (!isObject(v)) return out;
  for (const [id, value] of Object.entries(v)) out[id] = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return out;
}

export function parseOffice(o: Json): Office {
  return {
    id: text(o, 'id'),
    name: text(o, 'name'),
    property: text(o, 'property'),
    street: text(o, 'street'),
    area: text(o, 'area'),
    town: text(o, 'town'),
    county: text(o, 'county'),
    post_code: text(o, 'post_code'),
    telephone: text(o, 'telephone'),
    fax: text(o, 'fax'),
    email: text(o, 'email'),
    website: text(o, 'website'),
    post_code_allocation: csvList(o, 'post_code_allocation'),
  };
}

export function parseUser(o: Json): User {
  return {
    id: text(o, 'id'),
    username: text(o, 'username'),
    first_name: text(o, 'first_name'),
    last_name: text(o, 'last_name'),
    email: text(o, 'email'),
    telephone: text(o, 'telephone'),
    job_title: text(o, 'job_title'),
    active: flag(o, 'active'),
    offices: csvList(o, 'offices'),
    last_login: nullableText(o, 'last_login'),
    last_password_change: nullableText(o, 'last_password_change'),
  };
}

export function parseContact(o: Json): Contact {
  return {
    id: text(o, 'id'),
    title: text(o, 'title'),
    first_name: text(o, 'first_name'),
    middle_name: text(o, 'middle_name'),
    last_name: text(o, 'last_name'),
    addressee: text(o, 'addressee'),
    date_of_birth: nullableText(o, 'date_of_birth'),
    gender: text(o, 'gender'),
    telephone: text(o, 'telephone'),
    mobile: text(o, 'mobile'),
    fax: text(o, 'fax'),
    email: text(o, 'email'),
    website: text(o, 'website'),
    company: text(o, 'company'),
    job_title: text(o, 'job_title'),
    property: text(o, 'property'),
    street: text(o, 'street'),
    area: text(o, 'area'),
    town: text(o, 'town'),
    county: text(o, 'county'),
    post_code: text(o, 'post_code'),
    country: text(o, 'country'),
    status: text(o, 'status'),
    office: text(o, 'office'),
    groups: csvList(o, 'groups'),
    common_groups: csvList(o, 'common_groups'),
    custom_fields: fieldMap(o, 'custom_fields'),
  };
}

export function parseContactGroupSummary(o: Json): ContactGroupSummary {
  return { id: text(o, 'id'), common_id: text(o, 'common_id'), name: text(o, 'name'), office: text(o, 'office') };
}

export function parseContactGroup(o: Json): ContactGroup {
  return {
    ...parseContactGroupSummary(o),
    total: count(o, 'total'),
    permitted: count(o, 'permitted'),
    dormant: count(o, 'dormant'),
    excluded: count(o, 'excluded'),
    invalid: count(o, 'invalid'),
  };
}

export function parseCustomField(o: Json): CustomField {
  return { id: text(o, 'id'), name: text(o, 'name'), description: text(o, 'description') };
}

export function parseSso(o: Json): SsoSession {
  return { session_url: text(o, 'session_url') };
}

/** The List Contacts `meta` block; undefined when absent so paging can fall back to page sizes. */
export function parseMeta(meta: unknown): PageMeta | undefined {
  if (!isObject(meta)) return undefined;
  const link = (key: string): string | null => (typeof meta[key] === 'string' && meta[key] !== '' ? (meta[key] as string) : null);
  return { limit: count(meta, 'limit'), offset: count(meta, 'offset'), next: link('next'), previous: link('previous'), total_count: count(meta, 'total_count') };
}
