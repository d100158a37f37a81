/** Offices API: stores, branches, restaurants, outlets. */
import type { Call } from './call.js';
import { member, members, parseOffice } from './parse.js';
import { pathId, toParams } from './params.js';
import type { IdInput, NewOffice, Office, OfficeInput } from './types.js';

export class Offices {
  constructor(private readonly call: Call) {}

  /** GET /offices */
  async list(): Promise<Office[]> {
    return members((await this.call('GET', '/offices')).data, 'offices').map(parseOffice);
  }

  /** POST /offices */
  async create(office: NewOffice): Promise<Office> {
    return parseOffice(member((await this.call('POST', '/offices', toParams(office))).data, 'office'));
  }

  /** GET /offices/{office_id} */
  async get(officeId: IdInput): Promise<Office> {
    return parseOffice(member((await this.call('GET', `/offices/${pathId(officeId)}`)).data, 'office'));
  }

  /** PUT /offices/{office_id}: only the fields given change. */
  async update(officeId: IdInput, changes: OfficeInput): Promise<Office> {
    return parseOffice(member((await this.call('PUT', `/offices/${pathId(officeId)}`, toParams(changes))).data, 'office'));
  }

  /** DELETE /offices/{office_id} */
  async delete(officeId: IdInput): Promise<void> {
    await this.call('DELETE', `/offices/${pathId(officeId)}`);
  }
}
