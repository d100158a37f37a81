/**
 * Short links in SMS campaigns. Before a campaign's recipients are added, prepareCampaignLinks
 * finds the account's short links in its text (shortenLinks=1 first turns every other http(s) URL
 * into a new short link of the campaign). With trackShortLinkRecipients=1 each recipient's message
 * then gets personaliseLinks: every short link replaced by one of its own, with a code of the same
 * length — the text keeps its length, so segments and costs counted on the campaign text stay
 * exact — and recordRecipientCodes stores which message each code belongs to.
 */
import type { AccountScope } from '../../context.js';
import type { Db } from '../../../store/database.js';
import { NotFoundError } from '../../errors.js';
import { isRecipientCode, linkBase, newRecipientCode, shortLinkUrl } from './codes.js';
import { safeHttpUrl } from './full-link.js';
import { createLink, type ShortLinkRow } from './links.js';

export interface CampaignLink {
  id: number;
  code: string;
  shortLink: string;
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+/gi;
/** Sentence punctuation right after a URL belongs to the sentence, not the URL. */
const TRAILING_PUNCTUATION = /^[.,;:!?'")\]]$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The URLs of a text with where they are, trailing punctuation left out (a `)` only when unbalanced). */
function urlsIn(text: string): { url: string; index: number }[] {
  const out: { url: string; index: number }[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    let url = m[0];
    while (TRAILING_PUNCTUATION.test(url.slice(-1))) {
      const opened = url.split('(').length - 1;
      const closed = url.split(')').length - 1;
      if (url.endsWith(')') && closed <= opened) break;
      url = url.slice(0, -1);
    }
    out.push({ url, index: m.index ?? 0 });
  }
  return out;
}

/** Codes of `${publicUrl}/s/<code>` links in a text, in order, each once. */
function shortLinkCodesIn(text: string, publicUrl: string): string[] {
  const pattern = new RegExp(`${escapeRegExp(linkBase(publicUrl))}/s/([A-Za-z0-9]+)(?![A-Za-z0-9])`, 'g');
  return [...new Set([...text.matchAll(pattern)].map((m) => m[1] ?? ''))];
}

/**
 * The account's short links found in `text`; with `shorten`, every other http(s) URL is first
 * replaced by a new short link of the account (campaignId set; one per distinct URL). URLs with a
 * `{placeholder}` are left alone: each recipient's filled URL differs, and one link cannot hold them.
 */
export async function prepareCampaignLinks(db: Db, input: { accountId: number; campaignId: number; text: string; publicUrl: string; shorten: boolean }): Promise<{ text: string; links: CampaignLink[] }> {
  const scope: AccountScope = { db, accountId: input.accountId };
  const base = `${linkBase(input.publicUrl)}/s/`;
  let text = input.text;
  if (input.shorten) {
    const created = new Map<string, string>();
    let out = '';
    let last = 0;
    for (const { url, index } of urlsIn(text)) {
      if (url.startsWith(base) || /[{}]/.test(url) || safeHttpUrl(url) === null) continue;
      let short = created.get(url);
      if (short === undefined) {
        const link = await createLink(scope, { fullLink: url, campaignId: input.campaignId });
        short = shortLinkUrl(input.publicUrl, link.code);
        created.set(url, short);
      }
      out += text.slice(last, index) + short;
      last = index + url.length;
    }
    text = out + text.slice(last);
  }
  const codes = shortLinkCodesIn(text, input.publicUrl).filter((code) => !isRecipientCode(code));
  if (codes.length === 0) return { text, links: [] };
  const rows = await db.selectFrom('shortLinks').select(['id', 'code']).where('accountId', '=', input.accountId).where('code', 'in', codes).execute();
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const links = codes.flatMap((code) => {
    const row = byCode.get(code);
    return row ? [{ id: row.id, code: row.code, shortLink: shortLinkUrl(input.publicUrl, row.code) }] : [];
  });
  return { text, links };
}

/**
 * Each link's short link in `text` replaced by a per-recipient one of the same length (one code
 * per link, used for all its occurrences); the codes to record. Links absent from the text get no
 * code. No database: codes are random (codes.ts keeps them apart from link codes).
 */
export function personaliseLinks(text: string, links: readonly CampaignLink[], publicUrl: string): { text: string; codes: { linkId: number; code: string }[] } {
  const codes: { linkId: number; code: string }[] = [];
  let out = text;
  for (const link of links) {
    const pattern = new RegExp(`${escapeRegExp(link.shortLink)}(?![A-Za-z0-9])`, 'g');
    if (!pattern.test(out)) continue;
    const code = newRecipientCode(link.code.length);
    // The link's own prefix keeps the length exact even if publicUrl is spelt differently.
    const prefix = link.shortLink.endsWith(link.code) ? link.shortLink.slice(0, link.shortLink.length - link.code.length) : `${linkBase(publicUrl)}/s/`;
    out = out.replace(pattern, () => `${prefix}${code}`);
    codes.push({ linkId: link.id, code });
  }
  return { text: out, codes };
}

/** Rows per insert: far under both drivers' bound-parameter limits. */
const INSERT_CHUNK = 500;

/**
 * Stores which message each per-recipient code belongs to. A code already taken (odds about
 * n²/2·62^8 over all codes ever drawn) is skipped rather than failing the campaign: that one
 * recipient's clicks then count on the earlier owner.
 */
export async function recordRecipientCodes(db: Db, rows: readonly { linkId: number; messageId: number; code: string }[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => ({ linkId: r.linkId, messageId: r.messageId, code: r.code }));
    await db
      .insertInto('shortLinkRecipients')
      .values(chunk)
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
}

/**
 * The links of a campaign (Mobizon GetLinks): the account's links appearing in its text and those
 * made by shortening it. NotFoundError when the campaign is not the account's.
 */
export async function campaignLinks(scope: AccountScope, campaignId: number, publicUrl: string): Promise<ShortLinkRow[]> {
  const campaign = await scope.db.selectFrom('smsCampaigns').select(['id', 'text']).where('id', '=', campaignId).where('accountId', '=', scope.accountId).executeTakeFirst();
  if (!campaign) throw new NotFoundError('Campaign', campaignId);
  const codes = shortLinkCodesIn(campaign.text, publicUrl).filter((code) => !isRecipientCode(code));
  return scope.db
    .selectFrom('shortLinks')
    .selectAll()
    .where('accountId', '=', scope.accountId)
    .where((eb) => (codes.length === 0 ? eb('campaignId', '=', campaignId) : eb.or([eb('campaignId', '=', campaignId), eb('code', 'in', codes)])))
    .orderBy('id')
    .execute();
}
