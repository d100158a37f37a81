// One send request as both Notification endpoints carry it (NMSREST parameters, NMSXML
// <sendrequest>), before any check, and the vendor's wording for what is wrong with it
// (docs/protocols/smartfocus.md §Notification).
import type { DynParseError } from '../../../core/templates/emv.js';

export interface SendRequest {
  random: string;
  encrypt: string;
  email: string;
  /** '' when absent: send now. */
  senddate: string;
  /** '' when absent; needed only when stype writes to the member table. */
  uidkey: string;
  /** '' when absent: NOTHING. */
  stype: string;
  /** Push fields, or why the NMSREST `dyn` text could not be read. */
  dyn: Record<string, string> | DynParseError;
  content: Record<string, string>;
}

/** Every refusal of the Notification service carries this status (HTTP 500). */
export const FAILED_STATUS = 'CREATE_SENDREQUEST_FAILED';

/** A refused send request: the vendor's description and the `<fields>` value. */
export class NotificationFault extends Error {
  constructor(
    readonly description: string,
    readonly fields: string,
  ) {
    super(description);
    this.name = 'NotificationFault';
  }
}

/** The vendor's texts (NMP Trigger guide), spelling and punctuation included. */
export const faults = {
  missing: (name: string) => new NotificationFault(`You must fill in the ${name} parameter`, name),
  malformedEmail: (email: string) => new NotificationFault(`The email address ${email} is malformed!!`, email),
  dyn: (err: DynParseError) => new NotificationFault(err.message, err.dyn),
  // The only capture of this failure shows the random after two spaces and with a leading space in
  // <fields> (the service formats " " + random into "…wrong {0}"); reproduced as captured.
  // Also the answer to a wrong encrypt: one text for both, so it does not tell which randoms exist.
  badAuthentication: (random: string) => new NotificationFault(`Bad authentication!!! Random parameter is wrong  ${random}`, ` ${random}`),
  // Not documented by the vendor (it states no limit): Herald's wording, in the same style.
  throttled: (retryAfterSeconds: number) => new NotificationFault(`Too many failed authentication attempts; retry in ${retryAfterSeconds} seconds.`, ''),
  noNotification: (random: string) => new NotificationFault('Unable to retrieve the notification', random),
  // Not documented by the vendor: Herald's wording, in the same style.
  badStype: (stype: string) => new NotificationFault(`The synchronization type ${stype} is not valid (NOTHING, INSERT, UPDATE or INSERT_UPDATE)!!`, stype),
  badSenddate: (senddate: string) => new NotificationFault(`The senddate ${senddate} is malformed!! Expected YYYY-MM-DD HH:MM:SS.`, senddate),
  badUidkey: (uidkey: string) => new NotificationFault(`The uidkey ${uidkey} is not a column of the member table!!`, uidkey),
  noUidValue: (uidkey: string) => new NotificationFault(`The uidkey ${uidkey} has no value in the dyn parameter!!`, uidkey),
  serverError: () => new NotificationFault('An error occured on the server', ''),
};

// YYYY-MM-DD, then T, a space or `+` (a path-info senddate whose space was form-encoded), the
// time with optional seconds and fraction, and an optional zone (xs:dateTime allows one).
const SENDDATE = /^(\d{4})-(\d{2})-(\d{2})[T +](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** The vendor's service clock: "GMT+1", a fixed offset (no summer time). */
const VENDOR_OFFSET_MINUTES = 60;

/**
 * Reads a senddate (`YYYY-MM-DD HH:MM:SS` in NMSREST, `YYYY-MM-DDTHH:MM:SS` in NMSXML; either
 * form accepted in both). Without a zone the time is the vendor's GMT+1. '' → null (send now);
 * an unreadable or impossible date (2016-02-30) → 'invalid'.
 */
export function parseSendDate(text: string): Date | null | 'invalid' {
  const s = text.trim();
  if (s === '') return null;
  const m = SENDDATE.exec(s);
  if (!m) return 'invalid';
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const zone = m[7];
  let offset = VENDOR_OFFSET_MINUTES;
  if (zone === 'Z') offset = 0;
  else if (zone !== undefined) {
    const digits = zone.replace(':', '');
    offset = (zone.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(local);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return 'invalid';
  return new Date(local - offset * 60_000);
}
