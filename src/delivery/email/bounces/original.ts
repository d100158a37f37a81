// The original message a report refers to (the third part of a multipart/report: message/rfc822 or
// text/rfc822-headers), parsed with mailparser so encoded words and address lists come out decoded.
import { simpleParser, type AddressObject } from 'mailparser';
import type { MimeEntity } from './mime.js';

export interface OriginalMessage {
  /** As written in the header, with angle brackets (mailparser's form), e.g. `<id@host>`. */
  messageId: string | null;
  /** Bare address from Return-Path, which carries the VERP token of our messages. */
  returnPath: string | null;
  to: string[];
  subject: string | null;
  /** Every header, unfolded, in order; names lower-cased. */
  headers: [name: string, value: string][];
}

const ORIGINAL_TYPES = new Set(['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers']);

export function findOriginalPart(report: MimeEntity): MimeEntity | null {
  return report.children.find((child) => ORIGINAL_TYPES.has(child.type)) ?? null;
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const object of list) for (const entry of object.value) if (entry.address) out.push(entry.address);
  return out;
}

export async function readOriginalMessage(part: MimeEntity): Promise<OriginalMessage> {
  // A text/rfc822-headers part may end right after the last header; the blank line makes it a message.
  const parsed = await simpleParser(Buffer.concat([part.content, Buffer.from('\r\n\r\n')]), { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  const headers: [string, string][] = parsed.headerLines.map(({ key, line }) => [key, line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()]);
  const returnPathHeader = headers.find(([name]) => name === 'return-path')?.[1] ?? null;
  const returnPath = returnPathHeader === null ? null : /<([^>]*)>/.exec(returnPathHeader)?.[1] ?? returnPathHeader;
  return {
    messageId: parsed.messageId ?? null,
    returnPath: returnPath === '' ? null : returnPath,
    to: addresses(parsed.to),
    subject: parsed.subject ?? null,
    headers,
  };
}
