/**
 * Campaign sending speed (Mobizon Create, rateLimit/ratePeriod): "no more than 100 messages per
 * second … Messages are sent at equal intervals, in packets of 10 pieces, based on the specified
 * rateLimit for ratePeriod". 600 per 60 s → a packet of 10 every second.
 */

export const PACKET_SIZE = 10;
export const MAX_MESSAGES_PER_SECOND = 100;
export const RATE_PERIODS = [60, 3600, 86400] as const;

/** Messages per second of a limit; null when the campaign is not limited (rateLimit 0). */
export function messagesPerSecond(rateLimit: number, ratePeriod: number): number | null {
  if (rateLimit <= 0) return null;
  return rateLimit / ratePeriod;
}

/** Milliseconds between packets of 10, or 0 when the campaign is not limited. */
export function packetIntervalMs(rateLimit: number, ratePeriod: number): number {
  const perSecond = messagesPerSecond(rateLimit, ratePeriod);
  if (perSecond === null) return 0;
  return Math.round((PACKET_SIZE / perSecond) * 1000);
}

/**
 * When the message at `index` (0-based, in campaign order) is due: packets of 10 share a due time,
 * each packet one interval after the one before.
 */
export function dueOffsetMs(index: number, intervalMs: number): number {
  return Math.floor(index / PACKET_SIZE) * intervalMs;
}
