/** The link module (docs/protocols/mobizon.md §Methods; the Mobizon docs' link/*): short links and their statistics. */
import type { MobizonCaller } from './client.js';
import type { MobizonParamValue } from './form.js';
import { linkOfCampaign, shortLinkOf, type CampaignLink, type ShortLink } from './link-types.js';
import { listOf, numberOf, objectOf, pageOf, stringOf, type Page, type Pagination, type RawObject, type Sort } from './values.js';

export type LinkData = {
  [key: string]: MobizonParamValue;
  fullLink?: string;
  /** 1 active, 0 inactive. */
  status?: 0 | 1;
  /** `YYYY-MM-DD`; "" removes it (update). */
  expirationDate?: string;
  comment?: string;
};

/** A link is named by exactly one of these. */
export type LinkRef = { id: number | string } | { code: string } | { shortLink: string };

export type LinkListParams = {
  criteria?: { [key: string]: MobizonParamValue; status?: 0 | 1; moderatorStatus?: 0 | 1; createTsFrom?: string; createTsTo?: string; query?: string };
  pagination?: Pagination;
  sort?: Sort<'id' | 'createTs' | 'expirationDate' | 'clickCnt' | 'redirectCnt' | 'code' | 'fullLink'>;
};

export type StatsType = 'monthly' | 'daily' | 'hourly' | 'minute';

/** link/getStats: a row per period, the figures of the i-th link at index i. */
export interface LinkStats {
  periods: { param: string; clicks: number[]; redirects: number[] }[];
  totals: { clicks: number[]; redirects: number[] };
  raw: RawObject;
}

export interface LinkDeleteResult {
  processed: string[];
  notProcessed: string[];
  raw: unknown;
}

function series(row: RawObject, prefix: string, count: number): number[] {
  return Array.from({ length: count }, (_, i) => numberOf(row[`${prefix}${i}`]));
}

export class LinkModule {
  constructor(private readonly client: MobizonCaller) {}

  async create(data: LinkData & { fullLink: string }): Promise<ShortLink> {
    return shortLinkOf((await this.client.call('link', 'create', { data })).data);
  }

  async get(ref: LinkRef): Promise<ShortLink> {
    return shortLinkOf((await this.client.call('link', 'get', { ...ref })).data);
  }

  async list(params: LinkListParams = {}): Promise<Page<ShortLink>> {
    return pageOf((await this.client.call('link', 'list', { ...params })).data, shortLinkOf);
  }

  /** link/update → the short link (Herald and the docs) or `true`; returned as sent. */
  async update(id: number | string, data: LinkData): Promise<string | boolean> {
    const answer = (await this.client.call('link', 'update', { id, data })).data;
    return typeof answer === 'string' || typeof answer === 'boolean' ? answer : true;
  }

  /** link/delete: `{processed, notProcessed}` with the ids as the service echoes them; `true` reads as all processed. */
  async delete(ids: readonly (number | string)[]): Promise<LinkDeleteResult> {
    const data = (await this.client.call('link', 'delete', { ids })).data;
    if (data === true) return { processed: ids.map(String), notProcessed: [], raw: data };
    const raw = objectOf(data);
    return { processed: listOf(raw.processed).map(stringOf), notProcessed: listOf(raw.notProcessed).map(stringOf), raw: data };
  }

  /** link/getStats: up to 5 links per call. */
  async getStats(ids: readonly (number | string)[], type: StatsType, criteria: { dateFrom?: string; dateTo?: string } = {}): Promise<LinkStats> {
    const params = Object.keys(criteria).length > 0 ? { ids, type, criteria } : { ids, type };
    const raw = objectOf((await this.client.call('link', 'getStats', params)).data);
    const totals = objectOf(raw.totals);
    return {
      periods: listOf(raw.items).map((item) => {
        const row = objectOf(item);
        return { param: stringOf(row.param), clicks: series(row, 'clicks', ids.length), redirects: series(row, 'redirects', ids.length) };
      }),
      totals: { clicks: series(totals, 'totalClicks', ids.length), redirects: series(totals, 'totalRedirects', ids.length) },
      raw,
    };
  }

  /** link/getLinks: the links of a campaign (the same answer as campaign/getLinks). */
  async getLinks(campaignId: number | string): Promise<CampaignLink[]> {
    return listOf((await this.client.call('link', 'getLinks', { campaignId })).data).map(linkOfCampaign);
  }
}
