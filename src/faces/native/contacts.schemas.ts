import { Type, type Static } from '@sinclair/typebox';
import { CONTACT_STATUSES, type Contact, type ContactFilter, type ContactInput } from '../../core/audience/contacts/contacts.js';
import { Id, IsoTimestamp, definedOnly, inputObject, nullable, ref, Offset } from './common.schemas.js';

export const ContactStatusSchema = Type.Union(
  CONTACT_STATUSES.map((status) => Type.Literal(status)),
  { description: 'Permitted contacts receive messages; Dormant and Excluded do not.' },
);
const Gender = Type.Union([Type.Literal('Male'), Type.Literal('Female')]);
const DateOnly = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

export const ContactSchema = Type.Object(
  {
    id: Type.Integer(),
    officeId: Type.Integer(),
    title: Type.String(),
    firstName: Type.String(),
    middleName: Type.String(),
    lastName: Type.String(),
    addressee: Type.String(),
    dateOfBirth: nullable(DateOnly),
    gender: nullable(Gender),
    telephone: Type.String({ description: 'E.164 or empty.' }),
    mobile: Type.String({ description: 'E.164 or empty; the SMS number.' }),
    fax: Type.String({ description: 'E.164 or empty.' }),
    email: nullable(Type.String()),
    website: Type.String(),
    company: Type.String(),
    jobTitle: Type.String(),
    property: Type.String(),
    street: Type.String(),
    area: Type.String(),
    town: Type.String(),
    county: Type.String(),
    postCode: Type.String(),
    country: Type.String({ description: 'ISO 3166 alpha-2 or empty.' }),
    status: ContactStatusSchema,
    groups: Type.Array(Type.Integer(), { description: 'Ids of the groups the contact is in.' }),
    commonGroups: Type.Array(Type.Integer(), { description: 'Common ids of those groups.' }),
    customFields: Type.Record(Type.Integer(), Type.String(), { description: 'Custom field id → value.' }),
    source: Type.String(),
    joinedAt: IsoTimestamp,
    unsubscribedAt: nullable(IsoTimestamp),
    hardBouncedAt: nullable(IsoTimestamp),
    createdAt: IsoTimestamp,
    updatedAt: IsoTimestamp,
  },
  { $id: 'Contact' },
);
export type ContactDto = Static<typeof ContactSchema>;

const contactFields = {
  officeId: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'Required on create; 0 allocates the office by post code.' }),
  title: Type.String(),
  firstName: Type.String(),
  middleName: Type.String(),
  lastName: Type.String(),
  addressee: Type.String(),
  dateOfBirth: nullable(Type.String({ description: 'ISO 8601 date, e.g. 1980-04-30.' })),
  gender: nullable(Gender),
  telephone: Type.String({ description: 'Any format; stored as E.164 using the contact’s country as region.' }),
  mobile: Type.String(),
  fax: Type.String(),
  email: nullable(Type.String()),
  website: Type.String(),
  company: Type.String(),
  jobTitle: Type.String(),
  property: Type.String(),
  street: Type.String(),
  area: Type.String(),
  town: Type.String(),
  county: Type.String(),
  postCode: Type.String(),
  country: Type.String({ description: 'ISO 3166 alpha-2 or alpha-3 (stored as alpha-2).' }),
  status: ContactStatusSchema,
  groups: Type.Array(Id, { description: 'Replaces the contact’s groups.' }),
  commonGroups: Type.Array(Id, { description: 'Used only when `groups` is absent or empty: the groups with these common ids in the contact’s office.' }),
  customFields: Type.Record(Type.Integer(), nullable(Type.String()), {
    additionalProperties: false,
    description: 'Custom field id → value; an empty string or null removes the value. Merged on update.',
  }),
  source: Type.String(),
};

export const ContactCreate = inputObject(contactFields, ['officeId'], { title: 'ContactCreate' });
export const ContactUpdate = inputObject(contactFields, [], { title: 'ContactUpdate' });
export type ContactUpdateBody = Static<typeof ContactUpdate>;

export const ContactListQuery = Type.Object(
  {
    officeId: Type.Optional(Id),
    groupId: Type.Optional(Id),
    status: Type.Optional(ContactStatusSchema),
    search: Type.Optional(Type.String({ description: 'Substring of name, email or phone, case-insensitive.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    offset: Type.Optional(Offset),
  },
  { additionalProperties: false },
);
export type ContactListQueryType = Static<typeof ContactListQuery>;

export const ContactPageSchema = Type.Object({
  items: Type.Array(ref(ContactSchema)),
  total: Type.Integer({ description: 'Contacts matching the filter, ignoring limit and offset.' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
}, { description: 'One page of matching contacts' });
export const ContactList = Type.Object({ items: Type.Array(ref(ContactSchema)) }, { description: 'The matching contacts' });

export const EmailParams = Type.Object({ email: Type.String({ minLength: 1 }) });
export const PhoneParams = Type.Object({ phone: Type.String({ minLength: 1, description: 'Any format; compared as E.164.' }) });

export function toContactDto(c: Contact): ContactDto {
  return {
    id: c.id,
    officeId: c.officeId,
    title: c.title,
    firstName: c.firstName,
    middleName: c.middleName,
    lastName: c.lastName,
    addressee: c.addressee,
    dateOfBirth: c.dateOfBirth,
    gender: c.gender,
    telephone: c.telephone,
    mobile: c.mobile,
    fax: c.fax,
    email: c.email,
    website: c.website,
    company: c.company,
    jobTitle: c.jobTitle,
    property: c.property,
    street: c.street,
    area: c.area,
    town: c.town,
    county: c.county,
    postCode: c.postCode,
    country: c.country,
    status: c.status,
    groups: c.groups,
    commonGroups: c.commonGroups,
    customFields: c.customFields,
    source: c.source,
    joinedAt: c.joinedAt,
    unsubscribedAt: c.unsubscribedAt,
    hardBouncedAt: c.hardBouncedAt,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

/** The core removes a custom value on an empty string; the API also accepts null for that. */
function toCustomValues(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([id, value]) => [id, value ?? '']));
}

export function toContactInput(body: ContactUpdateBody): ContactInput {
  return definedOnly<ContactInput>({
    officeId: body.officeId,
    title: body.title,
    firstName: body.firstName,
    middleName: body.middleName,
    lastName: body.lastName,
    addressee: body.addressee,
    dateOfBirth: body.dateOfBirth,
    gender: body.gender,
    telephone: body.telephone,
    mobile: body.mobile,
    fax: body.fax,
    email: body.email,
    website: body.website,
    company: body.company,
    jobTitle: body.jobTitle,
    property: body.property,
    street: body.street,
    area: body.area,
    town: body.town,
    county: body.county,
    postCode: body.postCode,
    country: body.country,
    status: body.status,
    groups: body.groups,
    commonGroups: body.commonGroups,
    customFields: body.customFields === undefined ? undefined : toCustomValues(body.customFields),
    source: body.source,
  });
}

export function toContactFilter(query: ContactListQueryType): ContactFilter {
  return definedOnly<ContactFilter>({
    officeId: query.officeId,
    groupId: query.groupId,
    status: query.status,
    search: query.search,
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
  });
}
