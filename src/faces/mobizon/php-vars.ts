/**
 * How PHP fills `$_GET`, `$_POST` and `$_REQUEST` (main/php_variables.c, PHP 8), so a Mobizon client
 * gets the parameters the live service would see, whatever encoder built the request:
 *
 *  * `a=1&b=2` split on `&` only; a pair without `=` has the value ""; `+` and `%20` are spaces,
 *    `%XX` bytes decoded as UTF-8, malformed escapes left as written;
 *  * names: leading spaces dropped, `.` and ` ` in the base name become `_`; `a[b][c]=` nests,
 *    `a[]=` appends (next int key), `a[ ]` counts as `[]`, text after a `]` that is not `[` is
 *    ignored (`a[b]x` = `a[b]`), a `[` never closed turns into `_` (`a[b` = `a_b`);
 *  * a later value replaces an earlier one; a string where an array is needed is replaced by the array;
 *  * `$_REQUEST` = `$_GET` merged with `$_POST` (request_order "GP"): POST wins for a scalar, arrays
 *    present in both are merged key by key, recursively (php_autoglobal_merge).
 *
 * Limits: PHP's max_input_nesting_level (64) drops deeper variables; the count of variables is
 * bounded by MAX_VARS (PHP's max_input_vars is 1000, too few for 500 template recipients with
 * placeholders, which the live service accepts, so Herald allows more).
 */
import { ParamMap, type ParamValue } from './params.js';

export const MAX_NESTING = 64;
export const MAX_VARS = 20_000;

export class TooManyVariablesError extends Error {
  constructor() {
    super(`more than ${MAX_VARS} request variables`);
    this.name = 'TooManyVariablesError';
  }
}

const HEX = /^[0-9A-Fa-f]{2}$/;

/** php_url_decode: `+` → space, `%XX` → byte, anything else (incl. a bad `%`) as is; bytes read as UTF-8. */
export function phpUrlDecode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '+') bytes.push(0x20);
    else if (ch === '%' && HEX.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const code = text.charCodeAt(i);
      if (code < 0x80) bytes.push(code);
      else bytes.push(...Buffer.from(text.slice(i, i + (code >= 0xd800 && code <= 0xdbff ? 2 : 1)), 'utf8'));
      if (code >= 0xd800 && code <= 0xdbff) i++;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** php_register_variable_ex: stores `value` under the (already decoded) variable name `name`. */
export function registerVariable(target: ParamMap, rawName: string, value: ParamValue): void {
  const name = rawName.replace(/^ +/, '');
  const bracket = name.indexOf('[');
  const base = (bracket < 0 ? name : name.slice(0, bracket)).replace(/[ .]/g, '_');
  if (base === '') return;
  if (bracket < 0) {
    target.set(base, value);
    return;
  }
  // Collect the indexes first: an unclosed `[` changes the meaning of what came before it.
  const indexes: (string | null)[] = []; // null = `[]` (append)
  let pos = bracket; // at a `[`
  let baseName = base;
  for (;;) {
    if (indexes.length + 1 > MAX_NESTING) return; // PHP drops the whole variable
    let start = pos + 1;
    if (' \r\n\t'.includes(name[start] ?? 'x')) start++;
    if (name[start] === ']') {
      indexes.push(null);
      pos = start;
    } else {
      const close = name.indexOf(']', start);
      if (close < 0) {
        // Not an index. At the first level the `[` and the rest join the name (`a[b` → `a_b`); deeper,
        // the indexes read so far stand and the rest is dropped.
        if (indexes.length === 0) {
          baseName = `${base}_${name.slice(pos + 1).replace(/[ .[]/g, '_')}`;
        }
        break;
      }
      indexes.push(name.slice(pos + 1, close));
      pos = close;
    }
    if (name[pos + 1] !== '[') break;
    pos += 1;
  }
  if (indexes.length === 0) {
    target.set(baseName, value);
    return;
  }
  let table = target;
  let key: string | null = baseName;
  for (const index of indexes) {
    let next: ParamValue | undefined = key === null ? undefined : table.get(key);
    if (!(next instanceof ParamMap)) {
      next = new ParamMap();
      if (key === null) table.append(next);
      else table.set(key, next);
    }
    table = next;
    key = index;
  }
  if (key === null) table.append(value);
  else table.set(key, value);
}

/** php_default_treat_data for a query string or an urlencoded body. */
export function parsePhpQuery(text: string, into: ParamMap = new ParamMap(), budget: { left: number } = { left: MAX_VARS }): ParamMap {
  if (text === '') return into;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    if (--budget.left < 0) throw new TooManyVariablesError();
    const eq = pair.indexOf('=');
    const name = phpUrlDecode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : phpUrlDecode(pair.slice(eq + 1));
    registerVariable(into, name, value);
  }
  return into;
}

/** php_autoglobal_merge(dest, src): `$_REQUEST` from `$_GET` (dest, a copy is made) and `$_POST` (src). */
export function mergeRequest(get: ParamMap, post: ParamMap): ParamMap {
  const merged = cloneParams(get);
  mergeInto(merged, post);
  return merged;
}

function mergeInto(dest: ParamMap, src: ParamMap): void {
  for (const [key, value] of src) {
    const existing = dest.get(key);
    if (value instanceof ParamMap && existing instanceof ParamMap) mergeInto(existing, value);
    else dest.set(key, value instanceof ParamMap ? cloneParams(value) : value);
  }
}

export function cloneParams(source: ParamMap): ParamMap {
  const copy = new ParamMap();
  for (const [key, value] of source) copy.set(key, value instanceof ParamMap ? cloneParams(value) : value);
  return copy;
}
