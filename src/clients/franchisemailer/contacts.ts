/** Contacts API, with paging helpers over `limit` / `offset` / `meta`. */
import type { Call } from './call.js';
import { DEFAULT_PAGE_SIZE, pages } from './paging.js';
import { member, members, parseContact, parseMeta } from './parse.js';
import { pathId, toParams } from './params.js';
import type { Contact, ContactFilter, ContactInput, ContactListQuery, ContactPage, IdInput, NewContact } from './types.js';

export class Contacts {
  constructor(private readonly call: Call) {}

  /** GET /contacts?office=…&group=…&limit=…&offset=…: one page, with the service's `meta` block. */
  async list(query: ContactListQuery = {}): Promise<ContactPage> {
    // The document's parameter order; only what is given is sent.
    const { office, group, limit, offset } = query;
    const result = await this.call('GET', '/contacts', toParams({ office, group, limit, offset }));
    return { contacts: members(result.data, 'contacts').map(parseContact), meta: parseMeta(result.meta) };
  }

  /** Every page from `offset` (default 0), `limit` contacts at a time (default 500), fetched lazily. */
  async *pages(query: ContactListQuery = {}): AsyncGenerator<ContactPage, void, undefined> {
    const fetch = async (limit: number, offset: number) => {
      const page = await this.list({ ...query, limit, offset });
      return { items: page.contacts, meta: page.meta };
    };
    for await (const page of pages(fetch, query.limit ?? DEFAULT_PAGE_SIZE, query.offset ?? 0)) yield { contacts: page.items, meta: page.meta };
  }

  /** Every contact matching the filter: `for await (const c of client.contacts.all()) …`. */
  async *all(filter: ContactFilter & { pageSize?: number } = {}): AsyncGenerator<Contact, void, undefined> {
    const { pageSize, ...rest } = filter;
    for await (const page of this.pages({ ...rest, limit: pageSize ?? DEFAULT_PAGE_SIZE })) yield* page.contacts;
  }

  /** POST /contacts: `email`, `office` and `groups` (or `common_groups`) are required. */
  async create(contact: NewContact): Promise<Contact> {
    return parseContact(member((await this.call('POST', '/contacts', toParams(contact))).data, 'contact'));
  }

  /** GET /contacts/{contact_id} */
  async get(contactId: IdInput): Promise<Contact> {
    return parseContact(member((await this.call('GET', `/contacts/${pathId(contactId)}`)).data, 'contact'));
  }

  /** PUT /contacts/{contact_id}: only the fields given change. */
  async update(contactId: IdInput, changes: ContactInput): Promise<Contact> {
    return parseContact(member((await this.call('PUT', `/contacts/${pathId(contactId)}`, toParams(changes))).data, 'contact'));
  }

  /** DELETE /contacts/{contact_id} */
  async delete(contactId: IdInput): Promise<void> {
    await this.call('DELETE', `/contacts/${pathId(contactId)}`);
  }
}
