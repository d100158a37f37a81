import type { ContactInput } from '../../../core/audience/contacts/contacts.js';
import { MAX_ID, wholeNumberIn } from '../../../core/bounds.js';
import type { ContactCriterion } from '../../../core/audience/contacts/criteria.js';
import type { SfRequest } from '../common/router.js';
import { mergeInputs, type MemberTable } from './columns.js';
import { parseSynchroMember, type KeyValue, type SynchroMember } from './synchro-member.js';

/**
 * A call-level failure: the request itself is refused (HTTP 500 failure body, no job). The route
 * supplies the status code; handlers only say what is wrong and with which field or value.
 */
export class MemberCallError extends Error {
  constructor(readonly description: string, readonly fields: string) {
    super(description);
    this.name = 'MemberCallError';
  }
}

/** A path or query parameter; the router puts both forms' values in `params`. */
export function requiredParam(req: SfRequest, name: string): string {
  const v = req.params[name];
  if (v === undefined || v === '') throw new MemberCallError(`You must fill in the ${name} parameter`, name);
  return v;
}

/** A positive integer parameter (member id, page) up to `max`: a page stops where offsets do. */
export function idParam(req: SfRequest, name: string, max = MAX_ID): number {
  const raw = requiredParam(req, name);
  const n = wholeNumberIn(raw, 1, max);
  if (n !== null) return n;
  const tooLarge = max < MAX_ID && wholeNumberIn(raw, 1, MAX_ID) !== null;
  throw new MemberCallError(tooLarge ? `The ${name} parameter must be at most ${max}.` : `The ${name} parameter must be a positive integer.`, raw);
}

export function synchroMemberBody(req: SfRequest): SynchroMember {
  const parsed = parseSynchroMember(req.body);
  if (!parsed.ok) throw new MemberCallError(parsed.description, parsed.fields);
  return parsed.value;
}

/** memberUID criteria → core criteria. Unknown columns and columns that identify nothing are refused. */
export function toCriteria(table: MemberTable, pairs: readonly KeyValue[]): ContactCriterion[] {
  return pairs.map(({ key, value }) => {
    const col = table.find(key);
    if (!col) throw new MemberCallError(`Unknown field ${key} in memberUID.`, key);
    if (!col.criterion) throw new MemberCallError(`Field ${col.name} cannot be used in memberUID.`, key);
    return col.criterion(value);
  });
}

/** One column write → ContactInput; unknown and Herald-maintained columns are refused. */
export function toInput(table: MemberTable, key: string, value: string): ContactInput {
  const col = table.find(key);
  if (!col) throw new MemberCallError(`Unknown field ${key}.`, key);
  if (!col.write) throw new MemberCallError(`Field ${col.name} cannot be updated.`, key);
  return col.write(value);
}

export function dynContentInput(table: MemberTable, entries: readonly KeyValue[]): ContactInput {
  return mergeInputs(entries.map((e) => toInput(table, e.key, e.value)));
}

/**
 * Field values a new member takes from its memberUID: `EMAIL:a@b.c|LASTNAME:Smith` creates a@b.c
 * named Smith. Identity-only columns (MEMBER_ID) are skipped; the database assigns them.
 */
export function criteriaInput(table: MemberTable, pairs: readonly KeyValue[]): ContactInput {
  return mergeInputs(pairs.flatMap(({ key, value }) => {
    const col = table.find(key);
    return col?.write ? [col.write(value)] : [];
  }));
}

/** memberUID criteria, or the `<email>` element when there is no memberUID. */
export function identifyingCriteria(table: MemberTable, sm: SynchroMember): ContactCriterion[] {
  if (sm.criteria.length > 0) return toCriteria(table, sm.criteria);
  if (sm.email !== null) return [{ field: 'email', value: sm.email }];
  throw new MemberCallError('You must fill in the memberUID parameter', 'memberUID');
}
