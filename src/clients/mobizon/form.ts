/**
 * PHP's http_build_query as mobizon-php sends its parameters (docs/protocols/mobizon.md §Request): nested arrays
 * as bracketed keys (`data[text]`, `recipients[0][name]`), `true` → `1`, `false` → `0`, null and
 * undefined dropped, empty arrays writing nothing, RFC 1738 escaping (space `+`, brackets `%5B%5D`,
 * only `[A-Za-z0-9_.-]` left alone).
 *
 * Written here rather than delegated to qs: qs's RFC 1738 mode leaves `(`, `)` and `~` unescaped and
 * writes booleans as words, and a multipart upload (recipientsFile) needs the same flattened
 * name/value pairs, which qs does not expose.
 */

/** What a Mobizon parameter may hold: scalars, lists and nested maps (a PHP array). */
export type MobizonParamValue = string | number | boolean | null | undefined | readonly MobizonParamValue[] | MobizonParams;
export interface MobizonParams {
  readonly [key: string]: MobizonParamValue;
}

/** PHP urlencode(): UTF-8 bytes percent-encoded upper-case, except `[A-Za-z0-9_.-]`; space is `+`. */
export function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function scalarText(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`a Mobizon parameter cannot be ${value}`);
  return String(value);
}

/**
 * The parameters as `[name, value]` pairs with unescaped bracketed names, in the order
 * http_build_query writes them: `{data: {text: 'Hi'}}` → `[['data[text]', 'Hi']]`.
 */
export function phpFormPairs(params: MobizonParams): [string, string][] {
  const out: [string, string][] = [];
  const walk = (value: MobizonParamValue, name: string): void => {
    if (value === null || value === undefined) return;
    if (typeof value === 'object') {
      const entries: [string, MobizonParamValue][] = Array.isArray(value) ? value.map((v: MobizonParamValue, i) => [String(i), v]) : Object.entries(value as MobizonParams);
      for (const [key, item] of entries) walk(item, `${name}[${key}]`);
      return;
    }
    out.push([name, scalarText(value)]);
  };
  for (const [key, value] of Object.entries(params)) walk(value, key);
  return out;
}

/** http_build_query($params): the urlencoded body mobizon-php posts. */
export function httpBuildQuery(params: MobizonParams): string {
  return phpFormPairs(params)
    .map(([name, value]) => `${phpUrlencode(name)}=${phpUrlencode(value)}`)
    .join('&');
}
