/** /v1/contacts: the audience, paged with the `meta` block the document shows. */
import type { FastifyInstance } from 'fastify';
import {
  createContact,
  deleteContact,
  getContact,
  listContacts,
  updateContact,
  type ContactInput,
} from '../../core/audience/contacts/contacts.js';
import { MAX_INT32 } from '../../core/bounds.js';
import { badRequest } from './envelope.js';
import {
  bodyParams,
  defined,
  optBoundedInt,
  optFieldMap,
  optId,
  optIdList,
  optNullableText,
  optText,
  pathId,
  reqId,
  reqText,
  type Params,
} from './params.js';
import { fmContact } from './serializers.js';
import { fmResource } from './router.js';

const CONTACT = { label: 'Contact', aliases: [] };
export const MAX_PAGE = 500;


function contactInput(p: Params): ContactInput {
  return defined({
    title: optText(p, 'title', 'Title'),
    firstName: optText(p, 'first_name', 'First Name'),
    middleName: optText(p, 'middle_name', 'Middle Name'),
    lastName: optText(p, 'last_name', 'Last Name'),
    addressee: optText(p, 'addressee', 'Addressee'),
    dateOfBirth: optNullableText(p, 'date_of_birth', 'Date Of Birth'),
    gender: optNullableText(p, 'gender', 'Gender'),
    telephone: optText(p, 'telephone', 'Telephone'),
    mobile: optText(p, 'mobile', 'Mobile'),
    fax: optText(p, 'fax', 'Fax'),
    email: optNullableText(p, 'email', 'Email Address'),
    website: optText(p, 'website', 'Website'),
    company: optText(p, 'company', 'Company'),
    jobTitle: optText(p, 'job_title', 'Job Title'),
    property: optText(p, 'property', 'Property'),
    street: optText(p, 'street', 'Street'),
    area: optText(p, 'area', 'Area'),
    town: optText(p, 'town', 'Town'),
    county: optText(p, 'county', 'County'),
    postCode: optText(p, 'post_code', 'Post Code'),
    country: optText(p, 'country', 'Country'),
    // The core validates the status (any casing of Permitted/Dormant/Excluded) with the message FM clients see.
    status: optText(p, 'status', 'Status'),
    // 0 asks the core to allocate the office from the post code.
    officeId: optId(p, 'office', 'Office'),
    groups: optIdList(p, 'groups', 'Groups'),
    // The core ignores common groups when groups is set and not empty, as the document says.
    commonGroups: optIdList(p, 'common_groups', 'Common Groups'),
    customFields: optFieldMap(p, 'custom_fields', 'Custom Fields'),
  });
}

/** Relative URL of another page, keeping the caller's filters in the document's order. */
export function pageUrl(base: string, filter: { office?: number; group?: number }, limit: number, offset: number): string {
  const q = new URLSearchParams();
  if (filter.office !== undefined) q.set('office', String(filter.office));
  if (filter.group !== undefined) q.set('group', String(filter.group));
  q.set('limit', String(limit));
  q.set('offset', String(offset));
  return `${base}?${q.toString()}`;
}

export function registerContactRoutes(app: FastifyInstance): void {
  const listUrl = `${app.prefix}/contacts`;
  fmResource(app, '/contacts', undefined, {
    GET: async (request, scope) => {
      const q = bodyParams(request.query);
      const office = optId(q, 'office', 'Office');
      const group = optId(q, 'group', 'Group');
      const limit = optBoundedInt(q, 'limit', 'Limit', 1, MAX_PAGE) ?? MAX_PAGE;
      const offset = optBoundedInt(q, 'offset', 'Offset', 0, MAX_INT32) ?? 0;
      // 0 means "no filter", as office 0 means "all offices" elsewhere in the API.
      const page = await listContacts(scope, { officeId: office || undefined, groupId: group || undefined, limit, offset });
      const filter = { office, group };
      const meta = {
        limit,
        next: offset + limit < page.total ? pageUrl(listUrl, filter, limit, offset + limit) : null,
        offset,
        previous: offset > 0 ? pageUrl(listUrl, filter, limit, Math.max(0, offset - limit)) : null,
        total_count: page.total,
      };
      return { meta, data: { contacts: page.items.map(fmContact) } };
    },
    POST: async (request, scope) => {
      const p = bodyParams(request.body);
      const input = contactInput(p);
      input.email = reqText(p, 'email', 'Email Address');
      input.officeId = reqId(p, 'office', 'Office');
      input.status ??= 'Permitted';
      if ((input.groups ?? []).length === 0 && (input.commonGroups ?? []).length === 0) throw badRequest('Groups Required');
      return { data: { contact: fmContact(await createContact(scope, input)) }, created: true };
    },
  });
  fmResource(app, '/contacts/:id', CONTACT, {
    GET: async (request, scope) => ({ data: { contact: fmContact(await getContact(scope, pathId(request.params, 'Contact'))) } }),
    PUT: async (request, scope) => {
      const id = pathId(request.params, 'Contact');
      const input = contactInput(bodyParams(request.body));
      return { data: { contact: fmContact(await updateContact(scope, id, input)) } };
    },
    DELETE: async (request, scope) => {
      await deleteContact(scope, pathId(request.params, 'Contact'));
      return { data: null };
    },
  });
}
