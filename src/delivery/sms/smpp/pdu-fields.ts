/*
 * SMPP v3.4 field values and the pure rules around them: command_status names and what each means
 * for a submit, esm_class bits, address TON/NPI, the concatenation UDH, and typed reads of decoded
 * PDU fields. No I/O here, so all of it is table-testable.
 */

/** The largest short_message SMPP 3.4 carries (sm_length is one octet, 254 the spec's maximum). */
export const MAX_SHORT_MESSAGE_OCTETS = 254;
/** The message_payload TLV's length field is 16 bits; SMSCs rarely accept more than a few KB. */
export const MAX_PAYLOAD_OCTETS = 64_000;

export const DATA_CODING = { GSM7: 0x00, IA5: 0x01, BINARY: 0x04, LATIN1: 0x03, UCS2: 0x08 } as const;

export const ESM_CLASS = {
  /** Message type bits (2–5) of a deliver_sm: an SMSC delivery receipt. */
  DELIVERY_RECEIPT: 0x04,
  INTERMEDIATE_NOTIFICATION: 0x20,
  MESSAGE_TYPE_MASK: 0x3c,
  UDH_INDICATOR: 0x40,
} as const;

export const REGISTERED_DELIVERY = { NONE: 0x00, FINAL: 0x01, FAILURE_ONLY: 0x02 } as const;

export const TON = { UNKNOWN: 0, INTERNATIONAL: 1, NATIONAL: 2, NETWORK_SPECIFIC: 3, SUBSCRIBER: 4, ALPHANUMERIC: 5, ABBREVIATED: 6 } as const;
export const NPI = { UNKNOWN: 0, ISDN: 1 } as const;

/** The command_status values Herald treats specially or names in logs. */
export const STATUS = {
  ESME_ROK: 0x00,
  ESME_RINVMSGLEN: 0x01,
  ESME_RINVCMDLEN: 0x02,
  ESME_RINVCMDID: 0x03,
  ESME_RINVBNDSTS: 0x04,
  ESME_RALYBND: 0x05,
  ESME_RSYSERR: 0x08,
  ESME_RINVSRCADR: 0x0a,
  ESME_RINVDSTADR: 0x0b,
  ESME_RINVMSGID: 0x0c,
  ESME_RBINDFAIL: 0x0d,
  ESME_RINVPASWD: 0x0e,
  ESME_RINVSYSID: 0x0f,
  ESME_RMSGQFUL: 0x14,
  ESME_RINVESMCLASS: 0x43,
  ESME_RSUBMITFAIL: 0x45,
  ESME_RTHROTTLED: 0x58,
  ESME_RINVSCHED: 0x61,
  ESME_RINVEXPIRY: 0x62,
  ESME_RX_T_APPN: 0x64,
  ESME_RX_P_APPN: 0x65,
  ESME_RX_R_APPN: 0x66,
  ESME_RINVDCS: 0x104,
  ESME_RUNKNOWNERR: 0xff,
} as const;

const STATUS_NAMES = new Map<number, string>(Object.entries(STATUS).map(([name, code]) => [code, name]));

/** `ESME_RTHROTTLED (0x58)`, or just the hex code for one Herald has no name for. */
export function statusName(commandStatus: number): string {
  const hex = `0x${commandStatus.toString(16).padStart(2, '0')}`;
  const name = STATUS_NAMES.get(commandStatus);
  return name ? `${name} (${hex})` : hex;
}

/**
 * What a non-zero submit_sm_resp (or generic_nack) status means for the part:
 * - throttled: the SMSC wants us slower (RTHROTTLED, RMSGQFUL) — slow the route and retry;
 * - temporary: the SMSC's own trouble (RSYSERR, RX_T_APPN) — retry later;
 * - rejected: anything else, final for this part, the code kept.
 */
export type StatusClass = 'throttled' | 'temporary' | 'rejected';

export function classifyStatus(commandStatus: number): StatusClass {
  if (commandStatus === STATUS.ESME_RTHROTTLED || commandStatus === STATUS.ESME_RMSGQFUL) return 'throttled';
  if (commandStatus === STATUS.ESME_RSYSERR || commandStatus === STATUS.ESME_RX_T_APPN) return 'temporary';
  return 'rejected';
}

