import type { Contact } from '../../../core/audience/contacts/contacts.js';
import type { MemberJobReport } from '../../../core/audience/member-jobs.js';
import { contentResponse, element, escapeXml, type XsType } from '../common/xml.js';
import type { ColumnType, ColumnValue, MemberTable } from './columns.js';

/**
 * Member REST bodies (docs/protocols/smartfocus.md §Member): members as `<entry><key>…</key><value xsi:type>…`,
 * the apiPagination result, memberTable and processStatus. Everything is built as one line without
 * whitespace between elements, like the vendor's JAXB output, and wrapped by common/xml.ts so the
 * xs/xsi prefixes are declared once on `<response>`.
 */
const XS_TYPES: Record<ColumnType, XsType> = { STRING: 'xs:string', NUMBER: 'xs:long', DATE: 'xs:dateTime' };

/**
 * Vendor dates look like `2011-02-08T15:34:13+01:00`; Herald stores UTC, so `+00:00`. A calendar
 * date (date of birth) is midnight of that day.
 */
export function sfDateTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00+00:00`;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

function entry(key: string, type: ColumnType, value: ColumnValue): string {
  // A NULL column is an entry with only its key (vendor PDF).
  if (value === null) return `<entry>${element('key', key)}</entry>`;
  const text = type === 'DATE' ? sfDateTime(String(value)) : String(value);
  return `<entry>${element('key', key)}<value xsi:type="${XS_TYPES[type]}">${escapeXml(text)}</value></entry>`;
}

export function attributesXml(table: MemberTable, contact: Contact): string {
  return `<attributes>${table.columns.map((col) => entry(col.name, col.type, col.read(contact))).join('')}</attributes>`;
}

/** getMemberByEmail / ByCellphone / ById / getMembers: every match, `<members/>` when none. */
export function membersResponse(table: MemberTable, contacts: readonly Contact[]): string {
  if (contacts.length === 0) return contentResponse('<members/>');
  return contentResponse(`<members>${contacts.map((c) => `<member>${attributesXml(table, c)}</member>`).join('')}</members>`);
}

export interface MemberPage {
  page: number;
  perPage: number;
  total: number;
  items: readonly Contact[];
}

/** getListMembersByPage: the apiPagination result, element order as in the vendor's sample. */
export function paginationResponse(table: MemberTable, p: MemberPage): string {
  const nbPages = Math.ceil(p.total / p.perPage);
  const list = p.items.map((c) => `<list xsi:type="apiMember">${attributesXml(table, c)}</list>`).join('');
  return contentResponse(
    `<result xsi:type="apiPagination">${element('currentPage', p.page)}${list}${element('nbItemsPerPage', p.perPage)}` +
      `${element('nbPages', nbPages)}${element('nbTotalItems', p.total)}${element('nextPage', p.page < nbPages)}</result>`,
  );
}

/** descMemberTable: every column with its type. */
export function memberTableResponse(table: MemberTable): string {
  const fields = table.columns.map((c) => `<entry>${element('key', c.name)}${element('value', c.type)}</entry>`).join('');
  return contentResponse(`<memberTable><fields>${fields}</fields></memberTable>`);
}

/** getMemberJobStatus; an unknown job has no email element. */
export function processStatusResponse(report: MemberJobReport): string {
  const email = report.status === 'Job_Done_Or_Does_Not_Exist' ? '' : element('email', report.email);
  return contentResponse(`<processStatus>${email}${element('status', report.status)}</processStatus>`);
}
