import type { AccountScope } from '../../context.js';
import { IssueList } from '../../errors.js';
import { trimmedOrUndefined } from '../input-rules.js';
import { isValidEmail } from '../email-address.js';
import type { UserInput } from './users.js';

export const MIN_PASSWORD_LENGTH = 8;

/** A user input after checking: strings trimmed (never the password), offices deduplicated. */
export type CheckedUserInput = UserInput;

const REQUIRED = [
  ['username', 'Username Required'],
  ['firstName', 'First Name Required'],
  ['lastName', 'Last Name Required'],
  ['email', 'Email Address Required'],
] as const;

/**
 * Checks a whole user input, including that every office exists in the account.
 * @throws ValidationError listing every problem, before anything is written.
 */
export async function checkUserInput(scope: AccountScope, input: UserInput, mode: 'create' | 'update'): Promise<CheckedUserInput> {
  const issues = new IssueList();
  const checked: CheckedUserInput = {
    username: trimmedOrUndefined(input.username),
    firstName: trimmedOrUndefined(input.firstName),
    lastName: trimmedOrUndefined(input.lastName),
    email: trimmedOrUndefined(input.email),
    telephone: trimmedOrUndefined(input.telephone),
    jobTitle: trimmedOrUndefined(input.jobTitle),
    password: input.password,
    active: input.active,
  };
  // On update an absent field keeps its value, but a required one may not be emptied.
  for (const [field, message] of REQUIRED) {
    const value = checked[field];
    if (value === '' || (mode === 'create' && value === undefined)) issues.add(field, 'required', message);
  }
  if (checked.email && !isValidEmail(checked.email)) issues.add('email', 'invalid', 'Email Address Invalid');

  if (input.password === undefined || input.password === '') {
    if (mode === 'create' || input.password === '') issues.add('password', 'required', 'Password Required');
  } else if (input.password.length < MIN_PASSWORD_LENGTH) {
    issues.add('password', 'invalid', `Password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }

  if (input.offices === undefined) {
    if (mode === 'create') issues.add('offices', 'required', 'Offices Required');
  } else {
    checked.offices = await checkOffices(scope, input.offices, issues);
  }
  issues.throwIfAny();
  return checked;
}

async function checkOffices(scope: AccountScope, offices: readonly number[], issues: IssueList): Promise<number[]> {
  const ids = [...new Set(offices)].sort((a, b) => a - b);
  if (ids.length === 0) {
    issues.add('offices', 'required', 'Offices Required');
    return ids;
  }
  const bad = ids.filter((id) => !Number.isSafeInteger(id) || id <= 0);
  const wellFormed = ids.filter((id) => !bad.includes(id));
  const found =
    wellFormed.length === 0
      ? []
      : await scope.db.selectFrom('offices').select('id').where('accountId', '=', scope.accountId).where('id', 'in', wellFormed).execute();
  const known = new Set(found.map((r) => r.id));
  // Offices of other accounts read exactly like offices that do not exist.
  const unknown = [...bad, ...wellFormed.filter((id) => !known.has(id))];
  if (unknown.length > 0) issues.add('offices', 'unknown', `Office ${unknown.join(', ')} does not exist`);
  return ids;
}
