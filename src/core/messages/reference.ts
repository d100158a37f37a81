import { createHmac, timingSafeEqual } from 'node:crypto';

/*
 * A message's reference: its id plus a short MAC, carried in the Message-ID header and in the VERP
 * return path. Bounces and complaints that come back name it, so the message is found without a
 * lookup table, and a forged report cannot touch another message.
 */
const MAC_BYTES = 6;

function mac(key: Buffer, id: number): Buffer {
  return createHmac('sha256', key).update(`message:${id}`).digest().subarray(0, MAC_BYTES);
}

export function messageReference(key: Buffer, id: number): string {
  return `${id.toString(36)}.${mac(key, id).toString('hex')}`;
}

export function parseMessageReference(key: Buffer, reference: string): number | null {
  const m = /^([0-9a-z]{1,12})\.([0-9a-f]{12})$/.exec(reference.trim().toLowerCase());
  if (!m) return null;
  const id = parseInt(m[1] as string, 36);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const given = Buffer.from(m[2] as string, 'hex');
  return timingSafeEqual(given, mac(key, id)) ? id : null;
}

/** The message a Message-ID header names, if it is one of ours. */
export function messageIdFromHeader(key: Buffer, header: string): number | null {
  const m = /<?([^<>@\s]+)@[^<>\s]+>?/.exec(header.trim());
  return m ? parseMessageReference(key, m[1] as string) : null;
}
