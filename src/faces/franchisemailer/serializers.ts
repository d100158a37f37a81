/**
 * Core records → FranchiseMailer JSON. The document prints every id and number as a JSON string,
 * booleans as "true"/"false", lists as comma-separated strings and missing values as "", and PHP
 * clients compare those strings, so the shapes here follow the examples field for field.
 */
import type { Office } from '../../core/audience/offices/offices.js';
import type { User } from '../../core/audience/users/users.js';
import type { Contact } from '../../core/audience/contacts/contacts.js';
import type { ContactGroup } from '../../core/audience/groups/groups.js';
import type { CustomField } from '../../core/audience/custom-fields/custom-fields.js';

const str = (n: number): string => String(n);
const csv = (list: readonly (number | string)[]): string => list.join(',');

/** PHP's date('c') in UTC: `2013-01-31T13:52:45+00:00`; "" when the moment is unknown. */
export function isoPhp(value: string | null): string {
  if (value === null || value === '') return '';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return '';
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

export interface FmOffice {
  id: string;
  name: string;
  property: string;
  street: string;
  area: string;
  town: string;
  county: string;
  post_code: string;
  telephone: string;
  fax: string;
  email: string;
  website: string;
  post_code_allocation: string;
}

export function fmOffice(o: Office): FmOffice {
  return {
    id: str(o.id),
    name: o.name,
    property: o.property,
    street: o.street,
    area: o.area,
    town: o.town,
    county: o.county,
    post_code: o.postCode,
    telephone: o.telephone,
    fax: o.fax,
    email: o.email,
    website: o.website,
    post_code_allocation: csv(o.postCodeAllocation),
  };
}

export interface FmUser {
  id: string;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  telephone: string;
  job_title: string;
  active: 'true' | 'false';
  offices: string;
  last_login: string;
  last_password_change: string;
}

export function fmUser(u: User): FmUser {
  return {
    id: str(u.id),
    username: u.username,
    first_name: u.firstName,
    last_name: u.lastName,
    email: u.email,
    telephone: u.telephone,
    job_title: u.jobTitle,
    active: u.active ? 'true' : 'false',
    offices: csv(u.offices),
    last_login: isoPhp(u.lastLogin),
    last_password_change: isoPhp(u.lastPasswordChange),
  };
}

export interface FmContact {
  id: string;
  title: string;
  first_name: string;
  middle_name: string;
  last_name: string;
  addressee: string;
  date_of_birth: string;
  gender: string;
  telephone: string;
  mobile: string;
  fax: string;
  email: string;
  website: string;
  company: string;
  job_title: string;
  property: string;
  street: string;
  area: string;
  town: string;
  county: string;
  post_code: string;
  country: string;
  status: string;
  office: string;
  groups: string;
  common_groups: string;
  custom_fields: Record<string, string>;
}

export function fmContact(c: Contact): FmContact {
  const customFields: Record<string, string> = {};
  for (const [id, value] of Object.entries(c.customFields)) customFields[id] = value;
  return {
    id: str(c.id),
    title: c.title,
    first_name: c.firstName,
    middle_name: c.middleName,
    last_name: c.lastName,
    addressee: c.addressee,
    // The list example shows 31/01/1980 but the field is documented as ISO-8601 and every other
    // example uses YYYY-MM-DD, which is what the core stores.
    date_of_birth: c.dateOfBirth ?? '',
    gender: c.gender ?? '',
    telephone: c.telephone,
    mobile: c.mobile,
    fax: c.fax,
    email: c.email ?? '',
    website: c.website,
    company: c.company,
    job_title: c.jobTitle,
    property: c.property,
    street: c.street,
    area: c.area,
    town: c.town,
    county: c.county,
    post_code: c.postCode,
    country: c.country,
    status: c.status,
    office: str(c.officeId),
    groups: csv(c.groups),
    common_groups: csv(c.commonGroups),
    custom_fields: customFields,
  };
}

export interface FmGroupSummary {
  id: string;
  common_id: string;
  name: string;
  office: string;
}

export interface FmGroup extends FmGroupSummary {
  total: string;
  permitted: string;
  dormant: string;
  excluded: string;
  invalid: string;
}

/** The create response lists the new groups without counts (they are all zero). */
export function fmGroupSummary(g: ContactGroup): FmGroupSummary {
  return { id: str(g.id), common_id: str(g.commonId), name: g.name, office: str(g.officeId) };
}

export function fmGroup(g: ContactGroup): FmGroup {
  return {
    ...fmGroupSummary(g),
    total: str(g.counts.total),
    permitted: str(g.counts.permitted),
    dormant: str(g.counts.dormant),
    excluded: str(g.counts.excluded),
    invalid: str(g.counts.invalid),
  };
}

export interface FmCustomField {
  id: string;
  name: string;
  description: string;
}

export function fmCustomField(f: CustomField): FmCustomField {
  return { id: str(f.id), name: f.name, description: f.description };
}
