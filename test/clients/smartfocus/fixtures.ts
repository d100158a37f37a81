/** Canned SmartFocus bodies (docs/protocols/smartfocus.md §Member, §Batch Member, §Notification, §Envelope) and a transport that answers them. */
import { RecordingTransport, responseOf, type HttpRequest, type HttpResponse } from '../../../src/clients/transport.js';

export const DECL = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>';
export const NS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

export const result = (type: string, value: string): string => `${DECL}<response responseStatus="success"><result xsi:type="${type}" ${NS}>${value}</result></response>`;
export const content = (inner: string): string => `${DECL}<response responseStatus="success" ${NS}>${inner}</response>`;
export const failed = (description: string, fields: string, status: string): string =>
  `${DECL}<response responseStatus="failed"><description>${description}</description><fields>${fields}</fields><status>${status}</status></response>`;

/** Answers by the first matching rule (a substring of the URL); unmatched requests get a job id. */
export function cannedTransport(rules: Array<[string, string, number?]> = []): RecordingTransport {
  return new RecordingTransport((req: HttpRequest): HttpResponse => {
    for (const [part, body, status] of rules) if (req.url.includes(part)) return responseOf(status ?? 200, body);
    return responseOf(200, result('xs:long', '1234'));
  });
}

export function only(t: RecordingTransport): HttpRequest {
  const r = t.requests.at(-1);
  if (!r) throw new Error('no request sent');
  return r;
}

export function bodyText(r: HttpRequest): string | undefined {
  return r.body === undefined ? undefined : typeof r.body === 'string' ? r.body : Buffer.from(r.body).toString('utf8');
}
