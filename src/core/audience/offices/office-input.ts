import { IssueList } from '../../errors.js';
import { isValidEmail } from '../email-address.js';
import { normaliseAllocation } from './post-code-allocation.js';
import type { OfficeInput } from './offices.js';

const TEXT_FIELDS = ['name', 'property', 'street', 'area', 'town', 'county', 'postCode', 'telephone', 'fax', 'email', 'website'] as const;
type OfficeTextField = (typeof TEXT_FIELDS)[number];

/** Office columns an input sets, already trimmed and normalised; allocation comma-joined. */
export type OfficeValues = Partial<Record<OfficeTextField | 'postCodeAllocation', string>>;

/** What a new office holds in the fields its input leaves out. */
export function emptyOffice(): Record<OfficeTextField | 'postCodeAllocation', string> {
  const empty = { postCodeAllocation: '' } as Record<OfficeTextField | 'postCodeAllocation', string>;
  for (const field of TEXT_FIELDS) empty[field] = '';
  return empty;
}

/**
 * Checks a whole office input and returns the column values to write.
 * @throws ValidationError listing every problem, before anything is written.
 */
export function checkOfficeInput(input: OfficeInput, mode: 'create' | 'update'): OfficeValues {
  const issues = new IssueList();
  const values: OfficeValues = {};
  for (const field of TEXT_FIELDS) {
    const raw = input[field];
    if (raw !== undefined) values[field] = raw.trim();
  }
  // Absent on update keeps the current name; empty is never allowed.
  if (values.name === '' || (mode === 'create' && values.name === undefined)) issues.add('name', 'required', 'Office Name Required');
  if (values.email && !isValidEmail(values.email)) issues.add('email', 'invalid', 'Office Email Address Invalid');
  if (input.postCodeAllocation !== undefined) {
    const { entries, invalid } = normaliseAllocation(input.postCodeAllocation);
    for (const entry of invalid) {
      issues.add('postCodeAllocation', 'invalid', `Post Code Allocation "${entry}" is not a post code area, district or sector`);
    }
    values.postCodeAllocation = entries.join(',');
  }
  issues.throwIfAny();
  return values;
}