/**
 * TON/NPI for an address as carriers expect them: letters → alphanumeric (5/0); `+` or 7+ digits →
 * international E.164 (1/1, the `+` dropped); shorter digits → a short code (network specific 3/0).
 */
export function addressOf(address: string): { addr: string; ton: number; npi: number } {
  const trimmed = address.trim();
  if (/[^+\d]/.test(trimmed)) return { addr: trimmed, ton: TON.ALPHANUMERIC, npi: NPI.UNKNOWN };
  const digits = trimmed.replace(/^\+/, '');
  if (trimmed.startsWith('+') || digits.length >= 7) return { addr: digits, ton: TON.INTERNATIONAL, npi: NPI.ISDN };
  return { addr: digits, ton: TON.NETWORK_SPECIFIC, npi: NPI.UNKNOWN };
}

/**
 * The user data header of one part of a concatenated message: IE 0x00 (8-bit reference) when the
 * reference fits in a byte, else IE 0x08 (16-bit reference).
 */
export function concatUdh(reference: number, total: number, sequence: number): Buffer {
  if (total < 1 || total > 255 || sequence < 1 || sequence > total) throw new RangeError(`bad concatenation part ${sequence}/${total}`);
  if (reference >= 0 && reference <= 0xff) return Buffer.from([0x05, 0x00, 0x03, reference, total, sequence]);
  if (reference < 0 || reference > 0xffff) throw new RangeError(`concatenation reference ${reference} is not 0..65535`);
  return Buffer.from([0x06, 0x08, 0x04, reference >> 8, reference & 0xff, total, sequence]);
}

export interface ConcatInfo {
  reference: number;
  total: number;
  sequence: number;
}

/** Reads the concatenation IE out of a UDH (with its length octet), or null when it has none. */
export function parseConcatUdh(udh: Buffer): ConcatInfo | null {
  const end = Math.min(udh.length, (udh[0] ?? 0) + 1);
  let at = 1;
  while (at + 1 < end) {
    const iei = udh[at] as number;
    const len = udh[at + 1] as number;
    const body = udh.subarray(at + 2, at + 2 + len);
    if (iei === 0x00 && len === 3) return { reference: body[0] as number, total: body[1] as number, sequence: body[2] as number };
    if (iei === 0x08 && len === 4) return { reference: ((body[0] as number) << 8) | (body[1] as number), total: body[2] as number, sequence: body[3] as number };
    at += 2 + len;
  }
  return null;
}

/** Splits a short_message that carries a UDH (esm_class 0x40) into header and body. */
export function splitUdh(shortMessage: Buffer, esmClass: number): { udh: Buffer | null; body: Buffer } {
  if ((esmClass & ESM_CLASS.UDH_INDICATOR) === 0 || shortMessage.length === 0) return { udh: null, body: shortMessage };
  const udhLength = (shortMessage[0] as number) + 1;
  return { udh: shortMessage.subarray(0, udhLength), body: shortMessage.subarray(udhLength) };
}

/** Whether a deliver_sm/data_sm is a delivery receipt rather than a mobile-originated message. */
export function isReceipt(esmClass: number, hasReceiptedMessageId: boolean): boolean {
  const type = esmClass & ESM_CLASS.MESSAGE_TYPE_MASK;
  return type === ESM_CLASS.DELIVERY_RECEIPT || type === ESM_CLASS.INTERMEDIATE_NOTIFICATION || hasReceiptedMessageId;
}

/** Text of a short_message body by its data_coding: UCS-2 decoded, anything else read as Latin-1. */
export function decodeBody(body: Buffer, dataCoding: number): string {
  if ((dataCoding & 0x0f) === DATA_CODING.UCS2) {
    const even = body.subarray(0, body.length - (body.length % 2));
    return Buffer.from(even).swap16().toString('utf16le');
  }
  return body.toString('latin1');
}

/* Typed reads of fields of a decoded PDU (the smpp package gives an untyped bag). */

export type PduFieldBag = Readonly<Record<string, unknown>>;

export function fieldString(pdu: PduFieldBag, name: string): string | null {
  const value = pdu[name];
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1').replace(/\0+$/, '');
  return null;
}

export function fieldNumber(pdu: PduFieldBag, name: string): number | null {
  const value = pdu[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function fieldBuffer(pdu: PduFieldBag, name: string): Buffer | null {
  const value = pdu[name];
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === 'string') return Buffer.from(value, 'latin1');
  return null;
}
