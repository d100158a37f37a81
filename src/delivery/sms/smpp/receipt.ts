/*
 * SMSC delivery receipts: the de-facto text form of SMPP 3.4 Appendix B
 *   id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…
 * and the receipted_message_id / message_state TLVs, into one DeliveryReceipt. SMSCs vary a lot:
 * keys in any case, underscores instead of spaces, seconds in the dates, fields left out, TLVs
 * only. Everything here is pure and tolerant; only a receipt with no message id at all is refused.
 */

export type ReceiptStatus = 'ENROUTE' | 'DELIVRD' | 'EXPIRED' | 'DELETED' | 'UNDELIV' | 'ACCEPTD' | 'UNKNOWN' | 'REJECTD';

export interface DeliveryReceipt {
  /** The SMSC's id for the submitted part: the TLV's when present (it is the exact submit id), else the text's. */
  messageId: string;
  /** The id as the text form gave it and as the TLV gave it; they differ (hex/decimal) on some SMSCs. */
  textId: string | null;
  tlvId: string | null;
  status: ReceiptStatus;
  /** `stat:` as sent, for logs when it was not one Herald knows. */
  rawStat: string | null;
  submitted: number | null;
  delivered: number | null;
  /** Dates in the receipt, read as UTC (the SMSC's zone is unknown; the raw text is in `text`). */
  submitDate: Date | null;
  doneDate: Date | null;
  /** `err:` as sent (network-specific, often 3 digits). */
  error: string | null;
  /** The network_error_code TLV: its 16-bit error code. */
  networkError: number | null;
  /** `text:` — the start of the original message. */
  text: string | null;
}

export interface ReceiptTextFields {
  id: string | null;
  sub: number | null;
  dlvrd: number | null;
  submitDate: Date | null;
  doneDate: Date | null;
  stat: string | null;
  err: string | null;
  text: string | null;
}

/**
 * message_state TLV values (SMPP 3.4 §5.3.2.35 / 5.0) as receipt statuses; SCHEDULED (0) is still on
 * its way, SKIPPED (9) has no receipt name.
 */
const MESSAGE_STATES: readonly ReceiptStatus[] = ['ENROUTE', 'ENROUTE', 'DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD', 'UNKNOWN'];

export function statusFromMessageState(state: number): ReceiptStatus {
  return MESSAGE_STATES[state] ?? 'UNKNOWN';
}

/** The inverse, for the simulator. */
export function messageStateOf(status: ReceiptStatus): number {
  const states: Record<ReceiptStatus, number> = { ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, DELETED: 4, UNDELIV: 5, ACCEPTD: 6, UNKNOWN: 7, REJECTD: 8 };
  return states[status];
}

/** Spellings SMSCs use for the seven-letter statuses. */
const STAT_ALIASES: Readonly<Record<string, ReceiptStatus>> = {
  DELIVRD: 'DELIVRD', DELIVERED: 'DELIVRD', DELIVER: 'DELIVRD', DELIVRED: 'DELIVRD',
  EXPIRED: 'EXPIRED', EXPIRD: 'EXPIRED',
  DELETED: 'DELETED', DELETD: 'DELETED',
  UNDELIV: 'UNDELIV', UNDELIVERABLE: 'UNDELIV', UNDELIVERED: 'UNDELIV', FAILED: 'UNDELIV',
  ACCEPTD: 'ACCEPTD', ACCEPTED: 'ACCEPTD',
  UNKNOWN: 'UNKNOWN',
  REJECTD: 'REJECTD', REJECTED: 'REJECTD',
  ENROUTE: 'ENROUTE',
};

export function statusFromStat(stat: string): ReceiptStatus {
  return STAT_ALIASES[stat.trim().toUpperCase()] ?? 'UNKNOWN';
}

/** YYMMDDhhmm or YYMMDDhhmmss as UTC; anything else (or an impossible date) is null. */
export function parseReceiptDate(value: string): Date | null {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?$/.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(2000 + year, month - 1, day, hour, minute, second));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  return date;
}

