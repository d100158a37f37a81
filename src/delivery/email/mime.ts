import { randomBytes } from 'node:crypto';
import { encodeWords, foldLines } from 'nodemailer/lib/mime-funcs/index.js';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp/index.js';

/** The common shape of a transactional or bulk mail: headers, a text part, maybe an HTML part. */
export interface SimpleMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  messageId: string;
  date: Date;
  /** Extra headers in order (List-Unsubscribe, the caller's own). */
  headers: [string, string][];
  text: string;
  html: string | null;
}

const CRLF = '\r\n';
// A boundary must not occur in the parts and must differ per message: a random per-process prefix
// no content will contain, and a counter; no fresh entropy per mail.
const BOUNDARY_PREFIX = `--_herald_${randomBytes(9).toString('hex')}_`;
let boundaryCounter = 0;
// Printable ASCII and a few safe characters: such display names need no quoting or encoding.
const ATOM_TEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*$/;

function displayName(name: string): string {
  if (name === '') return '';
  if (/[^\x20-\x7e]/.test(name)) return encodeWords(name, 'Q', 52);
  return ATOM_TEXT.test(name) ? name : `"${name.replace(/[\\"]/g, '\\$&')}"`;
}

function header(name: string, value: string): string {
  const encoded = /[^\x20-\x7e]/.test(value) ? encodeWords(value, 'Q', 52) : value;
  return foldLines(`${name}: ${encoded}`, 76);
}

/** RFC 5322 date: `Mon, 23 Nov 2026 15:24:16 +0000`. */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}

function qpBody(content: string): string {
  // CRLF line ends before encoding, so the QP output keeps hard breaks as real line breaks.
  return qpWrap(qpEncode(content.replace(/\r?\n/g, CRLF)), 76);
}

/**
 * Builds the message in one pass into one string. nodemailer's MailComposer produces the same
 * structure through a tree of streams, which cost about 0.4 ms per message; bulk sending builds
 * thousands per second, so mail without attachments takes this path (encoding still by
 * nodemailer's mime-funcs and quoted-printable encoder).
 */
export function buildSimpleMime(mail: SimpleMail): Buffer {
  const name = displayName(mail.from.name);
  const lines = [
    foldLines(`From: ${name ? `${name} <${mail.from.address}>` : mail.from.address}`, 76),
    `To: ${mail.to}`,
    header('Subject', mail.subject),
    `Message-ID: ${mail.messageId}`,
    `Date: ${rfc5322Date(mail.date)}`,
    'MIME-Version: 1.0',
    ...mail.headers.map(([k, v]) => header(k, v)),
  ];
  if (mail.html === null) {
    lines.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: quoted-printable', '', qpBody(mail.text));
    return Buffer.from(lines.join(CRLF) + CRLF, 'utf8');
  }
  const boundary = `${BOUNDARY_PREFIX}${(boundaryCounter++).toString(36)}`;
  lines.push(
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qpBody(mail.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qpBody(mail.html),
    `--${boundary}--`,
    '',
  );
  return Buffer.from(lines.join(CRLF), 'utf8');
}
