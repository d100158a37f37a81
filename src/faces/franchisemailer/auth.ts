/**
 * FranchiseMailer request authentication: `accesskey`, `requestdate` and `hmac` headers plus a
 * per-account IP allow-list. Everything except `authenticate` is pure so it can be checked against
 * the vendor's test vectors.
 */
import { BlockList, isIP } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import type { CoreContext } from '../../core/context.js';
import { franchiseMailerKeys } from '../../core/accounts/accounts.js';
import { hmacMatches } from '../../wire/franchisemailer-signature.js';

/**
 * The document ("Authentication": "Requests made with … an invalid request date value … will
 * receive an HTTP 403") does not state the allowed clock skew. Only the date is signed, so a captured
 * request can be replayed for as long as its date is accepted: ±5 minutes, the usual window of
 * HMAC-signed-date schemes, keeps that short while tolerating clocks kept by NTP.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const RFC2822 =
  /^(?:(Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? ([+-]\d{4}|GMT|UT|UTC|Z)$/;

/**
 * Parses an RFC 2822 date as PHP's gmdate('r') writes it (`Tue, 14 Nov 2023 22:13:20 +0000`).
 * Strict on purpose: Date.parse would accept many shapes no FranchiseMailer client sends.
 * Returns epoch milliseconds, or null for anything malformed or impossible (31 Feb, wrong weekday).
 */
export function parseRequestDate(value: string): number | null {
  const m = RFC2822.exec(value.trim());
  if (!m) return null;
  const [, dayName, d, mon, y, hh, mm, ss, zone] = m;
  const day = Number(d);
  const month = MONTHS.indexOf(mon!);
  const year = Number(y);
  const hour = Number(hh);
  const minute = Number(mm);
  const second = ss === undefined ? 0 : Number(ss);
  if (hour > 23 || minute > 59 || second > 60) return null;
  let offsetMinutes = 0;
  if (zone!.startsWith('+') || zone!.startsWith('-')) {
    const sign = zone!.startsWith('-') ? -1 : 1;
    const oh = Number(zone!.slice(1, 3));
    const om = Number(zone!.slice(3, 5));
    if (om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const local = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month) return null;
  if (dayName !== undefined && DAYS[check.getUTCDay()] !== dayName) return null;
  return local - offsetMinutes * 60 * 1000;
}

export function requestDateFresh(requestDateMs: number, nowMs: number, maxSkewMs = MAX_CLOCK_SKEW_MS): boolean {
  return Math.abs(nowMs - requestDateMs) <= maxSkewMs;
}

/** Node reports IPv4 peers on a dual-stack socket as `::ffff:a.b.c.d`; compare them as IPv4. */
export function normaliseIp(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/**
 * True when `address` is in the allow-list. Entries are single addresses or CIDR ranges, IPv4 or
 * IPv6; malformed entries are ignored rather than failing every request of the account.
 */
export function ipAllowed(address: string, allowList: readonly string[]): boolean {
  const ip = normaliseIp(address);
  const family = isIP(ip);
  if (family === 0) return false;
  const list = new BlockList();
  for (const raw of allowList) {
    const [base = '', prefix] = raw.trim().split('/');
    const net = normaliseIp(base);
    const netFamily = isIP(net);
    if (netFamily === 0) continue;
    const type = netFamily === 4 ? 'ipv4' : 'ipv6';
    try {
      if (prefix === undefined) list.addAddress(net, type);
      else if (/^\d{1,3}$/.test(prefix)) list.addSubnet(net, Number(prefix), type);
    } catch {
      // Prefix out of range for the family: skip the entry.
    }
  }
  return list.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** `credentials`: the access key is unknown or the HMAC does not match (one message for both). */
export type AuthResult = { ok: true; accountId: number } | { ok: false; reason: 'credentials' | 'date' | 'ip'; message: string };

const BAD_CREDENTIALS: AuthResult = { ok: false, reason: 'credentials', message: 'Invalid credentials' };

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  // A repeated header is ambiguous; treat it as absent rather than guess which one was signed.
  return typeof value === 'string' ? value : undefined;
}

/** Runs every check of the document; the messages stay generic so they reveal no secrets. */
export async function authenticate(core: CoreContext, headers: IncomingHttpHeaders, remoteAddress: string | undefined, nowMs: number): Promise<AuthResult> {
  const accessKey = header(headers, 'accesskey');
  const requestDate = header(headers, 'requestdate');
  const hmac = header(headers, 'hmac');
  if (!accessKey || !requestDate || !hmac) return BAD_CREDENTIALS;
  const keys = await franchiseMailerKeys(core, accessKey);
  if (!keys) return BAD_CREDENTIALS;
  // The HMAC covers the header exactly as received, never a re-formatted date (the vendor
  // snippet calls gmdate('r') twice, so only the received string is authoritative).
  if (!hmacMatches(hmac, requestDate, keys.secretKey)) return BAD_CREDENTIALS;
  const dateMs = parseRequestDate(requestDate);
  if (dateMs === null || !requestDateFresh(dateMs, nowMs)) return { ok: false, reason: 'date', message: 'Invalid request date' };
  if (remoteAddress === undefined || !ipAllowed(remoteAddress, keys.allowedIps)) return { ok: false, reason: 'ip', message: 'IP address not allowed' };
  return { ok: true, accountId: keys.accountId };
}
