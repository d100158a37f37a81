import qs from 'qs';

/**
 * Form bodies as PHP's parse_str reads what http_build_query wrote: bracket keys
 * (`custom_fields[1]=x`, `data[recipients][0]=…`) become nested objects whose keys are kept as
 * written (`parseArrays: false`: qs's array mode would compact `[1]` to index 0 and lose a field
 * id), a repeated plain key keeps its last value, `+` is a space. PHP clients (FranchiseMailer,
 * Mobizon) rely on this, so it is the parser for every face.
 */
export function parsePhpForm(body: string): Record<string, unknown> {
  return qs.parse(body, {
    depth: 5,
    parseArrays: false,
    duplicates: 'last',
    parameterLimit: 10000,
    throwOnLimitExceeded: true,
    allowDots: false,
    charset: 'utf-8',
  }) as Record<string, unknown>;
}
