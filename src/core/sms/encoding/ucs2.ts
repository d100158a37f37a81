/**
 * UCS-2 as SMS carries it (SMPP data_coding 8): UTF-16 big-endian. Characters outside the BMP
 * (emoji) go as surrogate pairs, which phones reassemble; each pair costs two 16-bit units.
 */

/** UTF-16BE octets of the text. */
export function encodeUcs2(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length * 2);
  for (let i = 0; i < text.length; i++) out.writeUInt16BE(text.charCodeAt(i), i * 2);
  return out;
}

/** Text from UTF-16BE octets; an odd trailing octet is ignored. */
export function decodeUcs2(octets: Uint8Array): string {
  const units: number[] = [];
  for (let i = 0; i + 1 < octets.length; i += 2) units.push(((octets[i] ?? 0) << 8) | (octets[i + 1] ?? 0));
  let out = '';
  // fromCharCode with very many arguments overflows the stack; chunk it.
  for (let i = 0; i < units.length; i += 4096) out += String.fromCharCode(...units.slice(i, i + 4096));
  return out;
}

/** Whether the code unit is the first half of a surrogate pair (must not end a segment). */
export function isHighSurrogate(codeUnit: number): boolean {
  return codeUnit >= 0xd800 && codeUnit <= 0xdbff;
}
