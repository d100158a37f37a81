/**
 * The synchroMember request body of insertMember, updateMember, insertOrUpdateMember,
 * getMembersByCriteria and unsubscribeMemberByValue (docs/protocols/smartfocus.md §Member). The PHP library takes
 * hand-written XML; this client takes that too, or builds it from an object. Built XML has no
 * whitespace between elements: the real service does not trim `<memberUID>` and fails with
 * UPDATE_MEMBER_FAILED / ISTUPD_MEMBER_FAILED when it is indented (the library README's warning).
 */
import { xmlEscape } from './encoding.js';

export interface SynchroMember {
  /** Criteria naming the member: `{ EMAIL: 'john@example.com', LASTNAME: 'Smith' }` → `EMAIL:john@example.com|LASTNAME:Smith`, or that text. */
  memberUID?: Readonly<Record<string, string | number>> | string;
  /** Fields to set, in order; decimals with ".". */
  dynContent?: Readonly<Record<string, string | number>>;
  /** The new member's address (insertMember). */
  email?: string;
}

/** A synchroMember body: a string is sent verbatim, an object is built. */
export type SynchroMemberInput = string | SynchroMember;

export function memberUidText(uid: Readonly<Record<string, string | number>> | string): string {
  if (typeof uid === 'string') return uid;
  return Object.entries(uid)
    .map(([k, v]) => `${k}:${v}`)
    .join('|');
}

export function buildSynchroMemberXml(member: SynchroMember): string {
  let xml = '<?xml version="1.0" encoding="utf-8"?><synchroMember>';
  if (member.memberUID !== undefined) xml += `<memberUID>${xmlEscape(memberUidText(member.memberUID))}</memberUID>`;
  if (member.dynContent !== undefined) {
    const entries = Object.entries(member.dynContent).map(([k, v]) => `<entry><key>${xmlEscape(k)}</key><value>${xmlEscape(String(v))}</value></entry>`);
    xml += `<dynContent>${entries.join('')}</dynContent>`;
  }
  if (member.email !== undefined) xml += `<email>${xmlEscape(member.email)}</email>`;
  return `${xml}</synchroMember>`;
}

export function synchroMemberBody(input: SynchroMemberInput): string {
  return typeof input === 'string' ? input : buildSynchroMemberXml(input);
}
