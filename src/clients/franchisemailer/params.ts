/**
 * Typed inputs → the parameter array the vendor's PHP would pass to http_build_query: every value
 * a string, as the document's examples write them. Booleans become "true"/"false" (PHP's own
 * http_build_query would write 1/0, which the service's `active` validation refuses), id lists
 * become "1,3,4", and `custom_fields` stays a nested array (`custom_fields[1]=…`).
 */
import type { FormArray } from './form.js';

type InputValue = string | number | boolean | null | undefined | readonly (string | number)[] | Readonly<Record<string | number, string>>;

function wireValue(value: Exclude<InputValue, undefined | null>): string | Record<string, string> {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return value.map(String).join(',');
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value as Readonly<Record<string, string>>)) out[key] = v;
  return out;
}

/** Fields left undefined are not sent, so an update changes only what is given. */
export function toParams(input: object): FormArray {
  const out: Record<string, string | Record<string, string>> = {};
  for (const [key, value] of Object.entries(input) as [string, InputValue][]) {
    if (value === undefined || value === null) continue;
    out[key] = wireValue(value);
  }
  return out;
}

/** An id for a URL path segment. */
export function pathId(id: string | number): string {
  return encodeURIComponent(String(id));
}
