/**
 * The resources of FranchiseMailer REST v1 as the client returns them, and the parameters it
 * accepts. Field names are the document's (snake_case), so the reference reads one-to-one. Values
 * are typed rather than left as the wire's strings: counts are numbers, `active` a boolean,
 * comma-separated id lists arrays, empty dates null. Ids stay strings: they are opaque and go
 * straight back into URLs.
 */

/** An id as the service sends it (`"1"`). */
export type Id = string;
/** Ids are accepted as strings or numbers. */
export type IdInput = string | number;
/** `"1,3,4"` as the document writes it, `[1, 3, 4]`, or a single id. */
export type IdListInput = IdInput | readonly IdInput[];

export interface Office {
  id: Id;
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
  /** Post code areas / districts allocated to the office (`"BN1,BN2,BN3"` on the wire). */
  post_code_allocation: string[];
}

export interface OfficeInput {
  name?: string;
  property?: string;
  street?: string;
  area?: string;
  town?: string;
  county?: string;
  post_code?: string;
  telephone?: string;
  fax?: string;
  email?: string;
  website?: string;
  post_code_allocation?: string | readonly string[];
}

/** Create Office: `name` is required. */
export interface NewOffice extends OfficeInput {
  name: string;
}

export interface User {
  id: Id;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  telephone: string;
  job_title: string;
  active: boolean;
  /** Offices the user can access and send from. */
  offices: Id[];
  /** ISO-8601, or null when the user never logged in (`""` on the wire). */
  last_login: string | null;
  last_password_change: string | null;
}

export interface UserInput {
  username?: string;
  /** Plain text; never returned. */
  password?: string;
  first_name?: string;
  last_name?: string;
  email?: string;
  telephone?: string;
  job_title?: string;
  /** Sent as `"true"` / `"false"`. */
  active?: boolean | 'true' | 'false';
  offices?: IdListInput;
}

/** Create User: the document marks these required. */
export interface NewUser extends UserInput {
  username: string;
  password: string;
  first_name: string;
  last_name: string;
  email: string;
  active: boolean | 'true' | 'false';
  offices: IdListInput;
}

export type ContactStatus = 'Permitted' | 'Dormant' | 'Excluded';

export interface Contact {
  id: Id;
  title: string;
  first_name: string;
  middle_name: string;
  last_name: string;
  addressee: string;
  /** As the service writes it (ISO-8601 `2013-01-31`; the document's list example shows `31/01/1980`); null when empty. */
  date_of_birth: string | null;
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
  /** Permitted, Dormant or Excluded (kept open in case the service adds one). */
  status: ContactStatus | (string & {});
  office: Id;
  groups: Id[];
  common_groups: Id[];
  /** Custom field id → value. */
  custom_fields: Record<Id, string>;
}

export interface ContactInput {
  title?: string;
  first_name?: string;
  middle_name?: string;
  last_name?: string;
  addressee?: string;
  /** ISO-8601 (`2013-01-31`). */
  date_of_birth?: string;
  gender?: 'Male' | 'Female' | (string & {});
  telephone?: string;
  mobile?: string;
  fax?: string;
  email?: string;
  website?: string;
  company?: string;
  job_title?: string;
  property?: string;
  street?: string;
  area?: string;
  town?: string;
  county?: string;
  post_code?: string;
  /** ISO-3166-1 alpha-2 or alpha-3. */
  country?: string;
  status?: ContactStatus;
  /** 0 auto-allocates by post code when offices have post code allocations. */
  office?: IdInput;
  groups?: IdListInput;
  /** Ignored by the service when `groups` is set and not empty. */
  common_groups?: IdListInput;
  /** Custom field id → value, sent as `custom_fields[1]=…`. */
  custom_fields?: Readonly<Record<IdInput, string>>;
}

/** Create Contact: `email` and `office` are required, and `groups` or `common_groups`; `status` defaults to Permitted. */
export interface NewContact extends ContactInput {
  email: string;
  office: IdInput;
}

/** A contact group as Create Contact Group returns it (no counts yet). */
export interface ContactGroupSummary {
  id: Id;
  /** Shared by the same-named groups of different offices. */
  common_id: Id;
  name: string;
  office: Id;
}

export interface ContactGroup extends ContactGroupSummary {
  total: number;
  permitted: number;
  dormant: number;
  excluded: number;
  invalid: number;
}

export interface NewContactGroup {
  /** At most 40 characters. */
  name: string;
  /** One office id, a list of them, or 0 for every office. */
  offices: IdListInput;
}

export interface ContactGroupInput {
  name?: string;
}

export interface CustomField {
  id: Id;
  name: string;
  description: string;
}

export interface CustomFieldInput {
  /** At most 20 characters. */
  name?: string;
  description?: string;
}

export interface NewCustomField extends CustomFieldInput {
  name: string;
  description: string;
}

export interface SsoSession {
  /** Starts a session; its token expires on first use or 20 seconds after it was issued. */
  session_url: string;
}

/** The `meta` block of List Contacts. */
export interface PageMeta {
  limit: number;
  offset: number;
  /** URL of the next page as the service writes it, or null on the last page. */
  next: string | null;
  previous: string | null;
  total_count: number;
}

export interface ContactPage {
  contacts: Contact[];
  /** Undefined if the service sent no `meta` block. */
  meta: PageMeta | undefined;
}

export interface ContactFilter {
  office?: IdInput;
  group?: IdInput;
}

export interface ContactListQuery extends ContactFilter {
  /** Page size (the document's example uses 500). */
  limit?: number;
  offset?: number;
}
