import { Type, type Static } from '@sinclair/typebox';
import type { ShortLinkRow } from '../../core/sms/links/links.js';
import type { LinkStats } from '../../core/sms/links/stats.js';
import { shortLinkUrl } from '../../core/sms/links/codes.js';
import { COMMENT_MAX_LENGTH } from '../../core/sms/links/links.js';
import { FULL_LINK_MAX_LENGTH } from '../../core/sms/links/full-link.js';
import { Id, IsoTimestamp, inputObject, nullable, ref, Offset } from './common.schemas.js';

const CalendarDate = Type.String({ format: 'date' });

export const ShortLinkSchema = Type.Object(
  {
    id: Type.Integer(),
    campaignId: nullable(Type.Integer({ description: 'Set when the link was made by shortening that campaign\'s text' })),
    code: Type.String(),
    shortLink: Type.String({ description: '`{publicUrl}/s/{code}`: counts each click and redirects to fullLink while active and not expired' }),
    fullLink: Type.String(),
    active: Type.Boolean({ description: 'Switched on (Mobizon status 1)' }),
    expirationDate: nullable(Type.String({ format: 'date', description: 'Last day (account time zone) the link redirects' })),
    comment: Type.String(),
    clicks: Type.Integer({ description: 'Every GET of the short link and its per-recipient copies' }),
    redirects: Type.Integer({ description: 'Clicks that were redirected (the link was active and not expired)' }),
    createdAt: IsoTimestamp,
    updatedAt: IsoTimestamp,
  },
  { $id: 'ShortLink' },
);
export type ShortLinkDto = Static<typeof ShortLinkSchema>;

const writable = {
  fullLink: Type.String({ minLength: 1, maxLength: FULL_LINK_MAX_LENGTH, description: 'An http(s) URL; a bare host name gets `http://`' }),
  active: Type.Boolean({ default: true }),
  expirationDate: nullable(CalendarDate),
  comment: Type.String({ maxLength: COMMENT_MAX_LENGTH }),
};

export const ShortLinkCreate = inputObject(writable, ['fullLink'], { title: 'ShortLinkCreate' });
export const ShortLinkUpdate = inputObject(writable, [], { title: 'ShortLinkUpdate' });
export type ShortLinkCreateBody = Static<typeof ShortLinkCreate>;
export type ShortLinkUpdateBody = Static<typeof ShortLinkUpdate>;

export const SHORT_LINK_SORTS = ['createdAt', 'expirationDate', 'clicks', 'redirects', 'code', 'fullLink', 'id'] as const;

export const ShortLinkListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
    campaignId: Type.Optional(Id),
    search: Type.Optional(Type.String({ description: 'A link code, a per-recipient code, or text of the comment' })),
    createdFrom: Type.Optional(IsoTimestamp),
    createdTo: Type.Optional(IsoTimestamp),
    sort: Type.Optional(Type.Union(SHORT_LINK_SORTS.map((s) => Type.Literal(s)), { default: 'createdAt' })),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type ShortLinkListQueryType = Static<typeof ShortLinkListQuery>;

export const ShortLinkPage = Type.Object(
  {
    items: Type.Array(ref(ShortLinkSchema)),
    total: Type.Integer({ description: 'Links matching the filter, ignoring limit and offset.' }),
    limit: Type.Integer(),
    offset: Type.Integer(),
  },
  { description: 'One page of matching short links' },
);

export const ShortLinkStatsQuery = Type.Object(
  {
    type: Type.Optional(
      Type.Union([Type.Literal('monthly'), Type.Literal('daily'), Type.Literal('hourly'), Type.Literal('minute')], {
        default: 'daily',
        description: 'Period of each item; the window is at most 3 years, 90 days, 1 week or 3 hours',
      }),
    ),
    from: Type.Optional(IsoTimestamp),
    to: Type.Optional(IsoTimestamp),
  },
  { additionalProperties: false },
);
export type ShortLinkStatsQueryType = Static<typeof ShortLinkStatsQuery>;

export const ShortLinkStats = Type.Object(
  {
    type: Type.String(),
    from: nullable(IsoTimestamp),
    to: nullable(IsoTimestamp),
    items: Type.Array(
      Type.Object({
        period: Type.String({ description: '`YYYY-MM`, `YYYY-MM-DD`, `YYYY-MM-DD HH:00` or `YYYY-MM-DD HH:MM` in the account time zone' }),
        clicks: Type.Integer(),
        redirects: Type.Integer(),
      }),
    ),
    totals: Type.Object({ clicks: Type.Integer(), redirects: Type.Integer() }),
  },
  { description: 'Clicks and redirects per period (every period of the window, zeros included)' },
);

export function toShortLinkDto(link: ShortLinkRow, publicUrl: string): ShortLinkDto {
  return {
    id: link.id,
    campaignId: link.campaignId,
    code: link.code,
    shortLink: shortLinkUrl(publicUrl, link.code),
    fullLink: link.fullLink,
    active: link.status === 1,
    expirationDate: link.expirationDate,
    comment: link.comment,
    clicks: link.clickCnt,
    redirects: link.redirectCnt,
    createdAt: link.createdAt,
    updatedAt: link.updatedAt,
  };
}

export function toShortLinkStatsDto(stats: LinkStats): Static<typeof ShortLinkStats> {
  return {
    type: stats.type,
    from: stats.from,
    to: stats.to,
    items: stats.periods.map((p) => ({ period: p.period, clicks: p.clicks[0] ?? 0, redirects: p.redirects[0] ?? 0 })),
    totals: { clicks: stats.totals.clicks[0] ?? 0, redirects: stats.totals.redirects[0] ?? 0 },
  };
}
