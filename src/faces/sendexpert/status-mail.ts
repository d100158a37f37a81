/**
 * getStatusMail: a message's status and tracking in the document's field names. Statuses are the
 * core's (which are SendExpert's), except one spelling: the getStatusMail list says
 * ERROR_MAIL_REFUSED where the statistics (and the core) say ERROR_MAIL_REFUSE.
 */
import type { MessageView } from '../../core/messages/read.js';
import { unixSeconds } from './params.js';

export interface StatusMail {
  STATUS: string;
  /** Unix seconds, or "" when it has not happened (PHP prints an empty value the same way). */
  TIMESTAMP_SENT: number | '';
  TIMESTAMP_VIEW: number | '';
  TIMESTAMP_MOVE: number | '';
  IP: string;
  OS: string;
  DEVICE: string;
  REASON: string;
  RESPONSE: string;
}

export function statusMailName(status: string): string {
  return status === 'ERROR_MAIL_REFUSE' ? 'ERROR_MAIL_REFUSED' : status;
}

const unixOrEmpty = (iso: string | null): number | '' => (iso === null ? '' : unixSeconds(iso));

export function statusMail(message: MessageView): StatusMail {
  return {
    STATUS: statusMailName(message.status),
    TIMESTAMP_SENT: unixOrEmpty(message.sentAt),
    TIMESTAMP_VIEW: unixOrEmpty(message.lastViewAt),
    TIMESTAMP_MOVE: unixOrEmpty(message.lastMoveAt),
    IP: message.lastIp ?? '',
    OS: message.lastOs ?? '',
    DEVICE: message.lastDevice ?? '',
    REASON: message.unsubscribeReason ?? '',
    RESPONSE: message.response ?? '',
  };
}
