/**
 * A small DKIM verifier (RFC 6376) for tests: takes the first DKIM-Signature of a raw message and
 * checks it against a given public key instead of DNS. Supports rsa-sha256 with simple or relaxed
 * canonicalisation for headers and body (nodemailer signs relaxed/relaxed) and the `l=` tag.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';

export interface DkimVerification {
  ok: boolean;
  reason?: string;
  domain: string;
  selector: string;
}

type Header = { name: string; raw: string };

function splitMessage(raw: string): { headers: Header[]; body: string } {
  const m = /\r\n\r\n/.exec(raw);
  const head = m === null ? raw : raw.slice(0, m.index + 2);
  const body = m === null ? '' : raw.slice(m.index + 4);
  const headers: Header[] = [];
  for (const line of head.split(/(?<=\r\n)/)) {
    if (line === '') continue;
    if (/^[ \t]/.test(line) && headers.length > 0) headers[headers.length - 1]!.raw += line;
    else headers.push({ name: line.slice(0, line.indexOf(':')).trim().toLowerCase(), raw: line });
  }
  return { headers, body };
}

function parseTags(value: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) tags.set(part.slice(0, eq).trim(), part.slice(eq + 1).replace(/\s+/g, ''));
  }
  return tags;
}

function canonHeader(raw: string, relaxed: boolean): string {
  if (!relaxed) return raw;
  const colon = raw.indexOf(':');
  const name = raw.slice(0, colon).trim().toLowerCase();
  const value = raw
    .slice(colon + 1)
    .replace(/\r\n(?=[ \t])/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name}:${value}\r\n`;
}

function canonBody(body: string, relaxed: boolean): string {
  let text = body;
  if (relaxed) {
    text = text
      .split('\r\n')
      .map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''))
      .join('\r\n');
    text = text.replace(/(\r\n)*$/, '');
    return text === '' ? '' : text + '\r\n';
  }
  text = text.replace(/(\r\n)*$/, '');
  return text + '\r\n';
}

export function verifyDkimSignature(rawMessage: Buffer, publicKeyPem: string): DkimVerification {
  const { headers, body } = splitMessage(rawMessage.toString('latin1').replace(/\r?\n/g, '\r\n'));
  const sigHeader = headers.find((h) => h.name === 'dkim-signature');
  if (sigHeader === undefined) return { ok: false, reason: 'no DKIM-Signature header', domain: '', selector: '' };
  const tags = parseTags(sigHeader.raw.slice(sigHeader.raw.indexOf(':') + 1));
  const domain = tags.get('d') ?? '';
  const selector = tags.get('s') ?? '';
  const fail = (reason: string): DkimVerification => ({ ok: false, reason, domain, selector });
  if (tags.get('v') !== '1') return fail('v= is not 1');
  if (tags.get('a') !== 'rsa-sha256') return fail(`unsupported a=${tags.get('a')}`);
  const [headerCanon = 'simple', bodyCanon = 'simple'] = (tags.get('c') ?? 'simple/simple').split('/');
  const signedNames = (tags.get('h') ?? '').split(':').map((n) => n.trim().toLowerCase()).filter((n) => n !== '');
  if (!signedNames.includes('from')) return fail('h= does not include From');

  let canonicalBody = canonBody(body, bodyCanon === 'relaxed');
  const length = tags.get('l');
  if (length !== undefined) canonicalBody = canonicalBody.slice(0, Number(length));
  const bodyHash = createHash('sha256').update(canonicalBody, 'latin1').digest('base64');
  if (bodyHash !== tags.get('bh')) return fail('body hash mismatch');

  // Each listed name takes the next instance from the bottom; missing instances sign as empty.
  const used = new Set<Header>();
  let signed = '';
  for (const name of signedNames) {
    const instance = [...headers].reverse().find((h) => h.name === name && !used.has(h) && h !== sigHeader);
    if (instance === undefined) continue;
    used.add(instance);
    signed += canonHeader(instance.raw, headerCanon === 'relaxed');
  }
  const sigWithoutB = sigHeader.raw.replace(/(\bb=)[^;]*/, (_m, prefix: string) => prefix);
  signed += canonHeader(sigWithoutB, headerCanon === 'relaxed').replace(/\r\n$/, '');

  const signature = Buffer.from(tags.get('b') ?? '', 'base64');
  const ok = verify('sha256', Buffer.from(signed, 'latin1'), createPublicKey(publicKeyPem), signature);
  return ok ? { ok: true, domain, selector } : fail('signature does not verify');
}
