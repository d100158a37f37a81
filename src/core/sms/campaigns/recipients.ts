import type { AccountScope } from '../../context.js';
import type { Db } from '../../../store/database.js';
import { countSegments, MAX_PARTS } from '../encoding/segments.js';
import { checkRecipient, RecipientCode, type RecipientContext } from '../recipient-codes.js';
import { loadDestinationRules } from '../destinations.js';
import { normaliseNumber } from '../numbers/normalise.js';
import { costOf, priceFor } from '../pricing.js';
import { channelStatuses } from '../../messages/statuses.js';
import { dayInTimeZone } from '../../stats/stat-day.js';
import { prepareCampaignLinks, personaliseLinks, recordRecipientCodes, type CampaignLink } from '../links/campaign-links.js';
import type { PlaceholdersFlag } from '../placeholders.js';
import { contactRecipients } from './contact-recipients.js';
import { campaignRow, deleteCampaignMessages, type CampaignRow } from './campaigns.js';
import { CampaignType } from './campaign-input.js';

/** One recipient as a request gives it: a number (with placeholder values) or a contact. */
export interface RecipientInput {
  number?: string | null;
  values?: Record<string, string>;
  contactId?: number;
  /** A contact who unsubscribed: refused as stop-listed (code 5), as the reference files opt-outs. */
  optedOut?: boolean;
}

/** Mobizon AddRecipients' per-recipient answer. */
export interface RecipientResult {
  /** The number as added (E.164 digits without `+`), null when none was found. */
  recipient: string | null;
  code: number;
  messageId: number | null;
  /** The number as given. */
  number?: string;
  contactId?: number;
}

export interface AddOptions {
  replace?: boolean;
  placeholdersFlag?: PlaceholdersFlag;
  publicUrl: string;
  now?: Date;
}

const INSERT_CHUNK = 400;

/** Removes every recipient of a NEW campaign (AddRecipients with params[replace]=1). */
async function clearRecipients(db: Db, campaignId: number): Promise<void> {
  await deleteCampaignMessages(db, campaignId);
  await db.updateTable('smsCampaigns').set({ recipientsRejected: 0 }).where('id', '=', campaignId).execute();
}

/** E.164 numbers among the candidates that the campaign already has (duplicates: code 4). */
async function numbersInCampaign(db: Db, campaignId: number, candidates: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < candidates.length; i += 500) {
    const rows = await db.selectFrom('messages').select('recipient').where('campaignId', '=', campaignId).where('recipient', 'in', candidates.slice(i, i + 500)).execute();
    for (const r of rows) found.add(r.recipient);
  }
  return found;
}

interface Accepted {
  index: number;
  e164: string;
  country: string;
  operator: string | null;
  text: string;
  segments: number;
  costMicros: number;
  contactId: number | null;
  codes: { linkId: number; code: string }[];
}

/**
 * Adds recipients to a NEW campaign, judging each by the rules of recipient-codes.ts in the order
 * given, and stores the accepted ones as messages waiting for the campaign to be sent (due time
 * unset). Each message gets its own text (template filled, short links personalised), segment
 * count and preliminary cost (Mobizon GetInfo: "data on the preliminary cost … are specified at
 * the time of recipients' adding"). The caller holds the adding lock (lock.ts). One transaction.
 */
