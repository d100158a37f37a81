/**
 * Request parameters as a PHP script sees them in `$_REQUEST`: every value is a string or a PHP
 * array (an ordered map). JS objects cannot be used for the arrays: they move integer-like keys
 * first, and `recipients[1]=…&recipients[0]=…` must be processed in the order sent, as PHP does.
 *
 * Keys are kept as the strings sent; PHP turns canonical decimal keys into ints, which only matters
 * for `[]` appends (next index = largest int key + 1) and is reproduced here.
 */
import { phpArrayKey } from '../../wire/php-json.js';

export type ParamValue = string | ParamMap;

/** The plain-JS view of parameters (lists as arrays, other maps as objects), for tests and logs. */
export type PlainParam = string | PlainParam[] | { [key: string]: PlainParam };

export class ParamMap {
  private readonly map = new Map<string, ParamValue>();
  /** PHP's nNextFreeElement: null until an int key exists (PHP ≥ 8.3 semantics for negative keys). */
  private nextIndex: bigint | null = null;

  get size(): number {
    return this.map.size;
  }

  get(key: string): ParamValue | undefined {
    return this.map.get(key);
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** `$a[$key] = $value`: a repeated key keeps its first position and takes the new value. */
  set(key: string, value: ParamValue): this {
    const normal = phpArrayKey(key);
    if (typeof normal === 'bigint' && (this.nextIndex === null || normal >= this.nextIndex)) this.nextIndex = normal + 1n;
    this.map.set(key, value);
    return this;
  }

  /** `$a[] = $value`. */
  append(value: ParamValue): this {
    return this.set((this.nextIndex ?? 0n).toString(), value);
  }

  delete(key: string): boolean {
    return this.map.delete(key);
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<ParamValue> {
    return this.map.values();
  }

  entries(): IterableIterator<[string, ParamValue]> {
    return this.map.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, ParamValue]> {
    return this.map.entries();
  }

  /** PHP's array_is_list: keys exactly "0".."n-1" in order. */
  isList(): boolean {
    let i = 0;
    for (const key of this.map.keys()) if (key !== String(i++)) return false;
    return true;
  }

  toPlain(): PlainParam[] | { [key: string]: PlainParam } {
    if (this.isList()) return [...this.map.values()].map(plainOf);
    const out: { [key: string]: PlainParam } = {};
    for (const [k, v] of this.map) out[k] = plainOf(v);
    return out;
  }

  /** JSON.stringify / phpJsonEncode see the plain view. */
  toJSON(): PlainParam[] | { [key: string]: PlainParam } {
    return this.toPlain();
  }

  /** Builds a map from plain JS data (tests, JSON bodies already reduced to strings). */
  static from(value: { [key: string]: PlainParam } | PlainParam[]): ParamMap {
    const map = new ParamMap();
    const entries: [string, PlainParam][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    for (const [k, v] of entries) map.set(k, typeof v === 'string' ? v : ParamMap.from(v));
    return map;
  }
}

export function plainOf(value: ParamValue): PlainParam {
  return typeof value === 'string' ? value : value.toPlain();
}

/** The value at a path of keys (`param(p, 'data', 'text')` = `$_REQUEST['data']['text']`). */
export function param(params: ParamMap, ...path: string[]): ParamValue | undefined {
  let value: ParamValue | undefined = params;
  for (const key of path) {
    if (!(value instanceof ParamMap)) return undefined;
    value = value.get(key);
  }
  return value;
}

/** A string at a path; undefined when absent or an array. */
export function stringParam(params: ParamMap, ...path: string[]): string | undefined {
  const value = param(params, ...path);
  return typeof value === 'string' ? value : undefined;
}

/** An array at a path; undefined when absent or a string. */
export function mapParam(params: ParamMap, ...path: string[]): ParamMap | undefined {
  const value = param(params, ...path);
  return value instanceof ParamMap ? value : undefined;
}

/** Separators of the documented "string separated by commas or new lines" list form. */
const LIST_SEPARATOR = /[,\r\n]+/;

/**
 * The items of a list parameter given either as an array (`ids[]=1&ids[]=2`, `ids[0]=1`: values in
 * the order sent, nested arrays kept as items) or as one string `1,2` / `1\n2` (split, trimmed,
 * empty pieces dropped). Absent → [].
 */
export function listItems(value: ParamValue | undefined): ParamValue[] {
  if (value === undefined) return [];
  if (value instanceof ParamMap) return [...value.values()];
  return value
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A list of plain strings (ids, numbers): array items that are themselves arrays are dropped. */
export function listParam(value: ParamValue | undefined): string[] {
  return listItems(value).filter((item): item is string => typeof item === 'string');
}
