/**
 * The `contactgroup` module, which mobizon-node calls (createGroup, deleteGroup, listGroups) though
 * Mobizon does not document it publicly. A Mobizon account has one contact book; a Herald account
 * keeps groups per office, so a group created here goes into the account's default office (its first, created on first need), and the
 * list shows every office's groups. The ids are the ones campaign/addRecipients takes in
 * recipientGroups.
 */
import { createGroups, deleteGroup, listGroups } from '../../core/audience/groups/groups.js';
import { defaultOfficeId } from '../../core/audience/offices/offices.js';
import { MobizonCode } from './codes.js';
import { MobizonError, success } from './envelope.js';
import { listResult, pageOf, sortOf } from './list-params.js';
import { stringParam } from './params.js';
import type { MobizonHandler } from './registry.js';

const SORT_FIELDS = ['id', 'name', 'cardsCnt'] as const;

/** contactgroup/create: `data[name]` → the new group's id as a string. */
export const createContactGroupMethod: MobizonHandler = async (_ctx, scope, params) => {
  const name = stringParam(params, 'data', 'name') ?? stringParam(params, 'name');
  if (name === undefined || name.trim() === '') throw new MobizonError(MobizonCode.VALIDATION, 'The group name is required', { name: ['The group name is required.'] });
  const [group] = await createGroups(scope, { name, offices: [await defaultOfficeId(scope)] });
  return success(String(group!.id));
};

/** contactgroup/delete: `id` → true. */
export const deleteContactGroupMethod: MobizonHandler = async (_ctx, scope, params) => {
  const raw = stringParam(params, 'id')?.trim() ?? '';
  if (!/^\d+$/.test(raw)) throw new MobizonError(MobizonCode.REQUIRED_MISSING, 'id is required');
  await deleteGroup(scope, Number(raw));
  return success(true);
};

/** contactgroup/list: criteria[name] (contains), pagination, sort → {items:[{id, name, cardsCnt}], totalItemCount}. */
export const listContactGroupsMethod: MobizonHandler = async (_ctx, scope, params) => {
  const page = pageOf(params);
  const sort = sortOf(params, SORT_FIELDS) ?? { field: 'id', direction: 'asc' };
  const needle = stringParam(params, 'criteria', 'name')?.trim().toLowerCase() ?? '';
  const groups = (await listGroups(scope, {})).filter((g) => needle === '' || g.name.toLowerCase().includes(needle));
  const key = (g: (typeof groups)[number]): string | number => (sort.field === 'name' ? g.name.toLowerCase() : sort.field === 'cardsCnt' ? g.counts.total : g.id);
  groups.sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = x < y ? -1 : x > y ? 1 : a.id - b.id;
    return sort.direction === 'asc' ? order : -order;
  });
  const items = groups.slice(page.offset, page.offset + page.limit).map((g) => ({ id: String(g.id), name: g.name, cardsCnt: String(g.counts.total) }));
  return success(listResult(items, groups.length));
};
