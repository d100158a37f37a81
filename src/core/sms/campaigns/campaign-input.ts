import { IssueList } from '../../errors.js';
import { countSegments, MAX_PARTS } from '../encoding/segments.js';
import { placeholdersIn } from '../placeholders.js';
import { MAX_MESSAGES_PER_SECOND, messagesPerSecond, RATE_PERIODS } from './pacing.js';

/** Mobizon's campaign types. */
export const CampaignType = { Single: 1, Mass: 2, Template: 3 } as const;
export type CampaignType = (typeof CampaignType)[keyof typeof CampaignType];

export interface CampaignInput {
  name?: string;
  text: string;
  type?: number;
  from?: string;
  rateLimit?: number;
  ratePeriod?: number;
  /** Deferred start: between one hour and 14 days from now. */
  deferredTo?: Date | null;
  validityMinutes?: number;
  mclass?: number;
  shortenLinks?: boolean;
  trackShortLinkRecipients?: boolean;
}

export interface ValidCampaign {
  name: string;
  text: string;
  type: CampaignType;
  from: string | undefined;
  rateLimit: number;
  ratePeriod: number;
  deferredTo: Date | null;
  validityMinutes: number;
  mclass: number;
  shortenLinks: boolean;
  trackShortLinkRecipients: boolean;
}

const HOUR = 3600_000;
export const MIN_DEFER_MS = HOUR;
export const MAX_DEFER_MS = 14 * 24 * HOUR;

/**
 * The rules of Mobizon campaign/create, every field checked before anything is stored. Field names
 * are the reference's (`deferredToTs`, `validity`), so each face can show them as its users know them.
 */
export function validateCampaignInput(input: CampaignInput, now: Date): ValidCampaign {
  const issues = new IssueList();
  const name = (input.name ?? '').trim();
  if (name.length > 255) issues.add('name', 'too_long', 'The campaign name is at most 255 characters.');
  const text = input.text ?? '';
  if (text.trim() === '') issues.add('text', 'required', 'The text is required.');
  else if (countSegments(text) > MAX_PARTS) issues.add('text', 'too_long', `The text needs more than ${MAX_PARTS} parts.`);
  const type = input.type ?? CampaignType.Mass;
  if (type !== 1 && type !== 2 && type !== 3) issues.add('type', 'invalid', 'The type is 1 (single), 2 (mass) or 3 (template).');
  if (type === CampaignType.Template && text.trim() !== '' && placeholdersIn(text).length === 0) {
    issues.add('text', 'invalid', 'A template campaign text must contain placeholders such as {name}.');
  }
  const rateLimit = input.rateLimit ?? 0;
  const ratePeriod = input.ratePeriod ?? 60;
  if (!Number.isSafeInteger(rateLimit) || rateLimit < 0) issues.add('rateLimit', 'invalid', 'rateLimit is a whole number, 0 for no limit.');
  if (!(RATE_PERIODS as readonly number[]).includes(ratePeriod)) issues.add('ratePeriod', 'invalid', 'ratePeriod is 60, 3600 or 86400 seconds.');
  else if ((messagesPerSecond(rateLimit, ratePeriod) ?? 0) > MAX_MESSAGES_PER_SECOND) {
    issues.add('rateLimit', 'invalid', `The sending speed is at most ${MAX_MESSAGES_PER_SECOND} messages per second (rateLimit ${MAX_MESSAGES_PER_SECOND * ratePeriod} for this period).`);
  }
  const deferredTo = input.deferredTo ?? null;
  if (deferredTo !== null) {
    const ahead = deferredTo.getTime() - now.getTime();
    // A minute of slack: a client computing "now + 1 h" is not refused for the time its request took.
    if (ahead < MIN_DEFER_MS - 60_000 || ahead > MAX_DEFER_MS) issues.add('deferredToTs', 'invalid', 'The start can be deferred by one hour to 14 days.');
  }
  const validityMinutes = input.validityMinutes ?? 1440;
  if (!Number.isSafeInteger(validityMinutes) || validityMinutes < 60 || validityMinutes > 1440) issues.add('validity', 'invalid', 'validity is 60 to 1440 minutes.');
  const mclass = input.mclass ?? 1;
  if (![0, 1, 2, 3].includes(mclass)) issues.add('mclass', 'invalid', 'mclass is 0, 1, 2 or 3.');
  issues.throwIfAny();
  return {
    name,
    text,
    type: type as CampaignType,
    from: input.from?.trim() || undefined,
    rateLimit,
    ratePeriod,
    deferredTo,
    validityMinutes,
    mclass,
    shortenLinks: input.shortenLinks ?? false,
    trackShortLinkRecipients: input.trackShortLinkRecipients ?? false,
  };
}
