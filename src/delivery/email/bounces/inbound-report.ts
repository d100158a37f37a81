// What an inbound report says about our mail, and which of our messages it is about: through the VERP
// return path it was sent to (`bounces+TOKEN@domain`) or the original Message-ID it quotes.
import { parseArf } from './arf.js';
import { parseDsn, type DsnAction } from './dsn.js';

export type InboundReport =
  | {
      kind: 'bounce';
      recipients: { address: string; action: DsnAction | null; status: string | null; diagnostic: string | null }[];
      originalMessageId: string | null;
      returnPathTokens: string[];
    }
  | {
      kind: 'complaint';
      feedbackType: string;
      originalMessageId: string | null;
      originalRecipient: string | null;
      returnPathTokens: string[];
    }
  | { kind: 'unknown'; reason: string; returnPathTokens: string[] };

export interface InboundEnvelope {
  /** '' for the null sender `<>` that DSNs use. */
  mailFrom: string;
  rcptTo: string[];
}

const TOKEN = /^[A-Za-z0-9._-]+$/;
const VERP = /^bounces\+([A-Za-z0-9._-]+)@[^@\s]+$/i;

/** The return path for the message identified by `token`. */
export function verpAddress(token: string, domain: string): string {
  if (!TOKEN.test(token)) throw new Error(`VERP token must match ${TOKEN.source}: ${JSON.stringify(token)}`);
  return `bounces+${token}@${domain}`;
}

/** The token of a `bounces+TOKEN@domain` address (case of the token kept), or null. */
export function verpToken(address: string): string | null {
  const bare = address.trim().replace(/^<(.*)>$/, '$1').trim();
  return VERP.exec(bare)?.[1] ?? null;
}

function uniqueTokens(addresses: (string | null | undefined)[]): string[] {
  const tokens = addresses.map((a) => (a ? verpToken(a) : null)).filter((t): t is string => t !== null);
  return [...new Set(tokens)];
}

export async function classifyInbound(raw: Buffer, envelope: InboundEnvelope): Promise<InboundReport> {
  const dsn = await parseDsn(raw);
  if (dsn !== null) {
    const returnPathTokens = uniqueTokens([...envelope.rcptTo, dsn.original?.returnPath]);
    if (dsn.recipients.length === 0) return { kind: 'unknown', reason: 'delivery-status report without recipients', returnPathTokens };
    return {
      kind: 'bounce',
      recipients: dsn.recipients.map(({ address, action, status, diagnostic }) => ({ address, action, status, diagnostic })),
      originalMessageId: dsn.original?.messageId ?? null,
      returnPathTokens,
    };
  }
  const arf = await parseArf(raw);
  if (arf !== null) {
    // Complaints come to a feedback address, so the token mostly comes from the quoted original.
    const returnPathTokens = uniqueTokens([...envelope.rcptTo, arf.original?.returnPath, arf.originalMailFrom]);
    const to = arf.original?.to ?? [];
    return {
      kind: 'complaint',
      feedbackType: arf.feedbackType,
      originalMessageId: arf.original?.messageId ?? null,
      originalRecipient: arf.originalRcptTo[0] ?? (to.length === 1 ? to[0]! : null),
      returnPathTokens,
    };
  }
  return { kind: 'unknown', reason: 'not a delivery-status or feedback report', returnPathTokens: uniqueTokens(envelope.rcptTo) };
}
