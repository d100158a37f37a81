import { isValidEmail } from '../audience/email-address.js';
import { IssueList } from '../errors.js';

export interface AttachmentInput {
  name: string;
  contentType?: string;
  /** File content in base64, as every face's API carries it. */
  base64: string;
}

/** One email as a face hands it to the core, content already rendered. */
export interface EmailToSend {
  to: string;
  from: string;
  fromName?: string;
  subject: string;
  html?: string | null;
  text?: string | null;
  headers?: Record<string, string>;
  attachments?: AttachmentInput[];
  /** Send at this time; null or past: as soon as possible. */
  sendAt?: Date | null;
  trackOpens?: boolean;
  trackClicks?: boolean;
  unsubscribeFormId?: number | null;
  templateId?: number | null;
  /** The face's own reference (e.g. the SmartFocus notification random). */
  externalRef?: string | null;
}

/** Default per-message limit on decoded attachments; the SendExpert error FILES_SIZE_TOO_LARGE. */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;
/**
 * Header names a caller may not set: those Herald writes (addresses, subject, Message-ID, MIME
 * structure, unsubscribe, DKIM), and the trace and authentication headers receivers trust to say
 * who sent a message and how it travelled (Sender, Received, Authentication-Results, ARC, Resent-*).
 */
const RESERVED_HEADERS = new Set([
  'from', 'sender', 'to', 'cc', 'bcc', 'subject', 'date', 'message-id', 'return-path', 'mime-version',
  'received', 'received-spf', 'authentication-results', 'dkim-signature', 'domainkey-signature', 'delivered-to',
]);
/** Whole families: `List-Unsubscribe-Post`, `Content-Disposition`, `ARC-Seal`, `Resent-From`… */
const RESERVED_PREFIXES = ['list-unsubscribe', 'content-', 'arc-', 'resent-'];

/** Whether a custom header would overwrite or forge one Herald or the receiving side owns. */
export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return RESERVED_HEADERS.has(lower) || RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix));
}
const HEADER_NAME = /^[!-9;-~]+$/;

export function decodedSize(base64: string): number {
  const clean = base64.replace(/[\r\n]/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/** Field problems of one message, prefixed with its position in a batch (`messages[3].to`). */
export function checkEmail(input: EmailToSend, prefix: string, issues: IssueList): void {
  const at = (field: string): string => `${prefix}${field}`;
  if (input.to.trim() === '') issues.add(at('to'), 'required', 'to is required');
  else if (!isValidEmail(input.to.trim())) issues.add(at('to'), 'invalid', `to: "${input.to}" is not a valid email address`);
  if (input.from.trim() === '') issues.add(at('from'), 'required', 'from is required');
  else if (!isValidEmail(input.from.trim())) issues.add(at('from'), 'invalid', `from: "${input.from}" is not a valid email address`);
  if (input.subject.trim() === '') issues.add(at('subject'), 'required', 'subject is required');
  else if (/[\r\n]/.test(input.subject)) issues.add(at('subject'), 'invalid', 'subject must be one line');
  if (input.subject.length > 998) issues.add(at('subject'), 'too_long', 'subject must be at most 998 characters');
  if (/[\r\n]/.test(input.fromName ?? '')) issues.add(at('fromName'), 'invalid', 'fromName must be one line');
  if (!(input.html ?? '').trim() && !(input.text ?? '').trim()) issues.add(at('html'), 'required', 'html or text is required');
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (!HEADER_NAME.test(name) || /[\r\n]/.test(value)) issues.add(at(`headers.${name}`), 'invalid', `header ${name} is not a valid header line`);
    else if (isReservedHeader(name)) issues.add(at(`headers.${name}`), 'not_allowed', `header ${name} is reserved: Herald or the receiving servers set it`);
  }
  (input.attachments ?? []).forEach((a, i) => {
    if (a.name.trim() === '' || /[\r\n"\\/]/.test(a.name)) issues.add(at(`attachments[${i}].name`), 'invalid', 'attachment name must be a plain file name');
    if (!BASE64.test(a.base64)) issues.add(at(`attachments[${i}].base64`), 'invalid', 'attachment body must be base64');
  });
}

export function attachmentsSize(input: EmailToSend): number {
  return (input.attachments ?? []).reduce((sum, a) => sum + decodedSize(a.base64), 0);
}
