/**
 * An account's short links (Mobizon link module): create, get by id / code / short link, update,
 * delete. The short link itself is `${publicUrl}/s/<code>` (codes.ts); listing and statistics are in
 * list.ts and stats.ts, the redirect's bookkeeping in follow.ts.
 */
import type { Selectable } from 'kysely';
import type { AccountScope } from '../../context.js';
import { nowIso } from '../../clock.js';
import { IssueList, NotFoundError, ValidationError } from '../../errors.js';
import type { ShortLinkTable } from '../../../store/schema-sms.js';
import { isUniqueViolation } from '../../../store/constraint-errors.js';
import { codeOfShortLink, isCodeShaped, newLinkCode } from './codes.js';
import { normaliseFullLink } from './full-link.js';
import { parseExpirationDate, parseLinkStatus } from './validity.js';

export type ShortLinkRow = Selectable<ShortLinkTable>;

export const COMMENT_MAX_LENGTH = 255;

/** Attempts at drawing a free code before giving up (each collision is ~1 in 10^14 at first). */
const CODE_ATTEMPTS = 8;

export interface LinkInput {
  fullLink: string;
  /** 0 inactive, 1 active (default). */
  status?: string | number;
  /** YYYY-MM-DD, last day the link redirects; empty/null: never expires. */
  expirationDate?: string | null;
  comment?: string | null;
  /** Set for links made by shortening a campaign's text. */
  campaignId?: number | null;
}

export interface LinkUpdate {
  status?: string | number;
  expirationDate?: string | null;
  comment?: string | null;
  fullLink?: string;
}

/** One of the three ways Mobizon's link/get names a link. */
export type LinkRef = { id: number } | { code: string } | { shortLink: string };

function checkedComment(comment: string | null | undefined, issues: IssueList): string | undefined {
  if (comment === undefined) return undefined;
  const text = comment ?? '';
  if (text.length > COMMENT_MAX_LENGTH) issues.add('comment', 'too_long', `The comment is longer than ${COMMENT_MAX_LENGTH} characters.`);
  return text;
}

/** Runs a parser, moving its ValidationError into `issues` so every field is reported at once. */
function collect<T>(issues: IssueList, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const i of err.issues) issues.add(i.field, i.code, i.message);
    return undefined;
  }
}

/** Creates a link with a fresh code; ValidationError for a bad field. */
export async function createLink(scope: AccountScope, input: LinkInput): Promise<ShortLinkRow> {
  const issues = new IssueList();
  const fullLink = collect(issues, () => normaliseFullLink(input.fullLink));
  const status = input.status === undefined || input.status === '' ? 1 : collect(issues, () => parseLinkStatus(input.status ?? 1));
  const expirationDate = collect(issues, () => parseExpirationDate(input.expirationDate));
  const comment = checkedComment(input.comment, issues) ?? '';
  issues.throwIfAny();
  const now = nowIso();
  for (let attempt = 0; ; attempt++) {
    const code = newLinkCode();
    try {
      return await scope.db
        .insertInto('shortLinks')
        .values({ accountId: scope.accountId, campaignId: input.campaignId ?? null, code, fullLink: fullLink ?? '', status: status ?? 1, expirationDate: expirationDate ?? null, comment, createdAt: now, updatedAt: now })
        .returningAll()
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (!isUniqueViolation(err) || attempt + 1 >= CODE_ATTEMPTS) throw err;
    }
  }
}

/** The account's link, or NotFoundError. */
export async function getLink(scope: AccountScope, ref: LinkRef): Promise<ShortLinkRow> {
  const found = await findLink(scope, ref);
  if (!found) throw new NotFoundError('Short link', 'id' in ref ? ref.id : 'code' in ref ? ref.code : ref.shortLink);
  return found;
}

export async function findLink(scope: AccountScope, ref: LinkRef): Promise<ShortLinkRow | undefined> {
  let query = scope.db.selectFrom('shortLinks').selectAll().where('accountId', '=', scope.accountId);
  if ('id' in ref) {
    query = query.where('id', '=', ref.id);
  } else {
    const code = 'code' in ref ? ref.code.trim() : codeOfShortLink(ref.shortLink);
    if (code === null || !isCodeShaped(code)) return undefined;
    query = query.where('code', '=', code);
  }
  return query.executeTakeFirst();
}

/** Changes the given fields (absent = keep; an empty expiration date removes it). */
export async function updateLink(scope: AccountScope, id: number, update: LinkUpdate): Promise<ShortLinkRow> {
  const issues = new IssueList();
  const values: { status?: number; expirationDate?: string | null; comment?: string; fullLink?: string } = {};
  if (update.status !== undefined) {
    const status = collect(issues, () => parseLinkStatus(update.status ?? ''));
    if (status !== undefined) values.status = status;
  }
  if (update.expirationDate !== undefined) {
    const date = collect(issues, () => parseExpirationDate(update.expirationDate));
    if (date !== undefined) values.expirationDate = date;
  }
  const comment = checkedComment(update.comment, issues);
  if (comment !== undefined) values.comment = comment;
  if (update.fullLink !== undefined) {
    const fullLink = collect(issues, () => normaliseFullLink(update.fullLink ?? ''));
    if (fullLink !== undefined) values.fullLink = fullLink;
  }
  issues.throwIfAny();
  const updated = await scope.db
    .updateTable('shortLinks')
    .set({ ...values, updatedAt: nowIso() })
    .where('id', '=', id)
    .where('accountId', '=', scope.accountId)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new NotFoundError('Short link', id);
  return updated;
}

/** Deletes the account's links among `ids` (with their recipient codes and hits); the rest are not processed. */
export async function deleteLinks(scope: AccountScope, ids: readonly number[]): Promise<{ processed: number[]; notProcessed: number[] }> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return { processed: [], notProcessed: [] };
  return scope.db.transaction().execute(async (trx) => {
    const owned = await trx.selectFrom('shortLinks').select('id').where('accountId', '=', scope.accountId).where('id', 'in', wanted).execute();
    const processed = owned.map((r) => r.id);
    if (processed.length > 0) {
      // Explicitly, not only by the foreign keys' cascade: SQLite enforces those only when enabled.
      await trx.deleteFrom('shortLinkHits').where('linkId', 'in', processed).execute();
      await trx.deleteFrom('shortLinkRecipients').where('linkId', 'in', processed).execute();
      await trx.deleteFrom('shortLinks').where('id', 'in', processed).execute();
    }
    const done = new Set(processed);
    return { processed: wanted.filter((id) => done.has(id)), notProcessed: wanted.filter((id) => !done.has(id)) };
  });
}
