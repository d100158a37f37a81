import { encodeGsm7, gsm7Cost, gsm7Length } from './gsm7.js';
import { encodeUcs2, isHighSurrogate } from './ucs2.js';

/**
 * How a text becomes SMS segments. A single SMS holds 140 octets: 160 GSM septets or 70 UTF-16
 * units. A concatenated part gives 6 octets to its UDH (8-bit reference), leaving 153 septets
 * (134 octets = 153 septets once the SMSC packs them with a fill bit) or 67 units. A character is
 * never split across parts: an extension character's ESC and code stay together, a surrogate
 * pair's halves stay together — a part may therefore end one unit short.
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

export const SINGLE_LIMIT: Readonly<Record<SmsEncoding, number>> = { gsm7: 160, ucs2: 70 };
export const PART_LIMIT: Readonly<Record<SmsEncoding, number>> = { gsm7: 153, ucs2: 67 };
/** The 8-bit concatenation reference numbers parts in one octet. */
export const MAX_PARTS = 255;

export interface Segmentation {
  encoding: SmsEncoding;
  /** The payload of each part without UDH: unpacked septets (gsm7) or UTF-16BE (ucs2). */
  segments: Buffer[];
  parts: number;
  /** Septets (gsm7, an extension character counts 2) or UTF-16 units (ucs2) of the whole text. */
  units: number;
}

/** GSM 7-bit when every character is in GSM 03.38 or its extension table, otherwise UCS-2. */
export function chooseEncoding(text: string): SmsEncoding {
  return gsm7Length(text) < 0 ? 'ucs2' : 'gsm7';
}

/**
 * Where the parts of the text end (string indexes, the last one = text.length). `units` of the
 * text must be given for the encoding (gsm7Length or text.length).
 */
function partEnds(text: string, encoding: SmsEncoding, units: number): number[] {
  if (units <= SINGLE_LIMIT[encoding]) return [text.length];
  const limit = PART_LIMIT[encoding];
  const ends: number[] = [];
  if (encoding === 'gsm7') {
    let used = 0;
    for (let i = 0; i < text.length; i++) {
      const cost = gsm7Cost(text.charCodeAt(i));
      if (used + cost > limit) {
        ends.push(i);
        used = 0;
      }
      used += cost;
    }
  } else {
    let start = 0;
    while (text.length - start > limit) {
      let end = start + limit;
      if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
      ends.push(end);
      start = end;
    }
  }
  ends.push(text.length);
  return ends;
}

/** The encoding, per-part payloads and counts of a text, as it will be submitted. */
export function segmentText(text: string): Segmentation {
  const septets = gsm7Length(text);
  const encoding: SmsEncoding = septets < 0 ? 'ucs2' : 'gsm7';
  const units = encoding === 'gsm7' ? septets : text.length;
  const encode = encoding === 'gsm7' ? encodeGsm7 : encodeUcs2;
  const ends = partEnds(text, encoding, units);
  const segments: Buffer[] = [];
  let start = 0;
  for (const end of ends) {
    segments.push(encode(text.slice(start, end)));
    start = end;
  }
  return { encoding, segments, parts: segments.length, units };
}

/** How many SMS the text costs (cost previews): the parts segmentText would produce, without encoding. */
export function countSegments(text: string): number {
  const septets = gsm7Length(text);
  const encoding: SmsEncoding = septets < 0 ? 'ucs2' : 'gsm7';
  return partEnds(text, encoding, encoding === 'gsm7' ? septets : text.length).length;
}
