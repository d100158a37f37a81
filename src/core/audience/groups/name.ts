import type { IssueList } from '../../errors.js';

export const MAX_GROUP_NAME = 40;

/** The trimmed name, or null after adding an issue. */
export function validateGroupName(raw: string | undefined, issues: IssueList): string | null {
  const name = raw?.trim() ?? '';
  if (name === '') issues.add('name', 'required', 'Group Name Required');
  else if (name.length > MAX_GROUP_NAME) issues.add('name', 'too_long', `Group name must be at most ${MAX_GROUP_NAME} characters`);
  else return name;
  return null;
}
