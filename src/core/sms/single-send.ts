import type { AccountScope } from '../context.js';
import { DomainError } from '../errors.js';
import { nowIso } from '../clock.js';
import { chargeAmount } from '../billing/charges.js';
import { recordEvents } from '../messages/events.js';
import { signalMessagesQueued } from '../messages/wake.js';
import { channelStatuses } from '../messages/statuses.js';
import { dayInTimeZone } from '../stats/stat-day.js';
import { countSegments, MAX_PARTS } from './encoding/segments.js';
import { checkRecipient, RECIPIENT_CODE_MEANINGS, RecipientCode } from './recipient-codes.js';
import { loadDestinationRules } from './destinations.js';
import { costOf, priceFor } from './pricing.js';
import { chooseSender } from './sender-choice.js';

export interface SingleSms {
  to: string;
  text: string;
  /** A sender id registered for the account; otherwise the account default is used. */
  from?: string;
  sendAt?: Date | null;
  validityMinutes?: number;
  flash?: boolean;
  name?: string;
}

/** Why a single SMS was refused: the recipient's code (Mobizon's per-recipient codes) or the text. */
export class SmsRefusedError extends DomainError {
  readonly kind = 'validation' as const;
  constructor(
    readonly field: 'recipient' | 'text' | 'validity' | 'balance',
    readonly recipientCode: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'SmsRefusedError';
  }
}

export interface AcceptedSms {
  campaignId: number;
  messageId: number;
  segments: number;
  costMicros: number;
}

/**
 * One SMS to one number (Mobizon's message/sendSMSMessage): judged by the same rules as campaign
 * recipients, priced per segment and charged, then stored as a campaign of type 1 with its message
 * in one transaction. When this returns the message is durable and queued.
 */
export async function acceptSingleSms(scope: AccountScope, input: SingleSms, source: string): Promise<AcceptedSms> {
  const text = input.text;
  if (text.trim() === '') throw new SmsRefusedError('text', null, 'text is required');
  const segments = countSegments(text);
  if (segments > MAX_PARTS) throw new SmsRefusedError('text', null, `text needs ${segments} parts; at most ${MAX_PARTS}`);
  const validity = input.validityMinutes ?? 1440;
  if (!Number.isInteger(validity) || validity < 60 || validity > 1440) throw new SmsRefusedError('validity', null, 'validity must be 60 to 1440 minutes');

  const now = new Date();
  const at = nowIso();
  const result = await scope.db.transaction().execute(async (trx) => {
    const rules = await loadDestinationRules(trx, scope.accountId, [input.to]);
    const check = checkRecipient(input.to, {
      seen: new Set(),
      stopList: rules.stopList,
      allowedCountries: rules.allowedCountries,
      ...(rules.defaultCountry ? { defaultCountry: rules.defaultCountry } : {}),
    });
    if (check.code !== RecipientCode.Added || !check.e164 || !check.country) {
      throw new SmsRefusedError('recipient', check.code, `${input.to}: ${RECIPIENT_CODE_MEANINGS[check.code]}`);
    }
    const metered = (await trx.selectFrom('accountBilling').select('accountId').where('accountId', '=', scope.accountId).executeTakeFirst()) !== undefined;
    const price = priceFor(rules.prices, check.country, check.operator ?? null);
    if (price === null && metered) throw new SmsRefusedError('recipient', RecipientCode.UnsupportedOperator, `${input.to}: no price for ${check.country}`);
    const cost = costOf(segments, price) ?? 0;

    const account = await trx.selectFrom('accounts').select(['timeZone', 'retryHours']).where('id', '=', scope.accountId).executeTakeFirstOrThrow();
    const sender = await chooseSender({ db: trx, accountId: scope.accountId }, input.from);
    const sendAt = input.sendAt && input.sendAt > now ? input.sendAt.toISOString() : null;
    const campaign = await trx
      .insertInto('smsCampaigns')
      .values({ accountId: scope.accountId, name: input.name ?? '', type: 1, text, sender, deferredTo: sendAt, validityMinutes: validity, flash: input.flash ? 1 : 0, status: 'RUNNING', source, createdAt: at, startSendAt: sendAt ?? at })
      .returning('id')
      .executeTakeFirstOrThrow();
    const start = sendAt ? new Date(sendAt) : now;
    const message = await trx
      .insertInto('messages')
      .values({
        accountId: scope.accountId,
        channel: 'sms',
        source,
        status: channelStatuses('sms').waiting,
        dueAt: sendAt ?? at,
        giveUpAt: new Date(start.getTime() + Math.min(validity * 60_000, account.retryHours * 3600_000)).toISOString(),
        recipient: check.e164,
        sender,
        statDay: dayInTimeZone(start, account.timeZone),
        trackOpens: 0,
        trackClicks: 0,
        createdAt: at,
        scheduledAt: sendAt,
        campaignId: campaign.id,
        segments,
        costMicros: cost,
        country: check.country,
        operator: check.operator ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Charged once the message has its id, so the ledger names it; a refusal rolls all of it back.
    await chargeAmount(trx, scope.accountId, cost, `SMS ${message.id} (${segments} segment${segments === 1 ? '' : 's'})`);
    await trx.insertInto('messageContents').values({ messageId: message.id, html: null, text }).execute();
    await recordEvents(trx, [{ accountId: scope.accountId, messageId: message.id, type: 'queued', at, detail: { to: check.e164, segments } }]);
    return { campaignId: campaign.id, messageId: message.id, segments, costMicros: cost };
  });
  signalMessagesQueued();
  return result;
}
