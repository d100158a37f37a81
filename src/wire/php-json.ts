// PHP 8 `json_encode` / `json_decode($text, true)` reproduced byte for byte (docs/protocols/sendexpert.md §PHP json_encode).
// SendExpert clients sign `md5(key . json_encode($data))`, so Herald must be able to produce the exact
// text PHP would: for verifying request signs when the raw bytes differ, and for callback checksums.
// The Mobizon face answers with it too: the live service's responses are json_encode output.
//
// Two entry points on purpose:
//  * `phpJsonEncode(value)` encodes a JavaScript value. A JS value cannot say whether `10` was a PHP
//    int or float, nor keep the order of integer-like object keys (JS sorts them first), so this is
//    exact for values Herald builds itself but only an approximation for arbitrary decoded input.
//  * `phpJsonReencode(text)` = `json_encode(json_decode($text, true))`, computed from the JSON text,
//    so it keeps int vs float per lexeme and the original key order: exact.
//
// JS empty object `{}` encodes as `[]`: PHP decodes `{}` (with assoc=true) into an empty array and an
// empty PHP array always encodes as `[]`, so a PHP peer re-encoding our payload also sees `[]`.

/** A PHP integer (kept as bigint so 64-bit values survive). */
export class PhpInt {
  constructor(readonly value: bigint) {}
}

/** A PHP float; needed where a JS number would otherwise be taken for an int (e.g. `1.0e+17`). */
export class PhpFloat {
  constructor(readonly value: number) {}
}

export type PhpKey = bigint | string;

/** A PHP array: ordered map whose keys are ints (bigint) or non-numeric strings. */
export class PhpArray {
  readonly entries = new Map<PhpKey, PhpValue>();

  /** Like `$a[$key] = $value`: numeric-string keys become ints; a repeated key keeps its first position. */
  set(key: PhpKey, value: PhpValue): this {
    this.entries.set(typeof key === 'string' ? phpArrayKey(key) : key, value);
    return this;
  }

  /** PHP's list test (`array_is_list`): keys are exactly 0..n-1 in order. */
  isList(): boolean {
    let expected = 0n;
    for (const key of this.entries.keys()) {
      if (key !== expected) return false;
      expected += 1n;
    }
    return true;
  }
}

export type PhpValue = null | boolean | string | PhpInt | PhpFloat | PhpArray;

export class PhpJsonError extends Error {
  override readonly name = 'PhpJsonError';
}

const MAX_DEPTH = 512; // json_encode/json_decode default $depth
const INT_MIN = -(2n ** 63n);
const INT_MAX = 2n ** 63n - 1n;

/** PHP's ZEND_HANDLE_NUMERIC_STR: canonical decimal ints in range become int keys ("-0", "01" stay strings). */
export function phpArrayKey(key: string): PhpKey {
  if (!/^(0|-?[1-9][0-9]*)$/.test(key)) return key;
  const n = BigInt(key);
  return n >= INT_MIN && n <= INT_MAX ? n : key;
}

/** `json_encode($value)` with default flags for a JavaScript value; throws PhpJsonError where PHP returns false. */
export function phpJsonEncode(value: unknown): string {
  return encodePhpValue(toPhpValue(value));
}

/** `json_encode(json_decode($text, true))`, exact for any JSON text PHP accepts. */
export function phpJsonReencode(text: string): string {
  return encodePhpValue(phpJsonDecode(text));
}

/** Converts a JavaScript value to the PHP value `json_decode(..., true)` would most plausibly have produced. */
export function toPhpValue(value: unknown, depth = 0): PhpValue {
  if (depth > MAX_DEPTH) throw new PhpJsonError('Maximum stack depth exceeded');
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof PhpInt || value instanceof PhpFloat || value instanceof PhpArray) return value;
  if (typeof value === 'bigint') return new PhpInt(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PhpJsonError('Inf and NaN cannot be JSON encoded');
    // -0 cannot be a PHP int, and integers beyond int64 only exist in PHP as floats.
    if (Number.isInteger(value) && !Object.is(value, -0)) {
      const n = BigInt(value);
      if (n >= INT_MIN && n <= INT_MAX) return new PhpInt(n);
    }
    return new PhpFloat(value);
  }
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return toPhpValue((value as { toJSON: () => unknown }).toJSON(), depth);
  }
  const array = new PhpArray();
  if (Array.isArray(value)) {
    // Holes and undefined become null, as JSON.stringify does for arrays.
    for (let i = 0; i < value.length; i++) array.set(BigInt(i), toPhpValue(value[i] ?? null, depth + 1));
    return array;
  }
  if (value instanceof Map) {
    for (const [k, v] of value) {
      if (typeof k !== 'string' && typeof k !== 'number' && typeof k !== 'bigint') throw new PhpJsonError('unsupported Map key');
      if (v !== undefined) array.set(typeof k === 'string' ? k : BigInt(k), toPhpValue(v, depth + 1));
    }
    return array;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) array.set(k, toPhpValue(v, depth + 1));
    return array;
  }
  throw new PhpJsonError(`Type is not supported: ${typeof value}`);
}