export async function addRecipientsLocked(scope: AccountScope, campaignId: number, inputs: readonly RecipientInput[], options: AddOptions): Promise<RecipientResult[]> {
  const now = options.now ?? new Date();
  return scope.db.transaction().execute(async (trx) => {
    const tx: AccountScope = { db: trx, accountId: scope.accountId };
    const campaign = await campaignRow(tx, campaignId);
    if (options.replace) await clearRecipients(trx, campaignId);

    const contacts = await contactRecipients(tx, inputs.flatMap((i) => (i.contactId !== undefined && (i.number === undefined || i.number === null) ? [i.contactId] : [])));
    const raws = inputs.map((input) => (input.contactId !== undefined && (input.number === undefined || input.number === null) ? (contacts.get(input.contactId)?.mobile ?? null) : (input.number ?? null)));
    const rules = await loadDestinationRules(trx, scope.accountId, raws.filter((r): r is string => r !== null && r !== ''));
    const defaultCountry = rules.defaultCountry === undefined ? {} : { defaultCountry: rules.defaultCountry };
    const candidates = [...new Set(raws.flatMap((raw) => {
      if (!raw) return [];
      const n = normaliseNumber(raw, defaultCountry);
      return n.ok ? [n.e164] : [];
    }))];
    const metered = (await trx.selectFrom('accountBilling').select('accountId').where('accountId', '=', scope.accountId).executeTakeFirst()) !== undefined;
    const links = campaign.trackShortLinkRecipients === 1 ? (await prepareCampaignLinks(trx, { accountId: scope.accountId, campaignId, text: campaign.text, publicUrl: options.publicUrl, shorten: false })).links : [];
    const context: RecipientContext = {
      seen: await numbersInCampaign(trx, campaignId, candidates),
      stopList: rules.stopList,
      allowedCountries: rules.allowedCountries,
      ...defaultCountry,
      ...(campaign.type === CampaignType.Template ? { template: { text: campaign.text, flag: options.placeholdersFlag ?? 1 } } : {}),
    };

    const results: RecipientResult[] = [];
    const accepted: Accepted[] = [];
    let existing = campaign.type === CampaignType.Single ? await countMessages(trx, campaignId) : 0;
    inputs.forEach((input, index) => {
      const base: RecipientResult = { recipient: null, code: RecipientCode.SystemError, messageId: null, ...(input.number != null ? { number: input.number } : {}), ...(input.contactId !== undefined ? { contactId: input.contactId } : {}) };
      results.push(base);
      if (input.contactId !== undefined && (input.number === undefined || input.number === null)) {
        const contact = contacts.get(input.contactId);
        if (!contact) return void (base.code = RecipientCode.ContactNotFound);
        if (!contact.mobile) return void (base.code = RecipientCode.ContactCardWithoutMobile);
      }
      const raw = raws[index] ?? '';
      const optedOut = input.optedOut === true || (input.contactId !== undefined && contacts.get(input.contactId)?.optedOut === true);
      if (optedOut) {
        const n = normaliseNumber(raw, defaultCountry);
        if (n.ok) base.recipient = n.e164.slice(1);
        return void (base.code = RecipientCode.StopListed);
      }
      const values = { ...(input.contactId !== undefined ? contacts.get(input.contactId)?.values : {}), ...input.values };
      const check = checkRecipient(raw, context, values);
      if (check.e164) base.recipient = check.e164.slice(1);
      if (check.code !== RecipientCode.Added || !check.e164 || !check.country) return void (base.code = check.code);
      // A single campaign goes to one number (Mobizon type 1).
      if (campaign.type === CampaignType.Single && existing >= 1) {
        context.seen.delete(check.e164);
        return void (base.code = RecipientCode.SystemError);
      }
      const price = priceFor(rules.prices, check.country, check.operator ?? null);
      if (price === null && metered) {
        context.seen.delete(check.e164);
        return void (base.code = RecipientCode.UnsupportedOperator);
      }
      const personal = personalise(check.text ?? campaign.text, links, options.publicUrl);
      const segments = countSegments(personal.text);
      if (segments > MAX_PARTS) {
        context.seen.delete(check.e164);
        return void (base.code = RecipientCode.SystemError);
      }
      base.code = RecipientCode.Added;
      existing++;
      accepted.push({ index, e164: check.e164, country: check.country, operator: check.operator ?? null, text: personal.text, segments, costMicros: costOf(segments, price) ?? 0, contactId: input.contactId ?? null, codes: personal.codes });
    });

    await storeMessages(tx, campaign, accepted, results, now);
    const rejected = results.filter((r) => r.code !== RecipientCode.Added).length;
    if (rejected > 0) await trx.updateTable('smsCampaigns').set((eb) => ({ recipientsRejected: eb('recipientsRejected', '+', rejected) })).where('id', '=', campaignId).execute();
    return results;
  });
}

function personalise(text: string, links: readonly CampaignLink[], publicUrl: string): { text: string; codes: { linkId: number; code: string }[] } {
  if (links.length === 0) return { text, codes: [] };
  return personaliseLinks(text, links, publicUrl);
}

async function countMessages(db: Db, campaignId: number): Promise<number> {
  const row = await db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('campaignId', '=', campaignId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Inserts the accepted recipients' messages and contents; fills in their message ids. */
async function storeMessages(scope: AccountScope, campaign: CampaignRow, accepted: readonly Accepted[], results: RecipientResult[], now: Date): Promise<void> {
  if (accepted.length === 0) return;
  const account = await scope.db.selectFrom('accounts').select(['timeZone']).where('id', '=', scope.accountId).executeTakeFirstOrThrow();
  const at = now.toISOString();
  // Until the campaign is sent these are placeholders: sending sets the due time, give-up time and day.
  const giveUpAt = new Date(now.getTime() + campaign.validityMinutes * 60_000).toISOString();
  const statDay = dayInTimeZone(now, account.timeZone);
  const codes: { linkId: number; messageId: number; code: string }[] = [];
  for (let i = 0; i < accepted.length; i += INSERT_CHUNK) {
    const chunk = accepted.slice(i, i + INSERT_CHUNK);
    const rows = await scope.db
      .insertInto('messages')
      .values(
        chunk.map((a) => ({
          accountId: scope.accountId,
          channel: 'sms',
          source: campaign.source,
          status: channelStatuses('sms').waiting,
          dueAt: null,
          giveUpAt,
          recipient: a.e164,
          sender: campaign.sender,
          statDay,
          trackOpens: 0,
          trackClicks: 0,
          createdAt: at,
          scheduledAt: null,
          campaignId: campaign.id,
          segments: a.segments,
          costMicros: a.costMicros,
          country: a.country,
          operator: a.operator,
          contactId: a.contactId,
        })),
      )
      .returning('id')
      .execute();
    // Multi-row INSERT … RETURNING gives ids in row order on SQLite and PostgreSQL.
    await scope.db.insertInto('messageContents').values(chunk.map((a, k) => ({ messageId: rows[k]!.id, html: null, text: a.text }))).execute();
    chunk.forEach((a, k) => {
      const id = rows[k]!.id;
      results[a.index]!.messageId = id;
      for (const c of a.codes) codes.push({ linkId: c.linkId, messageId: id, code: c.code });
    });
  }
  if (codes.length > 0) await recordRecipientCodes(scope.db, codes);
}
