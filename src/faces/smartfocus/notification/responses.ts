// Response bodies of the Notification service (docs/protocols/smartfocus.md §Notification, §Envelope).
//
// One send request (NMSREST, and an NMSXML document with one <sendrequest>, which is all the PHP
// client ever builds) is answered exactly as the vendor answers NMSREST:
//   success: <response responseStatus="success" email="…"><result xsi:type="xs:string" …>SendRequest has been successfully saved!</result></response>
//   failure: <response responseStatus="failed"><description/><fields/><status>CREATE_SENDREQUEST_FAILED</status></response>, HTTP 500
//
// Several send requests in one NMSXML document (no capture exists) are answered with one
// per-recipient <element> each, shaped like the SOAP sendObjects answer, in request order, inside
// a <response> whose responseStatus is success only when every element succeeded. Each send
// request stands alone: those that succeeded are queued even when others failed. A failed
// document also carries a top-level <description> and <status>, so RestResponseParser::getResult
// (which reads only direct children) reports why instead of "Unknown error".
import { XML_DECLARATION, escapeXml, failureResponse } from '../common/xml.js';
import { FAILED_STATUS, type NotificationFault } from './send-request.js';

const NS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';
export const SAVED = 'SendRequest has been successfully saved!';

export type SendOutcome = { ok: true; email: string } | { ok: false; email: string; fault: NotificationFault };

export function savedResponse(email: string): string {
  return `${XML_DECLARATION}<response responseStatus="success" email="${escapeXml(email)}"><result xsi:type="xs:string" ${NS}>${SAVED}</result></response>`;
}

export function faultResponse(fault: NotificationFault): string {
  return failureResponse(fault.description, fault.fields, FAILED_STATUS);
}

function elementOf(outcome: SendOutcome): string {
  const email = `email="${escapeXml(outcome.email)}"`;
  if (outcome.ok) return `<element responseStatus="success" ${email}><result xsi:type="xs:string">${SAVED}</result></element>`;
  const { description, fields } = outcome.fault;
  return `<element responseStatus="failed" ${email}><description>${escapeXml(description)}</description><fields>${escapeXml(fields)}</fields><status>${FAILED_STATUS}</status></element>`;
}

/** Body and HTTP status for the outcomes of one request (see the module comment). */
export function outcomesResponse(outcomes: readonly SendOutcome[]): { status: number; body: string } {
  if (outcomes.length === 1) {
    const only = outcomes[0]!;
    return only.ok ? { status: 200, body: savedResponse(only.email) } : { status: 500, body: faultResponse(only.fault) };
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  const elements = outcomes.map(elementOf).join('');
  if (failed === 0) return { status: 200, body: `${XML_DECLARATION}<response responseStatus="success" ${NS}>${elements}</response>` };
  const summary = `${failed} of ${outcomes.length} send requests failed`;
  return { status: 500, body: `${XML_DECLARATION}<response responseStatus="failed" ${NS}><description>${summary}</description>${elements}<status>${FAILED_STATUS}</status></response>` };
}
