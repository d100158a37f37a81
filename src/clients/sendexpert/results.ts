/**
 * The results of the five actions, typed from the document's examples. Counts and prices the
 * service sends as strings ("10000", "2934.000000") are numbers here; times are Unix seconds, with
 * null for "not happened" (sent as ""). Every object keeps the answer as received in `raw`.
 */

export type Raw = Record<string, unknown>;

export function rawOf(value: unknown): Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}

export function numberOrNull(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

export interface Packet {
  name: string;
  mails_total: number | null;
  mails_left: number | null;
  period: number | null;
  /** Unix seconds; null when the package does not expire. */
  date_end: number | null;
  price: number | null;
  price_additional: number | null;
}

export interface AccountInfo {
  balance: number | null;
  valute: string;
  packet: Packet | null;
  raw: Raw;
}

export function accountInfoOf(value: unknown): AccountInfo {
  const raw = rawOf(value);
  const p = raw.packet;
  const packet = typeof p === 'object' && p !== null && !Array.isArray(p) ? rawOf(p) : null;
  return {
    balance: numberOrNull(raw.balance),
    valute: text(raw.valute),
    packet:
      packet === null
        ? null
        : {
            name: text(packet.name),
            mails_total: numberOrNull(packet.mails_total),
            mails_left: numberOrNull(packet.mails_left),
            period: numberOrNull(packet.period),
            date_end: numberOrNull(packet.date_end),
            price: numberOrNull(packet.price),
            price_additional: numberOrNull(packet.price_additional),
          },
    raw,
  };
}

/** WAIT, SENDING, SENT, UNSUBSCRIBE, SPAM or an ERROR_… delivery status. */
export interface StatusMail {
  STATUS: string;
  TIMESTAMP_SENT: number | null;
  TIMESTAMP_VIEW: number | null;
  TIMESTAMP_MOVE: number | null;
  IP: string;
  OS: string;
  DEVICE: string;
  REASON: string;
  RESPONSE: string;
  raw: Raw;
}

export function statusMailOf(value: unknown): StatusMail {
  const raw = rawOf(value);
  return {
    STATUS: text(raw.STATUS),
    TIMESTAMP_SENT: numberOrNull(raw.TIMESTAMP_SENT),
    TIMESTAMP_VIEW: numberOrNull(raw.TIMESTAMP_VIEW),
    TIMESTAMP_MOVE: numberOrNull(raw.TIMESTAMP_MOVE),
    IP: text(raw.IP),
    OS: text(raw.OS),
    DEVICE: text(raw.DEVICE),
    REASON: text(raw.REASON),
    RESPONSE: text(raw.RESPONSE),
    raw,
  };
}

/** One day of getStatByDate: TOTAL, SENDING, SENT (SENDED in older answers), VIEW, MOVE, SPAM, UNSUBSCRIBE, ERROR_…. */
export type DayStats = Record<string, number>;

/** `YYYY-MM-DD` → the day's counters (an empty PHP array `[]` reads as no days). */
export function statByDateOf(value: unknown): Record<string, DayStats> {
  const out: Record<string, DayStats> = {};
  for (const [day, counters] of Object.entries(rawOf(value))) {
    const row: DayStats = {};
    for (const [name, count] of Object.entries(rawOf(counters))) row[name] = numberOrNull(count) ?? 0;
    out[day] = row;
  }
  return out;
}
