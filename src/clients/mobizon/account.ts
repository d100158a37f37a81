/** The small modules of docs/protocols/mobizon.md §Methods: user (balance), taskqueue (background tasks), alphaname (sender ids). */
import type { MobizonCaller } from './client.js';
import { numberOf, numberOrNull, objectOf, pageOf, stringOf, stringOrNull, type Page, type Pagination, type RawObject } from './values.js';

export interface OwnBalance {
  balance: number;
  currency: string;
  raw: RawObject;
}

export interface TaskStatus {
  /** 0..100. */
  progress: number;
  /** 0 waiting, 1 running, 2 done, 3 rejected. */
  status: number;
  raw: RawObject;
}

export interface Alphaname {
  alphanameId: number;
  /** `alphaname.name` of the answer. */
  name: string;
  globalStatus: number | null;
  partnerStatus: number | null;
  description: string | null;
  isDefault: number | null;
  createTs: string | null;
  raw: RawObject;
}

export class UserModule {
  constructor(private readonly client: MobizonCaller) {}

  /** user/getOwnBalance (a GET without parameters, as mobizon-php sends it). */
  async getOwnBalance(): Promise<OwnBalance> {
    const raw = objectOf((await this.client.call('user', 'getOwnBalance')).data);
    return { balance: numberOf(raw.balance), currency: stringOf(raw.currency), raw };
  }
}

export class TaskqueueModule {
  constructor(private readonly client: MobizonCaller) {}

  async getStatus(id: number | string): Promise<TaskStatus> {
    const raw = objectOf((await this.client.call('taskqueue', 'getStatus', { id })).data);
    return { progress: numberOf(raw.progress), status: numberOf(raw.status), raw };
  }
}

function alphanameOf(value: unknown): Alphaname {
  const raw = objectOf(value);
  const inner = objectOf(raw.alphaname);
  return {
    alphanameId: numberOf(raw.alphanameId ?? raw.id),
    name: stringOf(inner.name ?? raw.name),
    globalStatus: numberOrNull(raw.globalStatus),
    partnerStatus: numberOrNull(raw.partnerStatus),
    description: stringOrNull(raw.description),
    isDefault: numberOrNull(raw.isDefault),
    createTs: stringOrNull(raw.createTs),
    raw,
  };
}

export class AlphanameModule {
  constructor(private readonly client: MobizonCaller) {}

  async list(params: { pagination?: Pagination } = {}): Promise<Page<Alphaname>> {
    return pageOf((await this.client.call('alphaname', 'list', params)).data, alphanameOf);
  }
}
