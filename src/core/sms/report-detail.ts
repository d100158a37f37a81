import type { EventDetail } from '../messages/events.js';

/**
 * What an SMS event carries for status callbacks besides its status (a Mobizon sms-delivery-report
 * needs campaignId, segNum and to): written when the event is recorded, so the callback outbox
 * holds everything and a POST never reads the message again.
 */
export function smsReportDetail(message: { campaignId?: number | null; segments?: number; recipient: string }): EventDetail {
  return {
    ...(message.campaignId != null ? { campaignId: message.campaignId } : {}),
    ...(message.segments !== undefined ? { segNum: message.segments } : {}),
    to: message.recipient,
  };
}
