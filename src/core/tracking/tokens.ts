// Signed tracking tokens: the path segment of open-pixel, click and unsubscribe URLs.
//
// A token is base64url(payload ‖ mac), mac = HMAC-SHA256(secret, DOMAIN ‖ payload) truncated to
// 16 bytes (128 bits: forging one is out of reach, and the prefix keeps this key use apart from any
// other HMAC Herald computes with the same secret). Payload, binary to stay short because a token
// goes into every link of every mail (an open token is about 30 characters):
//
//   byte 0     bits 0-1 kind (0 open, 1 click, 2 unsubscribe), bit 2 has linkIndex,
//              bit 3 has formId, bit 4 has url, bits 5-7 format version (1)
//   varint     messageId (LEB128, at most 2^53 - 1)
//   varint     linkIndex   if bit 2
//   varint     formId      if bit 3
//   bytes      url (UTF-8) if bit 4, to the end of the payload
//
// A click token carries its destination URL under the MAC, so the redirect goes only where the
// signer said: no open redirect, and no database lookup is needed to redirect. Tokens do not expire
// (mail is opened years later); rotate the secret to invalidate them all.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TrackingKind = 'open' | 'click' | 'unsubscribe';

export interface TrackingPayload {
  kind: TrackingKind;
  messageId: number;
  linkIndex?: number;
  /** Destination of a click (required for clicks, http or https). */
  url?: string;
  /** Unsubscribe form to show. */
  formId?: number;
}

const DOMAIN = Buffer.from('herald-tracking-v1\u0000');
const MAC_BYTES = 16;
const VERSION = 1;
const KINDS: readonly TrackingKind[] = ['open', 'click', 'unsubscribe'];
const HAS_LINK = 0x04;
const HAS_FORM = 0x08;
const HAS_URL = 0x10;
const MAX_URL_BYTES = 8_192;
const HTTP_URL = /^https?:\/\/[^\s]+$/i;

/** Why signing refused a payload: a programming error in the caller, not bad input from the web. */
export class TrackingTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackingTokenError';
  }
}

function mac(secret: Buffer | string, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(DOMAIN).update(payload).digest().subarray(0, MAC_BYTES);
}

function pushVarint(out: number[], value: number): void {
  // Division rather than bit operations: values go up to 2^53, beyond JavaScript's 32-bit shifts.
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function checkId(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new TrackingTokenError(`${name} must be a non-negative safe integer`);
}

/** Signs a payload; throws TrackingTokenError for a payload no handler could use. */
export function signTrackingToken(secret: Buffer | string, payload: TrackingPayload): string {
  const kind = KINDS.indexOf(payload.kind);
  if (kind < 0) throw new TrackingTokenError(`unknown kind ${String(payload.kind)}`);
  checkId('messageId', payload.messageId);
  if (payload.linkIndex !== undefined) checkId('linkIndex', payload.linkIndex);
  if (payload.formId !== undefined) checkId('formId', payload.formId);
  if (payload.kind === 'click' && payload.url === undefined) throw new TrackingTokenError('a click token needs its url');
  let urlBytes: Buffer | null = null;
  if (payload.url !== undefined) {
    if (!HTTP_URL.test(payload.url)) throw new TrackingTokenError('url must be an absolute http(s) URL');
    urlBytes = Buffer.from(payload.url, 'utf8');
    if (urlBytes.length > MAX_URL_BYTES) throw new TrackingTokenError('url is too long');
  }

  const head: number[] = [
    (VERSION << 5) | kind | (payload.linkIndex !== undefined ? HAS_LINK : 0) | (payload.formId !== undefined ? HAS_FORM : 0) | (urlBytes ? HAS_URL : 0),
  ];
  pushVarint(head, payload.messageId);
  if (payload.linkIndex !== undefined) pushVarint(head, payload.linkIndex);
  if (payload.formId !== undefined) pushVarint(head, payload.formId);
  const body = urlBytes ? Buffer.concat([Buffer.from(head), urlBytes]) : Buffer.from(head);
  return Buffer.concat([body, mac(secret, body)]).toString('base64url');
}

/** Reads a varint at `pos`; null when truncated, over-long or above 2^53 - 1. */
function readVarint(buf: Buffer, pos: number): { value: number; next: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = pos; i < buf.length && i < pos + 8; i++) {
    const byte = buf[i]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) {
      // Reject non-minimal encodings (a trailing zero group) so each payload has one token.
      if (byte === 0 && i > pos) return null;
      return Number.isSafeInteger(value) ? { value, next: i + 1 } : null;
    }
    scale *= 0x80;
  }
  return null;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]+$/;

/** The payload of a genuine token, or null for anything forged, altered, truncated or malformed. */
export function verifyTrackingToken(secret: Buffer | string, token: string): TrackingPayload | null {
  if (token.length < 24 || token.length > 12_000 || !TOKEN_SHAPE.test(token)) return null;
  const raw = Buffer.from(token, 'base64url');
  // Node's decoder ignores stray bits; insisting on the canonical spelling keeps tokens unique.
  if (raw.length <= MAC_BYTES || raw.toString('base64url') !== token) return null;
  const body = raw.subarray(0, raw.length - MAC_BYTES);
  if (!timingSafeEqual(raw.subarray(raw.length - MAC_BYTES), mac(secret, body))) return null;

  // From here the bytes are ours; the checks only guard against a format change.
  const flags = body[0]!;
  if (flags >> 5 !== VERSION) return null;
  const kind = KINDS[flags & 0x03];
  if (kind === undefined) return null;
  const message = readVarint(body, 1);
  if (!message) return null;
  const payload: TrackingPayload = { kind, messageId: message.value };
  let pos = message.next;
  if (flags & HAS_LINK) {
    const v = readVarint(body, pos);
    if (!v) return null;
    payload.linkIndex = v.value;
    pos = v.next;
  }
  if (flags & HAS_FORM) {
    const v = readVarint(body, pos);
    if (!v) return null;
    payload.formId = v.value;
    pos = v.next;
  }
  if (flags & HAS_URL) {
    payload.url = body.subarray(pos).toString('utf8');
    if (!HTTP_URL.test(payload.url)) return null;
  } else if (pos !== body.length) {
    return null;
  }
  if (kind === 'click' && payload.url === undefined) return null;
  return payload;
}
