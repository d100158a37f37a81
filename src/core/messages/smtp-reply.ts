// What became of an SMTP delivery attempt, from what the remote server said (issue 4 §2). Enhanced
// status codes (RFC 3463) decide where servers give a specific one; the reply wording decides where
// they do not (Yahoo, old Hotmail and many Exim setups send bare `550`/`554`).

import type { EmailErrorStatus } from './statuses.js';

export type { EmailErrorStatus };

export type SmtpResult =
  /** A reply from the server; `text` is the whole reply as received (kept as the message's RESPONSE). */
  | { kind: 'reply'; code: number; enhanced?: string; text: string }
  /** The recipient domain has no MX/A or a null MX (RFC 7505), found before any SMTP exchange. */
  | { kind: 'no-mail-domain'; text?: string }
  /** Could not talk to the server (refused, timeout, TLS, DNS of the relay …). */
  | { kind: 'connection'; text: string }
  /** Failed on our side before the server could judge the message (bad envelope, message build error). */
  | { kind: 'local'; text: string };

export type DeliveryOutcome =
  | { outcome: 'sent'; response: string }
  | { outcome: 'retry'; reason: string }
  | { outcome: 'failed'; status: EmailErrorStatus; response: string };

export interface ParsedReply {
  code: number;
  enhanced?: string;
  /** The reply text without code prefixes, continuation lines joined by a space. */
  message: string;
}

const REPLY_LINE = /^([2-5][0-9][0-9])(?:[ -]|$)(.*)$/;
const ENHANCED = /^([245])\.([0-9]{1,3})\.([0-9]{1,3})(?=\s|$)/;

