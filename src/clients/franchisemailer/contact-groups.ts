/** Contact Groups API: per-office groups; same-named groups of different offices share a common id. */
import type { Call } from './call.js';
import { member, members, parseContactGroup, parseContactGroupSummary } from './parse.js';
import { pathId, toParams } from './params.js';
import type { ContactGroup, ContactGroupInput, ContactGroupSummary, IdInput, NewContactGroup } from './types.js';

export class ContactGroups {
  constructor(private readonly call: Call) {}

  /** GET /contactgroups?office={office_id}; without an office, the groups of every office (as Herald answers). */
  async list(query: { office?: IdInput } = {}): Promise<ContactGroup[]> {
    const params = query.office === undefined ? undefined : toParams({ office: query.office });
    return members((await this.call('GET', '/contactgroups', params)).data, 'contact_groups').map(parseContactGroup);
  }

  /** POST /contactgroups: one group per listed office (0 = every office), returned without counts. */
  async create(group: NewContactGroup): Promise<ContactGroupSummary[]> {
    return members((await this.call('POST', '/contactgroups', toParams(group))).data, 'contact_groups').map(parseContactGroupSummary);
  }

  /** GET /contactgroups/{group_id} */
  async get(groupId: IdInput): Promise<ContactGroup> {
    return parseContactGroup(member((await this.call('GET', `/contactgroups/${pathId(groupId)}`)).data, 'contact_group'));
  }

  /** PUT /contactgroups/{group_id} */
  async update(groupId: IdInput, changes: ContactGroupInput): Promise<ContactGroup> {
    return parseContactGroup(member((await this.call('PUT', `/contactgroups/${pathId(groupId)}`, toParams(changes))).data, 'contact_group'));
  }

  /** DELETE /contactgroups/{group_id} */
  async delete(groupId: IdInput): Promise<void> {
    await this.call('DELETE', `/contactgroups/${pathId(groupId)}`);
  }
}
