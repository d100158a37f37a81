/**
 * The `link` module: an account's short links (create, get, update, delete) and the links of a
 * campaign (link/getLinks, also served as campaign/getLinks). Listing and statistics are in
 * link-list.ts. Field names, codes and shapes follow the official documentation (mobizon-api-docs
 * `link/api/*.md`); numbers are strings as the live service writes them.
 */
import { accountTimeZone } from '../../core/accounts/settings.js';
import { shortLinkUrl } from '../../core/sms/links/codes.js';
import { campaignLinks } from '../../core/sms/links/campaign-links.js';
import { createLink, deleteLinks, getLink, updateLink, type LinkRef, type LinkUpdate, type ShortLinkRow } from '../../core/sms/links/links.js';
import { MobizonCode } from './codes.js';
import { MobizonError, success } from './envelope.js';
import { listParam, param, stringParam, type ParamMap } from './params.js';
import type { MobizonHandler } from './registry.js';
import { mobizonTime } from '../../wire/mobizon-time.js';


/**
 * A link as link/get documents it (in its order), plus redirectCnt (getLinks has it). Herald has
 * no link moderation: every link is approved (moderatorStatus "1", moderatorComment null). An
 * empty comment is null, as documented.
 */
export function linkObject(link: ShortLinkRow, publicUrl: string, timeZone: string) {
  return {
    id: String(link.id),
    status: String(link.status),
    moderatorStatus: '1',
    clickCnt: String(link.clickCnt),
    redirectCnt: String(link.redirectCnt),
    createTs: mobizonTime(link.createdAt, timeZone),
    expirationDate: link.expirationDate,
    code: link.code,
    fullLink: link.fullLink,
    shortLink: shortLinkUrl(publicUrl, link.code),
    comment: link.comment === '' ? null : link.comment,
    moderatorComment: null,
  };
}

/** A field of `data[…]` as a string; an array there is a validation error, absent is undefined. */
function dataField(params: ParamMap, field: string): string | undefined {
  const value = param(params, 'data', field);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new MobizonError(MobizonCode.VALIDATION, `data[${field}] must be a value, not an array`, { [field]: ['Give a single value.'] });
  return value;
}

/** link/create: data[fullLink] (required: code 11 without it), data[status|expirationDate|comment] → the link. */
export const createLinkMethod: MobizonHandler = async (ctx, scope, params) => {
  const fullLink = dataField(params, 'fullLink');
  if (fullLink === undefined || fullLink.trim() === '') throw new MobizonError(MobizonCode.REQUIRED_MISSING, 'data[fullLink] is required', { fullLink: ['The full link is required.'] });
  const status = dataField(params, 'status');
  const expirationDate = dataField(params, 'expirationDate');
  const comment = dataField(params, 'comment');
  const link = await createLink(scope, {
    fullLink,
    ...(status !== undefined ? { status } : {}),
    ...(expirationDate !== undefined ? { expirationDate } : {}),
    ...(comment !== undefined ? { comment } : {}),
  });
  // The docs list id, code and shortLink; the whole object carries them and what a client shows next.
  return success(linkObject(link, ctx.core.publicUrl, await accountTimeZone(scope)));
};

/** The id, code or shortLink a request names a link by; code 12 when it names none. */
function linkRefOf(params: ParamMap): LinkRef {
  const id = stringParam(params, 'id')?.trim();
  if (id) return { id: /^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : -1 };
  const code = stringParam(params, 'code')?.trim();
  if (code) return { code };
  const shortLink = stringParam(params, 'shortLink')?.trim();
  if (shortLink) return { shortLink };
  throw new MobizonError(MobizonCode.CONSTRAINT, 'one of id, code or shortLink is required');
}

/** link/get: id | code | shortLink → the link; code 2 when it is not the account's. */
export const getLinkMethod: MobizonHandler = async (ctx, scope, params) => {
  const link = await getLink(scope, linkRefOf(params));
  return success(linkObject(link, ctx.core.publicUrl, await accountTimeZone(scope)));
};

function idOf(params: ParamMap, name: string): number {
  const raw = stringParam(params, name)?.trim();
  if (!raw) throw new MobizonError(MobizonCode.REQUIRED_MISSING, `${name} is required`);
  // Not a number: no such record (2), the same answer as an id of another account.
  return /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : -1;
}

/**
 * link/update: id, data[status|expirationDate|comment] → the short link (a string, as the docs'
 * "Server Response: string – Short link"). An empty data[expirationDate] removes the date.
 */
export const updateLinkMethod: MobizonHandler = async (ctx, scope, params) => {
  const id = idOf(params, 'id');
  const update: LinkUpdate = {};
  const status = dataField(params, 'status');
  if (status !== undefined) update.status = status;
  const expirationDate = dataField(params, 'expirationDate');
  if (expirationDate !== undefined) update.expirationDate = expirationDate;
  const comment = dataField(params, 'comment');
  if (comment !== undefined) update.comment = comment;
  const link = await updateLink(scope, id < 0 ? 0 : id, update);
  return success(shortLinkUrl(ctx.core.publicUrl, link.code));
};

/**
 * link/delete: ids[] (or a comma list) → {processed, notProcessed} with the ids as sent; ids that
 * are not the account's links (or not numbers) are not processed. Code 11 without ids.
 */
export const deleteLinkMethod: MobizonHandler = async (_ctx, scope, params) => {
  const raw = listParam(params.get('ids')).map((s) => s.trim()).filter((s) => s !== '');
  if (raw.length === 0) throw new MobizonError(MobizonCode.REQUIRED_MISSING, 'ids is required');
  const numeric = raw.filter((s) => /^\d+$/.test(s) && Number.isSafeInteger(Number(s))).map(Number);
  const result = await deleteLinks(scope, numeric);
  const done = new Set(result.processed.map(String));
  const unique = [...new Set(raw)];
  return success({ processed: unique.filter((s) => done.has(String(Number(s)))), notProcessed: unique.filter((s) => !done.has(String(Number(s)))) });
};

/** link/getLinks and campaign/getLinks: campaignId → [{id, code, fullLink, shortLink, clickCnt, redirectCnt, comment}]; code 2 for a campaign not the account's. */
export const getCampaignLinksMethod: MobizonHandler = async (ctx, scope, params) => {
  const campaignId = idOf(params, 'campaignId');
  const links = await campaignLinks(scope, campaignId < 0 ? 0 : campaignId, ctx.core.publicUrl);
  return success(
    links.map((l) => ({
      id: String(l.id),
      code: l.code,
      fullLink: l.fullLink,
      shortLink: shortLinkUrl(ctx.core.publicUrl, l.code),
      clickCnt: String(l.clickCnt),
      redirectCnt: String(l.redirectCnt),
      comment: l.comment === '' ? null : l.comment,
    })),
  );
};