/** Parses `550 5.1.1 <x@y>: … User unknown`, including multi-line `550-5.1.1 …` replies. */
export function parseSmtpReply(reply: string): ParsedReply | null {
  const lines = reply.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  let code: number | null = null;
  let enhanced: string | undefined;
  const texts: string[] = [];
  for (const line of lines) {
    const m = REPLY_LINE.exec(line);
    if (m === null) {
      // A continuation without its code (some libraries strip them); keep the words.
      if (code === null) return null;
      texts.push(line);
      continue;
    }
    code ??= Number(m[1]);
    let rest = m[2]!.trim();
    const e = ENHANCED.exec(rest);
    // The enhanced class must agree with the reply class (RFC 2034); otherwise it is just text.
    if (e !== null && e[1] === String(code)[0]) {
      enhanced ??= `${e[1]}.${Number(e[2])}.${Number(e[3])}`;
      rest = rest.slice(e[0].length).trim();
    }
    if (rest !== '') texts.push(rest);
  }
  if (code === null) return null;
  return enhanced === undefined ? { code, message: texts.join(' ') } : { code, enhanced, message: texts.join(' ') };
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL', 'EAUTH', 'ENOAUTH', 'EOAUTH2', 'EPROXY', 'EMAXLIMIT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** The SmtpResult for an error thrown by nodemailer (`responseCode`, `response`, `code`). */
export function smtpResultFromError(err: unknown): SmtpResult {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { responseCode?: unknown; response?: unknown; code?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  const response = typeof e.response === 'string' ? e.response.trim() : '';
  const parsed = response === '' ? null : parseSmtpReply(response);
  if (parsed !== null) return replyResult(parsed, response);
  if (typeof e.responseCode === 'number' && e.responseCode >= 200 && e.responseCode < 600) {
    return { kind: 'reply', code: e.responseCode, text: response || message };
  }
  const code = typeof e.code === 'string' ? e.code : '';
  const text = code === '' ? message : `${code}: ${message}`;
  // Auth and TLS failures towards our own relay are operator problems: retrying lets them be fixed.
  if (CONNECTION_CODES.has(code)) return { kind: 'connection', text };
  return { kind: 'local', text };
}

function replyResult(parsed: ParsedReply, text: string): SmtpResult {
  return parsed.enhanced === undefined ? { kind: 'reply', code: parsed.code, text } : { kind: 'reply', code: parsed.code, enhanced: parsed.enhanced, text };
}

/** The SmtpResult for a reply string such as nodemailer's `info.response` or `err.response`. */
export function smtpResultFromReply(reply: string): SmtpResult {
  const parsed = parseSmtpReply(reply);
  return parsed === null ? { kind: 'local', text: reply } : replyResult(parsed, reply);
}

// Wording, matched on the whole reply text. Ordered from most to least specific at the call site.
const USER_UNKNOWN = [
  /user(?:name)? (?:is )?unknown/i,
  /unknown (?:user|recipient|mailbox|local[- ]part|address)/i,
  /no such (?:user|recipient|mailbox|person|account|address)/i,
  /(?:user|recipient|mailbox|account|address)(?: name)? (?:not found|does not exist|doesn'?t exist|not exist)/i,
  /(?:mailbox|account) (?:is )?unavailable/i,
  /(?:mailbox|account)\b[^.]{0,40}\b(?:is|has been) (?:disabled|inactive|deactivated|suspended)/i,
  /doesn'?t have a [\w.-]+ account/i,
  /invalid (?:recipient|mailbox|user)/i,
  /recipient (?:address )?rejected: (?:user unknown|undeliverable address)/i,
  /RecipientNotFound|RESOLVER\.ADR\.RecipNotFound/i,
  /not our customer|no mailbox here/i,
];
const MAILBOX_FULL = [/(?:mailbox|inbox|mail ?box|account|user)(?: is)? (?:full|over ?quota)/i, /quota (?:exceeded|exceed)/i, /over (?:its|the|his|her)? ?(?:storage |mailbox )?quota/i, /insufficient (?:system )?storage/i, /exceeded storage allocation/i];
const NO_MAIL_DOMAIN = [
  /(?:host or )?domain(?: name)? not found/i,
  /no such domain|domain does not exist|non-?existent domain|nonexistentdomain/i,
  /null ?mx|does not accept (?:e-?)?mail/i,
  /no (?:mx|mail exchanger|mx or a) records?/i,
  /name service error|unroutable|unrouteable/i,
];
const SPAM_OR_POLICY = [
  /spam|unsolicited|junk|bulk mail/i,
  /block ?list|black ?list|blocked|banned|denylist/i,
  /polic(?:y|ies)|reputation|spamhaus|barracuda|spamcop|\bRBL\b|\bDNSBL\b/i,
  /content (?:rejected|filter)|message (?:not allowed|content rejected)|looks suspicious|phish/i,
  /\bDMARC\b|unauthenticated/i,
];

const matchesAny = (patterns: RegExp[], text: string): boolean => patterns.some((p) => p.test(text));

/**
 * Maps one attempt's result to the message status. `finalAttempt` says the retry budget is spent, which
 * turns temporary failures into final ones.
 */
export function classifySmtpResult(result: SmtpResult, finalAttempt: boolean): DeliveryOutcome {
  switch (result.kind) {
    case 'no-mail-domain':
      return { outcome: 'failed', status: 'ERROR_DOMAIN_NOT_EMAIL', response: result.text ?? 'Domain has no MX or A record, or a null MX (RFC 7505)' };
    case 'local':
      return { outcome: 'failed', status: 'ERROR_DELIVERY', response: result.text };
    case 'connection':
      return finalAttempt ? { outcome: 'failed', status: 'ERROR_DELIVERY', response: result.text } : { outcome: 'retry', reason: result.text };
    case 'reply':
      break;
  }
  const { code, text } = result;
  const enhanced = result.enhanced !== undefined && result.enhanced[0] === String(code)[0] ? result.enhanced : undefined;
  if (code >= 200 && code < 300) return { outcome: 'sent', response: text };
  if (code >= 400 && code < 500) {
    if (!finalAttempt) return { outcome: 'retry', reason: text };
    return { outcome: 'failed', status: temporaryFinalStatus(enhanced, text), response: text };
  }
  if (code >= 500 && code < 600) return { outcome: 'failed', status: permanentStatus(code, enhanced, text), response: text };
  return { outcome: 'failed', status: 'ERROR_DELIVERY', response: text };
}

function subjectDetail(enhanced: string | undefined): [number, number] | null {
  if (enhanced === undefined) return null;
  const [, subject, detail] = enhanced.split('.').map(Number);
  return [subject!, detail!];
}

/** A 4xx that lasted past the retry budget. */
function temporaryFinalStatus(enhanced: string | undefined, text: string): EmailErrorStatus {
  const sd = subjectDetail(enhanced);
  const generic = sd === null || sd[0] === 0;
  if ((sd !== null && sd[0] === 2 && sd[1] === 2) || (generic && matchesAny(MAILBOX_FULL, text))) return 'ERROR_EMAIL_IS_FULL';
  // Postfix answers 450 4.1.2 "Domain not found" by default; a day of that means the domain takes no mail.
  if ((sd !== null && sd[0] === 1 && (sd[1] === 2 || sd[1] === 10)) || (generic && matchesAny(NO_MAIL_DOMAIN, text))) return 'ERROR_DOMAIN_NOT_EMAIL';
  return 'ERROR_UNAVAILABLE';
}

function permanentStatus(code: number, enhanced: string | undefined, text: string): EmailErrorStatus {
  const sd = subjectDetail(enhanced);
  // RFC 7505 gives 5.1.10 to null MX, but Exchange uses it for "RecipientNotFound", so words win here.
  if (code === 556 || (sd !== null && sd[0] === 1 && sd[1] === 10)) return matchesAny(USER_UNKNOWN, text) ? 'ERROR_EMAIL_NOT_EXIST' : 'ERROR_DOMAIN_NOT_EMAIL';
  if (sd !== null) {
    const [subject, detail] = sd;
    if (subject === 2 && detail === 2) return 'ERROR_EMAIL_IS_FULL';
    if (subject === 1 && detail === 2) return 'ERROR_DOMAIN_NOT_EMAIL';
    // 5.1.7/5.1.8 are about our sender address, 5.1.5 is not an error at all.
    if (subject === 1) return [5, 7, 8, 9].includes(detail) ? 'ERROR_MAIL_REFUSE' : 'ERROR_EMAIL_NOT_EXIST';
    if (subject === 7) return matchesAny(SPAM_OR_POLICY, text) ? 'ERROR_IS_SPAM' : 'ERROR_MAIL_REFUSE';
    // Exchange Online's directory-based edge blocking: 5.4.1 "Recipient address rejected: Access denied".
    if (subject === 4 && detail === 1 && /recipient address rejected: access denied/i.test(text)) return 'ERROR_EMAIL_NOT_EXIST';
    if (subject === 4 && matchesAny(NO_MAIL_DOMAIN, text)) return 'ERROR_DOMAIN_NOT_EMAIL';
    if (subject === 3 || subject === 6) return 'ERROR_MAIL_REFUSE'; // system/media: size, content encoding
  }
  // No or a non-committal enhanced code (x.0.x, 5.2.1, 5.5.0 …): the words are all we have.
  if (matchesAny(USER_UNKNOWN, text)) return 'ERROR_EMAIL_NOT_EXIST';
  if (matchesAny(MAILBOX_FULL, text)) return 'ERROR_EMAIL_IS_FULL';
  if (matchesAny(NO_MAIL_DOMAIN, text)) return 'ERROR_DOMAIN_NOT_EMAIL';
  if ((sd === null || sd[0] === 0) && matchesAny(SPAM_OR_POLICY, text)) return 'ERROR_IS_SPAM';
  return 'ERROR_MAIL_REFUSE';
}