// Keys of the text form. `text:` runs to the end (messages contain spaces and colons), so the scan
// stops at it. `submit date` may be written submit_date / submitdate / "submit  date".
const KEY = /(?:^|\s)(id|sub|dlvrd|dlvd|submit[\s_]*date|done[\s_]*date|stat|err|text)\s*:/gi;

export function parseReceiptText(text: string): ReceiptTextFields {
  const fields: ReceiptTextFields = { id: null, sub: null, dlvrd: null, submitDate: null, doneDate: null, stat: null, err: null, text: null };
  const found: { key: string; valueStart: number; keyStart: number }[] = [];
  KEY.lastIndex = 0;
  for (let m = KEY.exec(text); m; m = KEY.exec(text)) {
    const key = (m[1] as string).toLowerCase().replace(/[\s_]+/g, '');
    found.push({ key, keyStart: m.index, valueStart: m.index + m[0].length });
    if (key === 'text') break;
  }
  found.forEach((entry, i) => {
    const next = found[i + 1];
    const raw = text.slice(entry.valueStart, next ? next.keyStart : text.length);
    const value = entry.key === 'text' ? raw.replace(/^\s/, '').replace(/\0+$/, '') : raw.trim();
    switch (entry.key) {
      case 'id': fields.id = value.split(/\s/)[0] || null; break;
      case 'sub': fields.sub = /^\d+$/.test(value) ? Number(value) : null; break;
      case 'dlvrd': case 'dlvd': fields.dlvrd = /^\d+$/.test(value) ? Number(value) : null; break;
      case 'submitdate': fields.submitDate = parseReceiptDate(value); break;
      case 'donedate': fields.doneDate = parseReceiptDate(value); break;
      case 'stat': fields.stat = value || null; break;
      case 'err': fields.err = value || null; break;
      case 'text': fields.text = value; break;
    }
  });
  return fields;
}

export interface ReceiptSource {
  /** The short_message (or message_payload) text; may be empty when the SMSC sends TLVs only. */
  text: string;
  receiptedMessageId?: string | null;
  messageState?: number | null;
  /** network_error_code TLV: 1 octet network type, 2 octets error code. */
  networkErrorCode?: Buffer | null;
}

/** One receipt from a deliver_sm's text and TLVs; null when neither names a message id. */
export function buildReceipt(source: ReceiptSource): DeliveryReceipt | null {
  const fields = parseReceiptText(source.text);
  const tlvId = source.receiptedMessageId?.replace(/\0+$/, '').trim() || null;
  const messageId = tlvId ?? fields.id;
  if (!messageId) return null;
  // The TLV is structured and exact; the text's stat is the fallback.
  const state = source.messageState;
  const status = state !== null && state !== undefined ? statusFromMessageState(state) : fields.stat ? statusFromStat(fields.stat) : 'UNKNOWN';
  const nec = source.networkErrorCode;
  return {
    messageId,
    textId: fields.id,
    tlvId,
    status,
    rawStat: fields.stat,
    submitted: fields.sub,
    delivered: fields.dlvrd,
    submitDate: fields.submitDate,
    doneDate: fields.doneDate,
    error: fields.err,
    networkError: nec && nec.length >= 3 ? nec.readUInt16BE(1) : null,
    text: fields.text,
  };
}