export function encodePhpValue(value: PhpValue): string {
  const out: string[] = [];
  encodeInto(value, out, 0);
  return out.join('');
}

function encodeInto(value: PhpValue, out: string[], depth: number): void {
  if (value === null) out.push('null');
  else if (value === true) out.push('true');
  else if (value === false) out.push('false');
  else if (typeof value === 'string') out.push(encodeString(value));
  else if (value instanceof PhpInt) out.push(value.value.toString());
  else if (value instanceof PhpFloat) out.push(formatFloat(value.value));
  else {
    if (depth + 1 > MAX_DEPTH) throw new PhpJsonError('Maximum stack depth exceeded');
    const list = value.isList();
    out.push(list ? '[' : '{');
    let first = true;
    for (const [k, v] of value.entries) {
      if (!first) out.push(',');
      first = false;
      if (!list) out.push(encodeString(typeof k === 'string' ? k : k.toString()), ':');
      encodeInto(v, out, depth + 1);
    }
    out.push(list ? ']' : '}');
  }
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '/': '\\/', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hex4(unit: number): string {
  return '\\u' + unit.toString(16).padStart(4, '0');
}

/** Characters that need more than copying; strings without any take the fast path. */
const NEEDS_ESCAPE = /["\\/\u0000-\u001f\u0080-\uffff]/;

/** php_json_escape_string with default flags; lone surrogates are invalid UTF-8 to PHP, hence an error. */
export function encodeString(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  // Large values (base64 attachments) are mostly plain: copy the runs between escapes in slices.
  let out = '"';
  let run = 0; // start of the pending run of characters copied as they are
  const flush = (i: number): void => {
    if (i > run) out += s.slice(run, i);
  };
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (unit < 0x80) {
      const short = SHORT_ESCAPES[s[i]!];
      if (short === undefined && unit >= 0x20) continue; // includes U+007F and < > & '
      flush(i);
      out += short ?? hex4(unit);
    } else if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) throw new PhpJsonError('Malformed UTF-8 characters');
      flush(i);
      out += hex4(unit) + hex4(next);
      i++;
    } else if (unit >= 0xdc00 && unit <= 0xdfff) {
      throw new PhpJsonError('Malformed UTF-8 characters');
    } else {
      flush(i);
      out += hex4(unit);
    }
    run = i + 1;
  }
  flush(s.length);
  return out + '"';
}

/**
 * php_gcvt(value, 17, '.', 'e') in serialize_precision=-1 mode: shortest round-trip digits (the same
 * digits JS picks), fixed notation while the decimal exponent is in [-4, 17), else `d.ddde±x`.
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) throw new PhpJsonError('Inf and NaN cannot be JSON encoded');
  const negative = value < 0 || Object.is(value, -0);
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  let decpt = Number(exponent) + 1; // dtoa convention: value = 0.DIGITS × 10^decpt
  if (digits === '0') decpt = 1;
  let body: string;
  if (decpt < 0 ? decpt < -3 : decpt > 17) {
    const e = decpt - 1;
    body = `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
  } else if (decpt <= 0) {
    body = `0.${'0'.repeat(-decpt)}${digits}`;
  } else if (digits.length <= decpt) {
    body = digits + '0'.repeat(decpt - digits.length);
  } else {
    body = `${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
  }
  return (negative ? '-' : '') + body;
}

/** `json_decode($text, true)` into PHP values; throws PhpJsonError where PHP would return null with an error. */
export function phpJsonDecode(text: string): PhpValue {
  const parser = new Parser(text);
  parser.skipWs();
  const value = parser.value(0);
  parser.skipWs();
  if (parser.pos !== text.length) parser.fail('Syntax error');
  return value;
}

