/**
 * The User Data Header of a concatenated SMS part (3GPP TS 23.040 §9.2.3.24.1). The submit_sm that
 * carries it must set esm_class UDHI (0x40) and put these octets before the part's payload.
 */

export interface ConcatenationInfo {
  reference: number;
  total: number;
  /** 1-based sequence number of this part. */
  index: number;
}

/**
 * `05 00 03 ref total index`: UDH length 5, IEI 0x00 (concatenation, 8-bit reference), IE length 3.
 * The 8-bit reference is enough: it only has to differ between long messages in flight to one phone.
 */
export function concatenationUdh(reference: number, total: number, index: number): Buffer {
  if (!Number.isInteger(reference) || reference < 0 || reference > 255) throw new RangeError(`concatenation reference ${reference} is not 0–255`);
  if (!Number.isInteger(total) || total < 1 || total > 255) throw new RangeError(`concatenation total ${total} is not 1–255`);
  if (!Number.isInteger(index) || index < 1 || index > total) throw new RangeError(`concatenation index ${index} is not 1–${total}`);
  return Buffer.from([0x05, 0x00, 0x03, reference, total, index]);
}

/**
 * The concatenation element of a UDH (its first octet is the UDH length), 8-bit (IEI 0x00) or
 * 16-bit (IEI 0x08) reference; null when the header has none. The simulator uses it to reassemble.
 */
export function parseConcatenationUdh(udh: Uint8Array): ConcatenationInfo | null {
  const length = udh[0];
  if (length === undefined || udh.length < length + 1) return null;
  let i = 1;
  while (i + 1 < length + 1) {
    const iei = udh[i] ?? 0;
    const ieLength = udh[i + 1] ?? 0;
    const body = i + 2;
    if (body + ieLength > length + 1) return null;
    if (iei === 0x00 && ieLength === 3) {
      return { reference: udh[body] ?? 0, total: udh[body + 1] ?? 0, index: udh[body + 2] ?? 0 };
    }
    if (iei === 0x08 && ieLength === 4) {
      return { reference: ((udh[body] ?? 0) << 8) | (udh[body + 1] ?? 0), total: udh[body + 2] ?? 0, index: udh[body + 3] ?? 0 };
    }
    i = body + ieLength;
  }
  return null;
}
