import type { AccountScope } from '../../context.js';
import type { ContactStatus } from '../../../store/schema.js';

export type { ContactStatus };
export const CONTACT_STATUSES: readonly ContactStatus[] = ['Permitted', 'Dormant', 'Excluded'];

export interface Contact {
  id: number;
  officeId: number;
  title: string;
  firstName: string;
  middleName: string;
  lastName: string;
  addressee: string;
  /** YYYY-MM-DD */
  dateOfBirth: string | null;
  gender: 'Male' | 'Female' | null;
  /** Phone numbers are E.164 (`+441903123456`) or empty. */
  telephone: string;
  mobile: string;
  fax: string;
  email: string | null;
  website: string;
  company: string;
  jobTitle: string;
  property: string;
  street: string;
  area: string;
  town: string;
  county: string;
  postCode: string;
  /** ISO-3166 alpha-2 or empty. */
  country: string;
  status: ContactStatus;
  /** Group ids the contact is in (all in the contact's office). */
  groups: number[];
  /** Common group ids of those groups. */
  commonGroups: number[];
  /** Custom field id → value. */
  customFields: Record<string, string>;
  source: string;
  joinedAt: string;
  unsubscribedAt: string | null;
  hardBouncedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Fields to set. Absent fields are kept (update) or empty (create). Strings are validated:
 * email syntax, dateOfBirth ISO-8601, gender Male/Female, country alpha-2 or alpha-3 (stored
 * alpha-2), phones normalised to E.164 with the contact's country (else the account's default)
 * as the region.
 */
export interface ContactInput {
  title?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  addressee?: string;
  dateOfBirth?: string | null;
  gender?: string | null;
  telephone?: string;
  mobile?: string;
  fax?: string;
  email?: string | null;
  website?: string;
  company?: string;
  jobTitle?: string;
  property?: string;
  street?: string;
  area?: string;
  town?: string;
  county?: string;
  postCode?: string;
  country?: string;
  status?: string;
  /** 0 = allocate by post code. Required on create. */
  officeId?: number;
  /** Replaces the contact's groups. */
  groups?: number[];
  /** Used only when `groups` is absent or empty: the groups with these common ids in the contact's office. */
  commonGroups?: number[];
  /** Custom field id → value; an empty string removes the value. Merged on update. */
  customFields?: Record<string, string>;
  source?: string;
}

export interface ContactFilter {
  officeId?: number;
  groupId?: number;
  status?: ContactStatus;
  /** Matches name, email or phone (substring, case-insensitive). */
  search?: string;
  limit: number;
  offset: number;
}

export interface ContactPage {
  items: Contact[];
  total: number;
}

const todo = (): never => {
  throw new Error('not implemented yet');
};

export async function createContact(_scope: AccountScope, _input: ContactInput): Promise<Contact> { return todo(); }
export async function getContact(_scope: AccountScope, _id: number): Promise<Contact> { return todo(); }
export async function updateContact(_scope: AccountScope, _id: number, _patch: ContactInput): Promise<Contact> { return todo(); }
export async function deleteContact(_scope: AccountScope, _id: number): Promise<void> { return todo(); }
export async function listContacts(_scope: AccountScope, _filter: ContactFilter): Promise<ContactPage> { return todo(); }
export async function findContactsByEmail(_scope: AccountScope, _email: string): Promise<Contact[]> { return todo(); }
/** Accepts any format libphonenumber understands; compares in E.164. */
export async function findContactsByPhone(_scope: AccountScope, _phone: string): Promise<Contact[]> { return todo(); }
