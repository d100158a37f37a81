// RFC 3464 delivery status notifications: multipart/report; report-type=delivery-status, whose second
// part (message/delivery-status, or message/global-delivery-status of RFC 6533) holds one per-message
// field group followed by one group per recipient.
import { findReport, headerValue, parseFieldGroups, parseMimeEntity, type HeaderField } from './mime.js';
import { findOriginalPart, readOriginalMessage, type OriginalMessage } from './original.js';

export type DsnAction = 'failed' | 'delayed' | 'delivered' | 'relayed' | 'expanded';

export interface DsnRecipient {
  /** From Final-Recipient (falling back to Original-Recipient), without the `rfc822;` type. */
  address: string;
  action: DsnAction | null;
  /** Enhanced status code such as `5.1.1`. */
  status: string | null;
  /** Diagnostic-Code text without its type, e.g. `550 5.1.1 <x@y>: … User unknown`. */
  diagnostic: string | null;
  remoteMta: string | null;
}

export interface DeliveryStatusNotification {
  reportingMta: string | null;
  recipients: DsnRecipient[];
  original: OriginalMessage | null;
}

const STATUS_PARTS = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ACTIONS = new Set<string>(['failed', 'delayed', 'delivered', 'relayed', 'expanded']);

/** `rfc822; a@b` → `a@b` (also strips angle brackets some MTAs add). */
function typedValue(value: string | undefined): string | null {
  if (value === undefined) return null;
  const semi = value.indexOf(';');
  const bare = (semi < 0 ? value : value.slice(semi + 1)).trim();
  return bare === '' ? null : bare;
}

function recipientFrom(fields: HeaderField[]): DsnRecipient | null {
  const address = typedValue(headerValue(fields, 'final-recipient')) ?? typedValue(headerValue(fields, 'original-recipient'));
  if (address === null) return null;
  // Action may carry a comment, e.g. "failed (bad destination mailbox address)".
  const action = (headerValue(fields, 'action') ?? '').trim().toLowerCase().split(/[\s(]/)[0] ?? '';
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(headerValue(fields, 'status') ?? '')?.[1] ?? null;
  return {
    address: address.replace(/^<(.*)>$/, '$1'),
    action: ACTIONS.has(action) ? (action as DsnAction) : null,
    status,
    diagnostic: typedValue(headerValue(fields, 'diagnostic-code')),
    remoteMta: typedValue(headerValue(fields, 'remote-mta')),
  };
}

/** The DSN in a raw message, or null when it is not a delivery-status report. */
export async function parseDsn(raw: Buffer): Promise<DeliveryStatusNotification | null> {
  const report = findReport(parseMimeEntity(raw), 'delivery-status');
  if (report === null) return null;
  const statusPart = report.children.find((child) => STATUS_PARTS.has(child.type));
  if (statusPart === undefined) return null;
  const groups = parseFieldGroups(statusPart.content);
  // The per-message group is the one without recipient fields; it is first but may be empty and dropped.
  const isRecipientGroup = (fields: HeaderField[]): boolean => fields.some(([name]) => name === 'final-recipient' || name === 'original-recipient');
  const perMessage = groups.find((fields) => !isRecipientGroup(fields)) ?? [];
  const recipients = groups.filter(isRecipientGroup).map(recipientFrom).filter((r): r is DsnRecipient => r !== null);
  const originalPart = findOriginalPart(report);
  return {
    reportingMta: typedValue(headerValue(perMessage, 'reporting-mta')),
    recipients,
    original: originalPart === null ? null : await readOriginalMessage(originalPart),
  };
}
