import type { AccountScope } from '../../context.js';

export interface GroupCounts {
  total: number;
  permitted: number;
  dormant: number;
  excluded: number;
  /** Contacts whose email address hard-bounced. */
  invalid: number;
}

export interface ContactGroup {
  id: number;
  /** Shared by same-named groups across offices. */
  commonId: number;
  name: string;
  officeId: number;
  counts: GroupCounts;
}

export interface CreateGroupsInput {
  name: string;
  /** Office ids, or 'all' for every office of the account. */
  offices: number[] | 'all';
}

const todo = (): never => {
  throw new Error('not implemented yet');
};

export async function listGroups(_scope: AccountScope, _filter: { officeId?: number }): Promise<ContactGroup[]> { return todo(); }
export async function getGroup(_scope: AccountScope, _id: number): Promise<ContactGroup> { return todo(); }
/** name required, ≤ 40 chars. One group per office, all with the same common id. */
export async function createGroups(_scope: AccountScope, _input: CreateGroupsInput): Promise<ContactGroup[]> { return todo(); }
export async function updateGroup(_scope: AccountScope, _id: number, _patch: { name?: string }): Promise<ContactGroup> { return todo(); }
/** Removes the group and its memberships; contacts stay. */
export async function deleteGroup(_scope: AccountScope, _id: number): Promise<void> { return todo(); }
