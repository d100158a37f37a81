import type { Db } from '../../../store/database.js';
import type { ContactRow } from '../../../store/schema.js';
import type { Contact } from './contacts.js';
import { asGender } from './gender.js';

/** What a contact carries besides its own row. */
export interface ContactRelations {
  groups: number[];
  commonGroups: number[];
  customFields: Record<string, string>;
}

export function toContact(row: ContactRow, rel: ContactRelations): Contact {
  return {
    id: row.id,
    officeId: row.officeId,
    title: row.title,
    firstName: row.firstName,
    middleName: row.middleName,
    lastName: row.lastName,
    addressee: row.addressee,
    dateOfBirth: row.dateOfBirth,
    gender: asGender(row.gender),
    telephone: row.telephone,
    mobile: row.mobile,
    fax: row.fax,
    email: row.email,
    website: row.website,
    company: row.company,
    jobTitle: row.jobTitle,
    property: row.property,
    street: row.street,
    area: row.area,
    town: row.town,
    county: row.county,
    postCode: row.postCode,
    country: row.country,
    status: row.status,
    groups: rel.groups,
    commonGroups: rel.commonGroups,
    customFields: rel.customFields,
    source: row.source,
    joinedAt: row.joinedAt,
    unsubscribedAt: row.unsubscribedAt,
    unsubscribeSource: row.unsubscribeSource,
    resubscribedAt: row.resubscribedAt,
    resubscribeSource: row.resubscribeSource,
    smsUnsubscribedAt: row.smsUnsubscribedAt,
    hardBouncedAt: row.hardBouncedAt,
    hardBounceReason: row.hardBounceReason,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/**
 * Turns a page of rows into contacts with two queries in total (memberships, custom values),
 * whatever the page size: per-row lookups would dominate listing time.
 */
export async function hydrateContacts(db: Db, accountId: number, rows: ContactRow[]): Promise<Contact[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [members, values] = await Promise.all([
    db
      .selectFrom('contactGroupMembers as m')
      .innerJoin('contactGroups as g', (j) => j.onRef('g.id', '=', 'm.groupId').onRef('g.accountId', '=', 'm.accountId'))
      .select(['m.contactId', 'g.id', 'g.commonId'])
      .where('m.accountId', '=', accountId)
      .where('m.contactId', 'in', ids)
      .orderBy('g.id')
      .execute(),
    db
      .selectFrom('contactCustomValues')
      .select(['contactId', 'fieldId', 'value'])
      .where('accountId', '=', accountId)
      .where('contactId', 'in', ids)
      .orderBy('fieldId')
      .execute(),
  ]);
  const rel = new Map<number, ContactRelations>(ids.map((id) => [id, { groups: [], commonGroups: [], customFields: {} }]));
  for (const m of members) {
    const r = rel.get(m.contactId);
    if (!r) continue;
    r.groups.push(m.id);
    if (!r.commonGroups.includes(m.commonId)) r.commonGroups.push(m.commonId);
  }
  for (const v of values) {
    const r = rel.get(v.contactId);
    if (r) r.customFields[String(v.fieldId)] = v.value;
  }
  for (const r of rel.values()) r.commonGroups.sort((a, b) => a - b);
  return rows.map((row) => toContact(row, rel.get(row.id) ?? { groups: [], commonGroups: [], customFields: {} }));
}
