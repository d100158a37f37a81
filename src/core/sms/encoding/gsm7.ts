/**
 * The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table, and the one-octet-per-
 * septet form SMPP carries with data_coding 0: the SMSC packs septets for the air interface, so a
 * submit_sm holds one septet value (0–127) per octet, and an extension character is the escape
 * septet 0x1B followed by its code in the extension table.
 */

/** The basic table: index = septet value. 0x1B is the escape to the extension table, not a character. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ' +
  ' !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: character → septet sent after the escape. Each costs two septets. */
const EXTENSION: ReadonlyArray<readonly [string, number]> = [
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
];

export const GSM7_ESCAPE = 0x1b;

// Indexed by UTF-16 code unit (every GSM character is in the BMP): -1 = not in the alphabet, 0–127 = a
// basic septet, 256 + n = extension septet n. A typed array keeps the per-character test a single load.
const TABLE = new Int16Array(0x10000).fill(-1);
for (let i = 0; i < BASIC.length; i++) if (i !== GSM7_ESCAPE) TABLE[BASIC.charCodeAt(i)] = i;
for (const [ch, septet] of EXTENSION) TABLE[ch.charCodeAt(0)] = 256 + septet;

/** The extension characters, for documentation and tests. */
export const GSM7_EXTENSION_CHARS: readonly string[] = EXTENSION.map(([ch]) => ch);

/**
 * Septets one UTF-16 code unit costs: 1 (basic table), 2 (extension table, ESC + code) or 0 (not in
 * GSM 03.38 — the text needs UCS-2). A surrogate half is never in the alphabet.
 */
export function gsm7Cost(codeUnit: number): 0 | 1 | 2 {
  const v = TABLE[codeUnit] ?? -1;
  return v < 0 ? 0 : v < 256 ? 1 : 2;
}

/** Whether every character of the text is in the GSM 03.38 alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) if ((TABLE[text.charCodeAt(i)] ?? -1) < 0) return false;
  return true;
}

/** Septets the text takes in GSM 7-bit (extension characters count 2), or -1 when it does not fit. */
export function gsm7Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = gsm7Cost(text.charCodeAt(i));
    if (c === 0) return -1;
    n += c;
  }
  return n;
}

/** The unpacked septets of the text (one octet each). Throws on a character outside GSM 03.38. */
export function encodeGsm7(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length * 2);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const v = TABLE[text.charCodeAt(i)] ?? -1;
    if (v < 0) throw new RangeError(`character U+${text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')} at ${i} is not in the GSM 03.38 alphabet`);
    if (v < 256) out[o++] = v;
    else {
      out[o++] = GSM7_ESCAPE;
      out[o++] = v - 256;
    }
  }
  return out.subarray(0, o);
}

const EXTENSION_BY_SEPTET = new Map(EXTENSION.map(([ch, septet]) => [septet, ch]));

/**
 * Text from unpacked septets (what an SMSC or the simulator receives). Per TS 23.038 an escape
 * followed by a code with no extension character shows the basic character of that code; a lone
 * trailing escape is dropped.
 */
export function decodeGsm7(septets: Uint8Array): string {
  let out = '';
  for (let i = 0; i < septets.length; i++) {
    const s = (septets[i] ?? 0) & 0x7f;
    if (s === GSM7_ESCAPE) {
      const next = septets[++i];
      if (next === undefined) break;
      out += EXTENSION_BY_SEPTET.get(next & 0x7f) ?? BASIC[next & 0x7f] ?? '';
    } else out += BASIC[s] ?? '';
  }
  return out;
}
