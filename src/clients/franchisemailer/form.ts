/**
 * PHP's http_build_query($data), which the vendor's `api_call()` uses for POST and PUT bodies (and
 * which this client also uses for GET query strings). qs does the structure (nested keys as
 * `custom_fields[1]`, nulls skipped, empty arrays writing nothing); the encoder is PHP's
 * urlencode(), because qs's RFC 1738 mode leaves `~`, `(` and `)` bare where PHP escapes them.
 */
import qs from 'qs';

/** A value http_build_query can take: scalars, or nested arrays keyed like PHP arrays. */
export type FormValue = string | number | null | undefined | FormArray | readonly FormValue[];
export interface FormArray {
  readonly [key: string]: FormValue;
}

/** PHP urlencode(): only [A-Za-z0-9_.-] stay, space is `+`, everything else %XX of its UTF-8 bytes. */
export function phpUrlencode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

export function httpBuildQuery(data: FormArray): string {
  return qs.stringify(data, {
    format: 'RFC1738',
    arrayFormat: 'indices',
    skipNulls: true,
    encoder: (str: unknown) => phpUrlencode(String(str)),
  });
}
