/**
 * Coercion of FranchiseMailer request parameters. PHP clients send every value as a string
 * (http_build_query), so the canonical input is text; JSON bodies may carry numbers and booleans,
 * which are accepted where the text form would be. Every failure is a 400 in the FM error format,
 * worded like the document's own example ("Email Address Required").
 */
import { parsePhpForm } from '../../wire/php-form.js';
import { badRequest, notFound } from './envelope.js';

export type Params = Record<string, unknown>;

/** Form bodies as PHP's parse_str reads them (the shared parser's rules). */
export function parseFmForm(body: string): Params {
  return parsePhpForm(body);
}

/** The request body as a parameter map; DELETE and empty bodies are `{}`. */
export function bodyParams(body: unknown): Params {
  if (body === undefined || body === null || body === '') return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('Malformed Request');
  return body as Params;
}

function scalar(p: Params, key: string, label: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw badRequest(`${label} must be a single value`);
}

/** A text field; absent → undefined, so updates leave the stored value alone. */
export function optText(p: Params, key: string, label: string, maxLength?: number): string | undefined {
  const v = scalar(p, key, label);
  if (v !== undefined && maxLength !== undefined && [...v].length > maxLength) throw badRequest(`${label} must be ${maxLength} characters or less`);
  return v;
}

/** A required text field: absent or blank is "<Label> Required". */
export function reqText(p: Params, key: string, label: string, maxLength?: number): string {
  const v = optText(p, key, label, maxLength);
  if (v === undefined || v.trim() === '') throw badRequest(`${label} Required`);
  return v;
}

/** Text where an empty value means "none" (nullable core fields such as date of birth). */
export function optNullableText(p: Params, key: string, label: string): string | null | undefined {
  const v = optText(p, key, label);
  if (v === undefined) return undefined;
  return v.trim() === '' ? null : v;
}

const DIGITS = /^\d{1,15}$/;

/**
 * An id: digits only (15 digits keeps it a safe integer). Blank counts as absent, as PHP forms
 * send `office=` for a field left empty.
 */
export function optId(p: Params, key: string, label: string): number | undefined {
  const v = scalar(p, key, label);
  if (v === undefined || v.trim() === '') return undefined;
  if (!DIGITS.test(v.trim())) throw badRequest(`${label} must contain only digits`);
  return Number(v.trim());
}

export function reqId(p: Params, key: string, label: string): number {
  const v = scalar(p, key, label);
  if (v === undefined || v.trim() === '') throw badRequest(`${label} Required`);
  return optId(p, key, label)!;
}

/** `"1,3,4"` → [1, 3, 4]; empty → []. JSON arrays of ids are accepted too. */
export function optIdList(p: Params, key: string, label: string): number[] | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  const message = `${label}: Only digits and commas accepted`;
  if (Array.isArray(v)) {
    return v.map((x) => {
      const s = typeof x === 'number' || typeof x === 'string' ? String(x).trim() : '';
      if (!DIGITS.test(s)) throw badRequest(message);
      return Number(s);
    });
  }
  const text = scalar(p, key, label)!.replace(/\s+/g, '');
  if (text === '') return [];
  if (!/^\d{1,15}(,\d{1,15})*,?$/.test(text)) throw badRequest(message);
  return text.split(',').filter((s) => s !== '').map(Number);
}

export function reqIdList(p: Params, key: string, label: string): number[] {
  const list = optIdList(p, key, label);
  if (list === undefined || list.length === 0) throw badRequest(`${label} Required`);
  return list;
}

/** `"true"` / `"false"` as the document shows them; JSON booleans too. */
export function optBool(p: Params, key: string, label: string): boolean | undefined {
  const v = scalar(p, key, label);
  if (v === undefined) return undefined;
  const t = v.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  throw badRequest(`${label} must be true or false`);
}

/** A comma-separated list of words (post code allocation): `"BN1, BN2"` → ['BN1', 'BN2']. */
export function optWordList(p: Params, key: string, label: string): string[] | undefined {
  const v = scalar(p, key, label);
  if (v === undefined) return undefined;
  return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/** `custom_fields[1]=£30,000` → {'1': '£30,000'}: keys are field ids, values text. */
export function optFieldMap(p: Params, key: string, label: string): Record<string, string> | undefined {
  const v = p[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw badRequest(`${label} must be a list of field id and value pairs`);
  const out: Record<string, string> = {};
  for (const [id, value] of Object.entries(v)) {
    if (!DIGITS.test(id)) throw badRequest(`${label} must be keyed by custom field id`);
    if (value === null) out[String(Number(id))] = '';
    else if (typeof value === 'string') out[String(Number(id))] = value;
    else if (typeof value === 'number' && Number.isFinite(value)) out[String(Number(id))] = String(value);
    else throw badRequest(`${label} values must be text`);
  }
  return out;
}

/** Query-string number with bounds (paging). */
export function optBoundedInt(p: Params, key: string, label: string, min: number, max: number): number | undefined {
  const n = optId(p, key, label);
  if (n !== undefined && (n < min || n > max)) throw badRequest(`${label} must be between ${min} and ${max}`);
  return n;
}

/** `{id}` in a path: anything but digits cannot name a stored record, so it is "Not Found". */
export function pathId(params: unknown, label: string): number {
  const raw = (params as { id?: unknown } | null)?.id;
  if (typeof raw !== 'string' || !DIGITS.test(raw)) throw notFound(label);
  const id = Number(raw);
  if (id === 0) throw notFound(label);
  return id;
}

/** Drops absent fields so core updates see only what the client sent ("absent = keep"). */
export function defined<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}
