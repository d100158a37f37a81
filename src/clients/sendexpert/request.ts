/**
 * The two request encodings of `/api/transapi.php` (docs/protocols/sendexpert.md §Request):
 *  - json: `{"user_id":"1","action":"…","data":{…},"sign":"…"}` with `Content-Type: application/json`;
 *    the `data` text in the body is the very text the sign covers;
 *  - form: `user_id, sign, request, action` urlencoded, where `request` is json_encode($data) and
 *    sign = md5(key . request).
 * A PHP empty array (no parameters) is `[]` in both.
 */
import type { HttpRequest } from '../transport.js';
import { phpJsonEncode } from '../../wire/php-json.js';
import { signText } from './sign.js';

export type SendExpertEncoding = 'json' | 'form';

export interface Credentials {
  userId: string | number;
  key: string;
}

export const TRANSAPI_PATH = '/api/transapi.php';

export function transapiUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${TRANSAPI_PATH}`;
}

export function buildSendExpertRequest(baseUrl: string, credentials: Credentials, action: string, data: unknown, encoding: SendExpertEncoding, userAgent: string): HttpRequest {
  const dataJson = phpJsonEncode(data);
  const signature = signText(credentials.key, dataJson);
  const userId = String(credentials.userId);
  const headers = { 'User-Agent': userAgent, Accept: 'application/json' };
  if (encoding === 'json') {
    // Assembled around dataJson (not re-encoded) so the signed text is the sent text.
    const body = `{"user_id":${phpJsonEncode(userId)},"action":${phpJsonEncode(action)},"data":${dataJson},"sign":"${signature}"}`;
    return { method: 'POST', url: transapiUrl(baseUrl), headers: { ...headers, 'Content-Type': 'application/json' }, body };
  }
  // The document's field order; URLSearchParams writes the urlencoded form (space as +).
  const body = new URLSearchParams([
    ['user_id', userId],
    ['sign', signature],
    ['request', dataJson],
    ['action', action],
  ]).toString();
  return { method: 'POST', url: transapiUrl(baseUrl), headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body };
}
