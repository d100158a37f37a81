/**
 * SMS statuses as Mobizon reports them (message/getSMSStatus, campaign counters) — the SMPP
 * delivery-receipt `stat:` words, plus NEW and ENQUEUD for the time before the SMSC has the message.
 * A message of several parts has one receipt per part; its own status is derived from theirs.
 * The vocabulary and its pure rules only: status-lookup.ts reads stored messages' statuses.
 */

export const SMS_STATUSES = ['NEW', 'ENQUEUD', 'ACCEPTD', 'DELIVRD', 'EXPIRED', 'UNDELIV', 'REJECTD', 'DELETED', 'UNKNOWN', 'PDLIVRD'] as const;
export type SmsStatus = (typeof SMS_STATUSES)[number];

/** Not settled yet, in the order a message goes through them: created, queued to an SMSC, taken by it. */
export const SMS_PENDING_STATUSES = ['NEW', 'ENQUEUD', 'ACCEPTD'] as const;
export type SmsPendingStatus = (typeof SMS_PENDING_STATUSES)[number];

/** Final: no later receipt changes them (UNKNOWN is SMPP's final "invalid state"). */
export const SMS_FINAL_STATUSES = ['DELIVRD', 'EXPIRED', 'UNDELIV', 'REJECTD', 'DELETED', 'UNKNOWN', 'PDLIVRD'] as const;
export type SmsFinalStatus = (typeof SMS_FINAL_STATUSES)[number];

/** Final failures, most telling first: the order picks one when a message's parts failed differently. */
export const SMS_FAILURE_STATUSES = ['REJECTD', 'UNDELIV', 'EXPIRED', 'DELETED', 'UNKNOWN'] as const;
export type SmsFailureStatus = (typeof SMS_FAILURE_STATUSES)[number];

export function isSmsStatus(value: string): value is SmsStatus {
  return (SMS_STATUSES as readonly string[]).includes(value);
}

export function isFinalSmsStatus(status: SmsStatus): status is SmsFinalStatus {
  return (SMS_FINAL_STATUSES as readonly string[]).includes(status);
}

function pendingRank(status: SmsStatus): number {
  return (SMS_PENDING_STATUSES as readonly string[]).indexOf(status);
}

/**
 * The status of a message from its parts' statuses:
 * - any part still pending → the least advanced pending state among them (the message is only as
 *   far along as its slowest part; NEW before ENQUEUD before ACCEPTD);
 * - every part DELIVRD → DELIVRD;
 * - some delivered (DELIVRD or PDLIVRD), some failed → PDLIVRD;
 * - none delivered → the failure they share, or when they differ the most telling one
 *   (REJECTD, UNDELIV, EXPIRED, DELETED, UNKNOWN in that order).
 * No parts (not segmented yet) → NEW.
 */
export function messageStatusFromParts(parts: readonly SmsStatus[]): SmsStatus {
  if (parts.length === 0) return 'NEW';
  let leastPending = -1;
  let delivered = 0;
  let partly = false;
  let failure: number = SMS_FAILURE_STATUSES.length;
  for (const status of parts) {
    const rank = pendingRank(status);
    if (rank >= 0) {
      if (leastPending < 0 || rank < leastPending) leastPending = rank;
    } else if (status === 'DELIVRD') delivered++;
    else if (status === 'PDLIVRD') partly = true;
    else failure = Math.min(failure, (SMS_FAILURE_STATUSES as readonly string[]).indexOf(status));
  }
  if (leastPending >= 0) return SMS_PENDING_STATUSES[leastPending] ?? 'NEW';
  if (delivered === parts.length) return 'DELIVRD';
  if (delivered > 0 || partly) return 'PDLIVRD';
  return SMS_FAILURE_STATUSES[failure] ?? 'UNKNOWN';
}

/**
 * The status a delivery receipt reports, from its `stat:` word (SMPP 3.4 Appendix B; 7-character
 * abbreviations) or null for a word SMPP does not define. ENROUTE (still trying) is ACCEPTD here:
 * Mobizon has no separate state for it.
 */
export function statusFromReceiptStat(stat: string): SmsStatus | null {
  const word = stat.trim().toUpperCase();
  if (word === 'ENROUTE') return 'ACCEPTD';
  if (word === 'NEW' || word === 'ENQUEUD') return null;
  return isSmsStatus(word) ? word : null;
}

/** The status of the SMPP message_state TLV / query_sm value (SMPP 3.4 §5.2.28), null if unknown. */
export function statusFromMessageState(state: number): SmsStatus | null {
  switch (state) {
    case 1: return 'ACCEPTD'; // ENROUTE
    case 2: return 'DELIVRD';
    case 3: return 'EXPIRED';
    case 4: return 'DELETED';
    case 5: return 'UNDELIV';
    case 6: return 'ACCEPTD';
    case 7: return 'UNKNOWN';
    case 8: return 'REJECTD';
    default: return null;
  }
}
