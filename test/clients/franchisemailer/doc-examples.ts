/**
 * The request parameters and JSON responses printed in the vendor's REST v1 document (docs/protocols/franchisemailer.md
 * §Test vectors), field for field, so the unit tests send and parse exactly what the vendor shows.
 */
export const DOC_ACCESS_KEY = 'b6b581087d3a65b71f119e4db6efa6b7';
export const DOC_SECRET_KEY = '7790b9c0a39bf5cffde1da8851f25b5e7fb21a95';

export const OFFICE = {
  name: 'Worthing',
  property: '118',
  street: 'Long Street',
  area: 'Tarring',
  town: 'Worthing',
  county: 'West Sussex',
  post_code: 'BN14 8AD',
  telephone: '01903 123 456',
  fax: '01903 123 456',
  email: 'worthing@yourfranchise.co.uk',
  website: 'http://www.yourfranchise.co.uk/worthing',
  post_code_allocation: 'BN1,BN2,BN3',
};
export const OFFICE_JSON = { id: '1', ...OFFICE };

export const USER = {
  username: 'joe.bloggs',
  password: 'Qwertyu1',
  first_name: 'Joe',
  last_name: 'Bloggs',
  email: 'job.bloggs@yourfranchise.co.uk',
  telephone: '01903 123 456',
  job_title: 'Marketing Director',
  active: 'true',
  offices: '1,3,4',
} as const;
const { password: _password, ...visibleUser } = USER;
export const USER_JSON = { id: '1', ...visibleUser, last_login: '2013-01-31T13:52:45+00:00', last_password_change: '2013-01-31T13:52:45+00:00' };
export const NEW_USER_JSON = { ...USER_JSON, last_login: '', last_password_change: '' };

export const CONTACT = {
  title: 'Mr',
  first_name: 'Joe',
  middle_name: 'Michael',
  last_name: 'Bloggs',
  addressee: 'Mr Joe Bloggs',
  date_of_birth: '2013-01-31',
  gender: 'Male',
  telephone: '01903 123 456',
  mobile: '07123456789',
  fax: '01903 123 456',
  email: 'job.bloggs@example.com',
  website: 'http://www.example.com',
  company: 'JB Trading',
  job_title: 'Sales Director',
  property: '118',
  street: 'Long Street',
  area: 'Tarring',
  town: 'Worthing',
  county: 'West Sussex',
  post_code: 'BN14 8AD',
  country: 'GB',
  status: 'Permitted',
  office: '1',
  groups: '1,3,4',
  common_groups: '1,3,4',
  custom_fields: { 1: '£30,000' },
} as const;
export const CONTACT_JSON = { id: '1', ...CONTACT, custom_fields: { '1': '£30,000' } };

export const GROUP_JSON = { id: '1', common_id: '1', name: 'Prospects', office: '1', total: '233', permitted: '200', dormant: '14', excluded: '7', invalid: '12' };
export const CREATED_GROUPS_JSON = [
  { id: '1', common_id: '1', name: 'Prospects', office: '1' },
  { id: '2', common_id: '1', name: 'Prospects', office: '3' },
  { id: '3', common_id: '1', name: 'Prospects', office: '4' },
];

export const FIELD = { name: 'Yearly Spend', description: 'The amount the contact spends per year' };
export const FIELD_JSON = { id: '1', ...FIELD };

export const SSO_JSON = { session_url: 'https://www.franchisemailer.co.uk/?t=0ab34ca97d9946591bf89817789cb5de' };

export const LIST_META = { limit: 500, next: null, offset: 0, previous: null, total_count: 1 };

export const ERROR_JSON = { messages: { error: { message: 'Email Address Required' } } };

/** `{"status":"success","data":…}` pretty-printed as the document shows it. */
export function success(data: unknown, meta?: unknown): string {
  return JSON.stringify(meta === undefined ? { status: 'success', data } : { status: 'success', meta, data }, null, 4);
}