function receiptDate(date: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}`;
}

/** The text form, as the simulator (and most SMSCs) write it. */
export function formatReceiptText(r: { id: string; submitted: number; delivered: number; submitDate: Date; doneDate: Date; status: ReceiptStatus; error: string; text: string }): string {
  const three = (n: number): string => String(n).padStart(3, '0');
  return `id:${r.id} sub:${three(r.submitted)} dlvrd:${three(r.delivered)} submit date:${receiptDate(r.submitDate)} done date:${receiptDate(r.doneDate)} stat:${r.status} err:${r.error} text:${r.text.slice(0, 20)}`;
}

/*
 * Matching receipt ids to submit ids. SMSCs answer submit_sm with an id in one form and some send
 * receipts with it in another: most often a hex submit id comes back in the receipt text as its
 * decimal value (e.g. 1A2B3C → 1715004), sometimes the reverse, sometimes with case or leading
 * zeros changed. The rule:
 *   - normaliseSmscId: trim, lowercase, and for all-hex ids strip leading zeros — the canonical form;
 *   - smscIdKeys: the canonical form, plus, when the id is all hex digits, its value read as hex
 *     written in decimal. Store a submit id under both keys; look a receipt id up by both keys.
 * Then hex-submit/decimal-receipt meets on the decimal key, and decimal-submit/hex-receipt meets
 * because the receipt's hex-read key is the submit's canonical form. Exact canonical matches should
 * be preferred over cross-form ones (SmscIdIndex does), since two different ids can share a key.
 */
export function normaliseSmscId(id: string): string {
  const trimmed = id.replace(/\0+$/, '').trim().toLowerCase();
  return /^[0-9a-f]+$/.test(trimmed) ? trimmed.replace(/^0+(?=.)/, '') : trimmed;
}

export function smscIdKeys(id: string): string[] {
  const canonical = normaliseSmscId(id);
  if (!/^[0-9a-f]{1,32}$/.test(canonical)) return [canonical];
  const decimal = BigInt(`0x${canonical}`).toString(10);
  return decimal === canonical ? [canonical] : [canonical, decimal];
}

export function smscIdsMatch(submitId: string, receiptId: string): boolean {
  const submitKeys = new Set(smscIdKeys(submitId));
  return smscIdKeys(receiptId).some((key) => submitKeys.has(key));
}

type MatchPath = 'exact' | 'hexSubmit' | 'hexReceipt';

/**
 * An in-memory id → value map with the matching rule above. When a receipt id reaches different
 * submits by different forms (hex submit `10` vs decimal receipt `10` for submit `A`), it picks the
 * form this SMSC has been seen to use: every unambiguous cross-form or exact match counts as
 * evidence, and the exact form wins until there is some.
 */
export class SmscIdIndex<T> {
  private readonly exact = new Map<string, T>();
  /** Submit ids that are all hex, under their value in decimal. */
  private readonly hexAsDecimal = new Map<string, T>();
  readonly evidence: Record<MatchPath, number> = { exact: 0, hexSubmit: 0, hexReceipt: 0 };

  get size(): number {
    return this.exact.size;
  }

  set(submitId: string, value: T): void {
    const [canonical, decimal] = smscIdKeys(submitId) as [string, string | undefined];
    this.exact.set(canonical, value);
    if (decimal !== undefined) this.hexAsDecimal.set(decimal, value);
  }

  get(receiptId: string): T | undefined {
    const [canonical, decimal] = smscIdKeys(receiptId) as [string, string | undefined];
    const found: [MatchPath, T | undefined][] = [
      ['exact', this.exact.get(canonical)],
      ['hexSubmit', this.hexAsDecimal.get(canonical)], // submit 1A2B3C, receipt 1715004
      ['hexReceipt', decimal === undefined ? undefined : this.exact.get(decimal)], // submit 1715004, receipt 1A2B3C
    ];
    const hits = found.filter((hit): hit is [MatchPath, T] => hit[1] !== undefined);
    const first = hits[0];
    if (!first) return undefined;
    const distinct = new Set(hits.map(([, value]) => value));
    if (distinct.size === 1) {
      if (hits.length === 1) this.evidence[first[0]] += 1;
      return first[1];
    }
    const best = hits.reduce((a, b) => (this.evidence[b[0]] > this.evidence[a[0]] ? b : a));
    return best[1];
  }

  delete(submitId: string): void {
    const [canonical, decimal] = smscIdKeys(submitId) as [string, string | undefined];
    this.exact.delete(canonical);
    if (decimal !== undefined) this.hexAsDecimal.delete(decimal);
  }
}
