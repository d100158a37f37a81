/** Short links as the link module and campaign/getLinks answer them, numbers converted. */
import { numberOf, numberOrNull, objectOf, stringOf, stringOrNull, type RawObject } from './values.js';

/** A link of campaign/getLinks (and link/getLinks). */
export interface CampaignLink {
  id: number;
  code: string;
  fullLink: string;
  shortLink: string;
  clickCnt: number;
  redirectCnt: number;
  comment: string | null;
  raw: RawObject;
}

/** A link of link/create, get and list. */
export interface ShortLink extends CampaignLink {
  /** 1 active, 0 inactive. */
  status: number | null;
  moderatorStatus: number | null;
  createTs: string | null;
  expirationDate: string | null;
  moderatorComment: string | null;
}

export function linkOfCampaign(value: unknown): CampaignLink {
  const raw = objectOf(value);
  return {
    id: numberOf(raw.id),
    code: stringOf(raw.code),
    fullLink: stringOf(raw.fullLink),
    shortLink: stringOf(raw.shortLink),
    clickCnt: numberOrNull(raw.clickCnt) ?? 0,
    redirectCnt: numberOrNull(raw.redirectCnt) ?? 0,
    comment: stringOrNull(raw.comment),
    raw,
  };
}

export function shortLinkOf(value: unknown): ShortLink {
  const raw = objectOf(value);
  return {
    ...linkOfCampaign(raw),
    status: numberOrNull(raw.status),
    moderatorStatus: numberOrNull(raw.moderatorStatus),
    createTs: stringOrNull(raw.createTs),
    expirationDate: stringOrNull(raw.expirationDate),
    moderatorComment: stringOrNull(raw.moderatorComment),
  };
}
