import { segmentText, type SmsEncoding } from '../../core/sms/encoding/segments.js';
import { concatenationUdh } from '../../core/sms/encoding/udh.js';
import type { SubmitPart } from './smpp/client.js';
import { DATA_CODING } from './smpp/pdu-fields.js';

/*
 * One SMS as the submit_sm parts that carry it: the text segmented (GSM 03.38 7-bit when every
 * character fits, else UCS-2), each part of a long message with the concatenation UDH, data_coding
 * with the flash bits when asked, the validity period in SMPP's relative form. Pure.
 */

export interface SmsToSend {
  /** E.164, `+` optional. */
  destination: string;
  /** Sender id: alphanumeric (≤ 11 characters reach phones) or a number; the client picks TON/NPI from its form. */
  source: string;
  text: string;
  /** Class 0 ("flash"): shown at once, not stored, where the phone supports it. */
  flash?: boolean;
  /** How long the SMSC keeps trying to deliver; null/undefined: the SMSC's default. */
  validityMinutes?: number | null;
}

export interface BuiltMessage {
  encoding: SmsEncoding;
  parts: SubmitPart[];
}

/** SMPP 3.4 §7.1.1 relative times: days up to 99 (months and years vary in length, so they stay 0). */
export const MAX_VALIDITY_MINUTES = 99 * 24 * 60 + 23 * 60 + 59;

/**
 * A validity period in SMPP's relative format `YYMMDDhhmmss000R` (§7.1.1), e.g. 90 minutes →
 * `000000013000000R`. Whole minutes from 1 to 99 days 23:59; throws otherwise.
 */
export function relativeValidity(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_VALIDITY_MINUTES) throw new RangeError(`validity period must be 1 to ${MAX_VALIDITY_MINUTES} minutes, got ${minutes}`);
  const two = (n: number): string => String(n).padStart(2, '0');
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  return `0000${two(days)}${two(hours)}${two(minutes % 60)}00000R`;
}

/**
 * data_coding for the encoding: 0 (SMSC default alphabet, GSM 03.38) or 8 (UCS-2). A flash SMS is
 * message class 0, which SMPP 3.4 §5.2.19 leaves to the GSM 03.38 coding groups: group 00x1
 * ("general data coding, message class meaningful") with class bits 00 — 0x10 for 7-bit, 0x18 for
 * UCS-2 (what Kannel and most SMSCs use for mclass=0).
 */
export function dataCodingOf(encoding: SmsEncoding, flash: boolean): number {
  const alphabet = encoding === 'gsm7' ? DATA_CODING.GSM7 : DATA_CODING.UCS2;
  return flash ? 0x10 | alphabet : alphabet;
}

/**
 * The parts of one message. `reference` (0–255) tells this long message's parts from another's on
 * the phone; it only has to differ between long messages in flight to one number. Throws
 * RangeError on a text that is empty or too long (over 255 parts) or a bad validity period.
 */
export function buildParts(message: SmsToSend, reference: number): BuiltMessage {
  if (message.text === '') throw new RangeError('the message text is empty');
  const seg = segmentText(message.text);
  if (seg.parts > 255) throw new RangeError(`the text needs ${seg.parts} parts; concatenated SMS have at most 255`);
  const dataCoding = dataCodingOf(seg.encoding, message.flash === true);
  const validity = message.validityMinutes === undefined || message.validityMinutes === null ? undefined : relativeValidity(message.validityMinutes);
  const parts = seg.segments.map((body, i): SubmitPart => ({
    source: message.source,
    destination: message.destination,
    dataCoding,
    body,
    ...(seg.parts > 1 ? { udh: concatenationUdh(reference & 0xff, seg.parts, i + 1) } : {}),
    registeredDelivery: 1,
    ...(validity ? { validityPeriod: validity } : {}),
  }));
  return { encoding: seg.encoding, parts };
}
