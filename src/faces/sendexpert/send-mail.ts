/**
 * sendMail: the document's parameters translated into the core's EmailToSend, and the core's refusals
 * into the document's error codes.
 *
 * Parameters: to_email, from_email, subject and body_html or body_text are required
 * (NOT_REQUIRED_FIELDS); from_name; timestamp_send (Unix seconds, int or string; future → scheduled,
 * past/0/absent → now); unsubscribe_form (an unsubscribe form id); attach_files [{name, body base64}];
 * language (accepted and ignored: Herald's unsubscribe page has one language); project (Herald has
 * no projects, so any non-empty value is PROJECT_NOT_EXIST). `{unsubscribe_link}` in the bodies is
 * replaced when the mail is composed.
 */
import type { AttachmentInput, EmailToSend } from '../../core/messages/email-input.js';
import { SendRefusedError, type RefusalReason } from '../../core/messages/refusal.js';
import { ValidationError } from '../../core/errors.js';
import { TransError, type TransErrorCode } from './envelope.js';
import { integerOf, isBlank, param, textOf, unixTimeOf, type Params } from './params.js';

const REFUSALS: Record<RefusalReason, TransErrorCode> = {
  sender_not_verified: 'ERROR_FROM_EMAIL',
  recipient_suppressed: 'EMAIL_UNSUBSCRIBED',
  insufficient_funds: 'NOT_ENOUGH_MONEY',
  attachments_too_large: 'FILES_SIZE_TOO_LARGE',
  unsubscribe_form_not_found: 'UNSUBSCRIBE_FORM_NOT_EXIST',
};

const invalid = (why: string): TransError => new TransError('ERROR_SEND_MAIL', why);

/** A text field; missing or null is "", another type (an array, a bool) cannot be a text. */
function text(params: Params, name: string): string {
  const value = param(params, name);
  if (value === undefined || value === null) return '';
  const t = textOf(value);
  if (t === null) throw invalid(`${name} must be a string`);
  return t;
}

function sendAt(params: Params): Date | null {
  const value = param(params, 'timestamp_send');
  if (isBlank(value)) return null;
  const seconds = unixTimeOf(value);
  if (seconds === null) throw invalid('timestamp_send must be a Unix timestamp (1970 to 9999)');
  // 0 (PHP's "not set") and past times send now; the core treats a past date the same way.
  return seconds === 0 ? null : new Date(seconds * 1000);
}

function unsubscribeForm(params: Params): number | null {
  const value = param(params, 'unsubscribe_form');
  if (isBlank(value) || value === 0 || value === '0') return null;
  const id = integerOf(value);
  // A value that cannot be an id names no form either.
  if (id === null || id <= 0) throw new TransError('UNSUBSCRIBE_FORM_NOT_EXIST', `unsubscribe form ${String(value)} does not exist`);
  return id;
}

function attachments(params: Params): AttachmentInput[] {
  const value = param(params, 'attach_files');
  if (isBlank(value)) return [];
  if (typeof value !== 'object' || value === null) throw invalid('attach_files must be a list of {name, body}');
  // A PHP array with non-sequential keys arrives as an object; its values are the files.
  const files: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return files.map((file, i) => {
    if (typeof file !== 'object' || file === null || Array.isArray(file)) throw invalid(`attach_files[${i}] must be {name, body}`);
    const entry = file as Params;
    return { name: text(entry, 'name'), base64: text(entry, 'body') };
  });
}

/** The parameters as the core's input; TransError for what the core has no notion of. */
export function toEmailToSend(params: Params): EmailToSend {
  if (!isBlank(param(params, 'project')) && param(params, 'project') !== 0 && param(params, 'project') !== '0') {
    throw new TransError('PROJECT_NOT_EXIST', 'Herald has no projects');
  }
  const html = text(params, 'body_html');
  const plain = text(params, 'body_text');
  const fromName = text(params, 'from_name');
  return {
    to: text(params, 'to_email'),
    from: text(params, 'from_email'),
    ...(fromName !== '' ? { fromName } : {}),
    subject: text(params, 'subject'),
    html: html === '' ? null : html,
    text: plain === '' ? null : plain,
    attachments: attachments(params),
    sendAt: sendAt(params),
    unsubscribeFormId: unsubscribeForm(params),
  };
}

/**
 * The document's code for a core error: a missing required field is NOT_REQUIRED_FIELDS; a present
 * but invalid one (an address that is not one, a two-line subject, an attachment that is not
 * base64) has no code of its own in the document and is ERROR_SEND_MAIL; null for anything else.
 */
export function sendMailErrorCode(err: unknown): TransErrorCode | null {
  if (err instanceof TransError) return err.code;
  if (err instanceof SendRefusedError) return REFUSALS[err.reason];
  if (err instanceof ValidationError) return err.issues.some((i) => i.code === 'required') ? 'NOT_REQUIRED_FIELDS' : 'ERROR_SEND_MAIL';
  return null;
}
