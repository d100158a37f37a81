/**
 * contactgroup/* and price/listPublic: what mobizon-node calls (createGroup, deleteGroup,
 * listGroups, getPrices) though Mobizon does not document them publicly (docs/protocols/mobizon.md §Methods); the
 * shapes are Herald's reading of them.
 */
import type { MobizonCaller } from './client.js';
import { listOf, numberOf, numberOrNull, objectOf, pageOf, stringOf, type Page, type Pagination, type RawObject, type Sort } from './values.js';

export interface ContactGroup {
  id: number;
  name: string;
  cardsCnt: number | null;
  raw: RawObject;
}

export interface PublicPrice {
  countryA2: string;
  operatorName: string;
  price: number | null;
  currency: string;
  raw: RawObject;
}

export interface PublicPrices {
  priceGroups: unknown[];
  prices: PublicPrice[];
  raw: RawObject;
}

function groupOf(value: unknown): ContactGroup {
  const raw = objectOf(value);
  return { id: numberOf(raw.id), name: stringOf(raw.name), cardsCnt: numberOrNull(raw.cardsCnt), raw };
}

export class ContactgroupModule {
  constructor(private readonly client: MobizonCaller) {}

  /** contactgroup/create → the new group's id (what campaign/addRecipients takes in recipientGroups). */
  async create(data: { name: string }): Promise<number> {
    return numberOf((await this.client.call('contactgroup', 'create', { data })).data);
  }

  async delete(id: number | string): Promise<boolean> {
    return (await this.client.call('contactgroup', 'delete', { id })).data === true;
  }

  async list(params: { criteria?: { name?: string }; pagination?: Pagination; sort?: Sort<'id' | 'name' | 'cardsCnt'> } = {}): Promise<Page<ContactGroup>> {
    return pageOf((await this.client.call('contactgroup', 'list', { ...params })).data, groupOf);
  }
}

export class PriceModule {
  constructor(private readonly client: MobizonCaller) {}

  async listPublic(params: { countryA2?: string; currency?: string; language?: string } = {}): Promise<PublicPrices> {
    const raw = objectOf((await this.client.call('price', 'listPublic', { ...params })).data);
    const prices = listOf(raw.prices).map((item) => {
      const p = objectOf(item);
      return { countryA2: stringOf(p.countryA2), operatorName: stringOf(p.operatorName), price: numberOrNull(p.price), currency: stringOf(p.currency), raw: p };
    });
    return { priceGroups: listOf(raw.priceGroups), prices, raw };
  }
}
