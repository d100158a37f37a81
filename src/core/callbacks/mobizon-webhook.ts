/**
 * Mobizon's delivery-report webhook (docs/protocols/mobizon.md §Webhooks; Mobizon docs "Webhooks"): one event per
 * POST, a JSON body `{eventId, eventType, eventCreateTs, webhookId, attempt, data, sign}` with
 * sign = sha1(eventId|attempt|eventCreateTs|secretKey). Times are `yyyy-mm-dd hh:mm:ss` in the
 * account's time zone; ids and counters are JSON numbers as in the documentation's example.
 *
 * Which SMS events are reports: `sent` (the SMSC accepted every part: ACCEPTD) and `delivered` /
 * `error` (the final status). Mobizon itself reports only final statuses; a webhook subscribed to
 * `delivered` and `error` behaves exactly so, and one that also takes `sent` sees ACCEPTD as well.
 */
import { createHash } from 'node:crypto';
import type { CallbackPayload } from '../messages/events.js';
import { phpJsonEncode } from '../../wire/php-json.js';
import { mobizonTime } from '../../wire/mobizon-time.js';
import type { CallbackRequest } from './formats.js';

export const MOBIZON_EVENT_TYPE = 'sms-delivery-report';

/** Mobizon counts a delivery as failed when no 2xx arrived within 5 seconds. */
export const MOBIZON_TIMEOUT_MS = 5000;

/** The Herald callback events a Mobizon webhook can report (anything else has no Mobizon form). */
export const MOBIZON_CALLBACK_EVENTS: readonly string[] = ['sent', 'delivered', 'error'];

/** sha1 of `eventId|attempt|eventCreateTs|secretKey`, lower-case hex, as Mobizon signs. */
export function mobizonSign(eventId: number | string, attempt: number | string, eventCreateTs: string, secretKey: string): string {
  return createHash('sha1').update(`${eventId}|${attempt}|${eventCreateTs}|${secretKey}`, 'utf8').digest('hex');
}

/** The report fields an SMS event carries in its detail (written where the event is recorded). */
interface ReportDetail {
  status: string;
  campaignId: number;
  segNum: number;
  to: string;
}

function reportDetail(payload: CallbackPayload): ReportDetail | null {
  if (!MOBIZON_CALLBACK_EVENTS.includes(payload.event)) return null;
  const { status, campaignId, segNum, to } = payload.detail;
  if (typeof status !== 'string' || typeof campaignId !== 'number' || typeof segNum !== 'number' || typeof to !== 'string') return null;
  return { status, campaignId, segNum, to };
}

/** True when the event is an SMS status change a Mobizon webhook reports (email events are not). */
export function isMobizonReport(payload: CallbackPayload): boolean {
  return reportDetail(payload) !== null;
}

export interface MobizonEventEnvelope {
  /** Unique per event and the same on every retry (Herald: the delivery's id; one event per delivery). */
  eventId: number;
  webhookId: number;
  /** 1 on the first POST, counting up across retries. */
  attempt: number;
  /** The account's time zone, in which Mobizon writes times. */
  timeZone: string;
}

/** The POST for one event. */
export function mobizonWebhookRequest(envelope: MobizonEventEnvelope, payload: CallbackPayload, secretKey: string): CallbackRequest {
  const detail = reportDetail(payload);
  if (detail === null) throw new Error(`a ${payload.event} event without SMS report fields has no Mobizon form`);
  const eventCreateTs = mobizonTime(payload.at, envelope.timeZone);
  const body = {
    eventId: envelope.eventId,
    eventType: MOBIZON_EVENT_TYPE,
    eventCreateTs,
    webhookId: envelope.webhookId,
    attempt: envelope.attempt,
    data: {
      campaignId: detail.campaignId,
      messageId: payload.messageId,
      segNum: detail.segNum,
      statusUpdateTs: eventCreateTs,
      status: detail.status,
      // Mobizon writes numbers without the plus (`380737893456`).
      to: detail.to.replace(/^\+/, ''),
    },
    sign: mobizonSign(envelope.eventId, envelope.attempt, eventCreateTs, secretKey),
  };
  // json_encode output, as the PHP service produces it.
  return { headers: { 'content-type': 'application/json', 'user-agent': 'Herald-Callbacks/1' }, body: phpJsonEncode(body) };
}
