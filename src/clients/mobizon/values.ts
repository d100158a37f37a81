/**
 * Reading the service's `data`: many numbers arrive as JSON strings (`"16.2000"`, ids, counters,
 * `totalItemCount`), some as ints; typed results carry numbers either way. A value that is absent,
 * null or "" reads as null; anything else that is not a number is kept out of the typed field
 * rather than guessed (the raw data stays available on every result).
 */

export type RawObject = Record<string, unknown>;

export function isRawObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `data` as an object; `[]` (PHP's empty array) and anything else read as an empty one. */
export function objectOf(value: unknown): RawObject {
  return isRawObject(value) ? value : {};
}

/** `data` as a list; a PHP array with non-list keys arrives as an object: its values, in order. */
export function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return isRawObject(value) ? Object.values(value) : [];
}

/** A number sent as a number or a numeric string; null otherwise. */
export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** A number that the service always sends; NaN marks a value that was not one (kept visible, not 0). */
export function numberOf(value: unknown): number {
  return numberOrNull(value) ?? Number.NaN;
}

export function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function stringOf(value: unknown): string {
  return stringOrNull(value) ?? '';
}

/** Every numeric-string member as a number, other members as they are (counters, extra, stats rows). */
export function numericMembers(value: unknown): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  for (const [key, member] of Object.entries(objectOf(value))) {
    const n = typeof member === 'string' && /^-?\d+(\.\d+)?$/.test(member.trim()) ? Number(member) : member;
    out[key] = typeof n === 'number' || typeof n === 'string' ? n : null;
  }
  return out;
}

/** `{"items":[…],"totalItemCount":"N"}` of every list method. */
export interface Page<T> {
  items: T[];
  totalItemCount: number;
  raw: RawObject;
}

export function pageOf<T>(data: unknown, item: (raw: unknown) => T): Page<T> {
  const raw = objectOf(data);
  return { items: listOf(raw.items).map(item), totalItemCount: numberOf(raw.totalItemCount), raw };
}

/** pagination[currentPage] (0-based) and pagination[pageSize] (25, 50 or 100) of list methods. */
export type Pagination = {
  currentPage?: number;
  pageSize?: number;
};

/** sort[field] = ASC | DESC. */
export type Sort<F extends string = string> = Partial<Record<F, 'ASC' | 'DESC'>>;
