import type { Contact } from '../audience/contacts/contacts.js';
import type { CustomField } from '../audience/custom-fields/custom-fields.js';

type StandardKey = Exclude<keyof Contact, 'groups' | 'commonGroups' | 'customFields'>;

/**
 * The standard columns in export order. Headers are the field names the import engine maps
 * case-insensitively, so an exported file can be edited and imported back.
 */
const STANDARD: readonly StandardKey[] = [
  'id', 'email', 'title', 'firstName', 'middleName', 'lastName', 'addressee', 'dateOfBirth', 'gender',
  'telephone', 'mobile', 'fax', 'website', 'company', 'jobTitle', 'property', 'street', 'area', 'town',
  'county', 'postCode', 'country', 'status', 'officeId', 'source', 'joinedAt', 'unsubscribedAt',
  'hardBouncedAt', 'createdAt', 'updatedAt',
];

export interface ExportLayout {
  header: string[];
  /** A contact as its row of cells, in header order, before formula neutralisation. */
  cells(contact: Contact): string[];
}

function text(value: string | number | null): string {
  return value === null ? '' : String(value);
}

/**
 * Standard fields, then `groups` (the group ids, comma separated: ids because names can hold
 * commas and repeat across offices), then one column per custom field, named by the field.
 */
export function exportLayout(customFields: readonly CustomField[]): ExportLayout {
  return {
    header: [...STANDARD, 'groups', ...customFields.map((f) => f.name)],
    cells: (contact) => [
      ...STANDARD.map((key) => text(contact[key])),
      contact.groups.join(','),
      ...customFields.map((f) => contact.customFields[String(f.id)] ?? ''),
    ],
  };
}
