/**
 * PHP's json_encode with default flags, for JavaScript values (docs/protocols/sendexpert.md §PHP json_encode): the text a
 * SendExpert `sign` and callback `checksum` are computed over, so it must match PHP byte for byte.
 *
 * JSON.stringify does the string escaping (quotes, backslashes, `\b \f \n \r \t`, other controls as
 * lower-case `\u00XX`); on top of it PHP escapes `/` as `\/` and every non-ASCII UTF-16 unit as
 * `\uXXXX` (astral characters thus as a surrogate pair). What JSON.stringify gets wrong for PHP is
 * handled here: arrays and objects as PHP arrays (empty → `[]`, keys 0..n-1 in order → a list),
 * integers vs floats (10.0 → `10`, -0 → `-0`, exponents `1.0e+25` from 1e17 and below 1e-4),
 * and lone surrogates (invalid UTF-8: PHP's json_encode fails, so this throws).
 */

export class PhpJsonEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PhpJsonEncodeError';
  }
}

const INT64_LIMIT = 2 ** 63;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function encodeString(value: string): string {
  if (LONE_SURROGATE.test(value)) throw new PhpJsonEncodeError('Malformed UTF-8 characters, possibly incorrectly encoded');
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A PHP float as json_encode writes it with serialize_precision = -1: the shortest round-trip
 * digits (which JavaScript's number formatting also yields), in plain notation when the decimal
 * exponent is within [-4, 17), otherwise `d.ddde±x` with at least one fraction digit.
 */
export function phpFloat(value: number): string {
  if (!Number.isFinite(value)) throw new PhpJsonEncodeError('Inf and NaN cannot be JSON encoded');
  if (Object.is(value, -0)) return '-0';
  if (value === 0) return '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  // php_gcvt: exponential when decpt < -3 or decpt > 17 (decpt = exponent + 1).
  if (exponent < -4 || exponent >= 17) {
    const withFraction = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
    return `${withFraction}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
  }
  return String(value);
}

function encodeNumber(value: number): string {
  // A whole JS number is taken as a PHP int when an int64 can hold it; beyond, PHP has only floats.
  if (Number.isInteger(value) && !Object.is(value, -0) && Math.abs(value) < INT64_LIMIT) return BigInt(value).toString();
  return phpFloat(value);
}

/** PHP's array_is_list for an object's keys: "0", "1", … in order. */
function isListKeys(keys: string[]): boolean {
  return keys.every((key, i) => key === String(i));
}

function encode(value: unknown, depth: number): string {
  if (depth > 512) throw new PhpJsonEncodeError('Maximum stack depth exceeded');
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'number') return encodeNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') throw new PhpJsonEncodeError(`Type is not supported: ${typeof value}`);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return encode((value as { toJSON: () => unknown }).toJSON(), depth);
  if (Array.isArray(value)) return `[${value.map((item: unknown) => encode(item, depth + 1)).join(',')}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (isListKeys(entries.map(([k]) => k))) return `[${entries.map(([, v]) => encode(v, depth + 1)).join(',')}]`;
  return `{${entries.map(([k, v]) => `${encodeString(k)}:${encode(v, depth + 1)}`).join(',')}}`;
}

/** `json_encode($value)` for the PHP array a JavaScript value stands for; throws where PHP returns false. */
export function phpJsonEncode(value: unknown): string {
  return encode(value, 0);
}
