import { isXmlElement, parseRequestXml, requestXmlParser, requestXmlProblem, type XmlElement } from '../common/request-xml.js';

/**
 * The synchroMember request body (docs/protocols/smartfocus.md §Member):
 *   <synchroMember><memberUID>EMAIL:a@b.c|LASTNAME:Smith</memberUID>
 *     <dynContent><entry><key>FIRSTNAME</key><value>John</value></entry>…</dynContent>
 *     <email>a@b.c</email></synchroMember>
 * Clients often pretty-print it, so whitespace between elements is ignored. The memberUID text is
 * NOT trimmed: the real service fails on any whitespace inside it (the library's README warns of
 * UPDATE_MEMBER_FAILED / ISTUPD_MEMBER_FAILED) and a client tested against Herald must see the
 * same failure rather than discover it in production.
 */
export interface KeyValue {
  key: string;
  value: string;
}

export interface SynchroMember {
  /** memberUID criteria in order; empty when the element is absent. */
  criteria: KeyValue[];
  dynContent: KeyValue[];
  /** The `<email>` element, trimmed; null when absent or empty. */
  email: string | null;
}

export type ParseOutcome = { ok: true; value: SynchroMember } | { ok: false; description: string; fields: string };

// Values stay text exactly as sent: `007` is a postcode, not 7, and memberUID keeps its spaces.
const parser = requestXmlParser((name) => name === 'entry');

type Node = XmlElement;
const isNode = isXmlElement;

/** Text content of a leaf element; null for a missing element or one with child elements. */
function leafText(v: unknown): string | null {
  if (v === undefined) return null;
  if (typeof v === 'string') return v;
  // `<value><![CDATA[…]]></value>` or a text-only node with whitespace text.
  if (isNode(v) && Object.keys(v).every((k) => k === '#text') && typeof v['#text'] === 'string') return v['#text'];
  return null;
}

function fail(description: string, fields: string): ParseOutcome {
  return { ok: false, description, fields };
}

/** `KEY:VALUE|KEY:VALUE`; the value may itself contain `:` (split at the first one only). */
export function parseMemberUid(text: string): { ok: true; criteria: KeyValue[] } | { ok: false; description: string } {
  if (/\s/.test(text)) return { ok: false, description: 'The memberUID must not contain spaces, tabs or line breaks.' };
  const criteria: KeyValue[] = [];
  for (const part of text.split('|')) {
    const colon = part.indexOf(':');
    if (colon <= 0) return { ok: false, description: `Invalid memberUID criterion "${part}": expected KEY:VALUE.` };
    criteria.push({ key: part.slice(0, colon), value: part.slice(colon + 1) });
  }
  return { ok: true, criteria };
}

function parseEntries(dyn: unknown): KeyValue[] | string {
  if (dyn === undefined || leafText(dyn) !== null) return []; // absent, `<dynContent/>` or whitespace only
  if (!isNode(dyn)) return 'dynContent';
  const entries = dyn.entry;
  if (entries === undefined) return [];
  if (!Array.isArray(entries)) return 'dynContent';
  const out: KeyValue[] = [];
  for (const e of entries) {
    if (!isNode(e)) return 'entry';
    const key = leafText(e.key);
    // A missing <value> clears the field, as an empty one does.
    const value = e.value === undefined ? '' : leafText(e.value);
    if (key === null || key.trim() === '' || value === null) return 'entry';
    out.push({ key: key.trim(), value });
  }
  return out;
}

export function parseSynchroMember(body: unknown): ParseOutcome {
  if (typeof body !== 'string' || body.trim() === '') return fail('The request body must be a synchroMember XML document.', 'synchroMember');
  const parsed = parseRequestXml(parser, body);
  if (!parsed.ok) return fail(requestXmlProblem(parsed), 'synchroMember');
  const doc = parsed.doc;
  const root = isNode(doc) ? doc.synchroMember : undefined;
  if (root === undefined) return fail('The request body must be a synchroMember XML document.', 'synchroMember');
  const node: Node = isNode(root) ? root : {};

  let criteria: KeyValue[] = [];
  if (node.memberUID !== undefined) {
    const uid = leafText(node.memberUID);
    if (uid === null) return fail('Invalid memberUID.', 'memberUID');
    if (uid !== '') {
      const parsed = parseMemberUid(uid);
      if (!parsed.ok) return fail(parsed.description, uid);
      criteria = parsed.criteria;
    }
  }

  const dyn = parseEntries(node.dynContent);
  if (typeof dyn === 'string') return fail('Invalid dynContent: each entry needs a key and a value.', dyn);

  const emailText = leafText(node.email);
  if (node.email !== undefined && emailText === null) return fail('Invalid email element.', 'email');
  const email = emailText === null || emailText.trim() === '' ? null : emailText.trim();
  return { ok: true, value: { criteria, dynContent: dyn, email } };
}