const NUMBER = /-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const SIMPLE_UNESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new PhpJsonError(`${message} at offset ${this.pos}`);
  }

  skipWs(): void {
    while (this.pos < this.text.length && ' \t\n\r'.includes(this.text[this.pos]!)) this.pos++;
  }

  value(depth: number): PhpValue {
    const ch = this.text[this.pos];
    if (ch === '{' || ch === '[') {
      // PHP counts nesting of arrays/objects; exceeding $depth is JSON_ERROR_DEPTH.
      if (depth + 1 > MAX_DEPTH) this.fail('Maximum stack depth exceeded');
      return ch === '{' ? this.object(depth + 1) : this.array(depth + 1);
    }
    if (ch === '"') return this.string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.number();
  }

  private object(depth: number): PhpArray {
    const array = new PhpArray();
    this.pos++;
    this.skipWs();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return array;
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.pos] !== '"') this.fail('Syntax error');
      const key = this.string();
      this.skipWs();
      if (this.text[this.pos] !== ':') this.fail('Syntax error');
      this.pos++;
      this.skipWs();
      array.set(key, this.value(depth));
      this.skipWs();
      const sep = this.text[this.pos++];
      if (sep === '}') return array;
      if (sep !== ',') this.fail('Syntax error');
    }
  }

  private array(depth: number): PhpArray {
    const array = new PhpArray();
    this.pos++;
    this.skipWs();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return array;
    }
    for (let i = 0n; ; i++) {
      this.skipWs();
      array.set(i, this.value(depth));
      this.skipWs();
      const sep = this.text[this.pos++];
      if (sep === ']') return array;
      if (sep !== ',') this.fail('Syntax error');
    }
  }

  private number(): PhpInt | PhpFloat {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (match === null) this.fail('Syntax error');
    const lexeme = match[0];
    this.pos += lexeme.length;
    if (match[2] === undefined && match[3] === undefined) {
      const n = BigInt(lexeme); // "-0" is the int 0 to PHP
      if (n >= INT_MIN && n <= INT_MAX) return new PhpInt(n);
    }
    // Out-of-range ints become floats (no JSON_BIGINT_AS_STRING); strtod and Number() round alike.
    return new PhpFloat(Number(lexeme));
  }

  private string(): string {
    let out = '';
    this.pos++;
    for (;;) {
      // Runs of ordinary characters are copied in one slice: per-character concatenation made a
      // multi-megabyte attachment (sendMail) take seconds of blocked event loop.
      let end = this.pos;
      for (let code = this.text.charCodeAt(end); end < this.text.length && code !== 0x22 && code !== 0x5c && code >= 0x20 && (code < 0xd800 || code > 0xdfff); code = this.text.charCodeAt(++end));
      if (end > this.pos) {
        out += this.text.slice(this.pos, end);
        this.pos = end;
      }
      const ch = this.text[this.pos];
      if (ch === undefined) this.fail('Syntax error');
      const code = ch.charCodeAt(0);
      if (ch === '"') {
        this.pos++;
        return out;
      }
      if (code < 0x20) this.fail('Control character error, possibly incorrectly encoded');
      if (code >= 0xd800 && code <= 0xdfff) {
        // Raw surrogates in a JS string only come from lone ones or a pair; pairs are valid UTF-8.
        const next = this.text.charCodeAt(this.pos + 1);
        if (code > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) this.fail('Malformed UTF-8 characters');
        out += ch + this.text[this.pos + 1]!;
        this.pos += 2;
        continue;
      }
      if (ch !== '\\') {
        out += ch;
        this.pos++;
        continue;
      }
      const esc = this.text[this.pos + 1];
      const simple = esc === undefined ? undefined : SIMPLE_UNESCAPES[esc];
      if (simple !== undefined) {
        out += simple;
        this.pos += 2;
        continue;
      }
      if (esc !== 'u') this.fail('Syntax error');
      const unit = this.hexUnit(this.pos + 2);
      this.pos += 6;
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const low = this.text.startsWith('\\u', this.pos) ? this.hexUnit(this.pos + 2) : -1;
        if (!(low >= 0xdc00 && low <= 0xdfff)) this.fail('Single unpaired UTF-16 surrogate in unicode escape');
        out += String.fromCharCode(unit, low);
        this.pos += 6;
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        this.fail('Single unpaired UTF-16 surrogate in unicode escape');
      } else {
        out += String.fromCharCode(unit);
      }
    }
  }

  private hexUnit(at: number): number {
    const digits = this.text.slice(at, at + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(digits)) this.fail('Syntax error');
    return parseInt(digits, 16);
  }
}
