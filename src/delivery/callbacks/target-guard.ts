import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * What an IP address is, for deciding whether Herald may POST to it. Everything but `public`
 * reaches the operator's own network (or nothing useful), so a customer's callback URL must not
 * point there: it would turn the callback worker into a way to probe internal services (SSRF).
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'cgnat' | 'unique-local' | 'unspecified' | 'multicast' | 'reserved' | 'invalid';

function ipv4Number(address: string): number | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const v = Number(part);
    if (v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

function inV4(n: number, base: string, bits: number): boolean {
  const b = ipv4Number(base) as number;
  const size = 2 ** (32 - bits);
  return Math.floor(n / size) === Math.floor(b / size);
}

function classifyV4(n: number): AddressClass {
  if (inV4(n, '0.0.0.0', 8)) return 'unspecified';
  if (inV4(n, '127.0.0.0', 8)) return 'loopback';
  if (inV4(n, '10.0.0.0', 8) || inV4(n, '172.16.0.0', 12) || inV4(n, '192.168.0.0', 16)) return 'private';
  if (inV4(n, '169.254.0.0', 16)) return 'link-local';
  if (inV4(n, '100.64.0.0', 10)) return 'cgnat';
  if (inV4(n, '224.0.0.0', 4)) return 'multicast';
  // 240/4 (reserved, includes 255.255.255.255 broadcast) and 192.0.0/24 (IETF protocol assignments).
  if (inV4(n, '240.0.0.0', 4) || inV4(n, '192.0.0.0', 24)) return 'reserved';
  return 'public';
}

/** Eight 16-bit groups of an IPv6 address (with an optional dotted IPv4 tail), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    // A dotted IPv4 tail (::ffff:1.2.3.4) is the last two groups written differently.
    const v4 = ipv4Number(text.slice(lastColon + 1));
    if (v4 === null) return null;
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const g of s.split(':')) {
      if (!/^[0-9a-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  if (head === null || rest === null) return null;
  const explicit = head.length + rest.length;
  if (halves.length === 1) return explicit === 8 ? head : null;
  if (explicit > 7) return null;
  return [...head, ...new Array<number>(8 - explicit).fill(0), ...rest];
}

function classifyV6(g: number[]): AddressClass {
  const [g0 = 0, g1 = 0, , , , g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroUpTo = (k: number): boolean => g.slice(0, k).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g7 === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d): the IPv4 address decides.
  if (zeroUpTo(5) && g5 === 0xffff) return classifyV4(g6 * 65536 + g7);
  if (zeroUpTo(6)) return classifyV4(g6 * 65536 + g7);
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address.
  if (g0 === 0x64 && g1 === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return classifyV4(g6 * 65536 + g7);
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  // fec0::/10, the deprecated site-local range, is private in practice.
  if ((g0 & 0xffc0) === 0xfec0) return 'private';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  return 'public';
}

/** Classifies one textual IP address (IPv4 or IPv6, zone ids ignored). */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address.split('%')[0] ?? '');
  if (family === 4) {
    const n = ipv4Number(address);
    return n === null ? 'invalid' : classifyV4(n);
  }
  if (family === 6) {
    const groups = ipv6Groups(address);
    return groups === null ? 'invalid' : classifyV6(groups);
  }
  return 'invalid';
}

export class TargetRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetRefusedError';
  }
}

export type Resolver = (host: string) => Promise<string[]>;

export const systemResolver: Resolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** The host of a URL as a resolver takes it (IPv6 literals lose their brackets). */
export function urlHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * Resolves the host and refuses it when any address is not public (one bad address is enough:
 * the connection could go to any of them). Returns the addresses, which the sender connects to.
 */
export async function checkTarget(host: string, options: { allowPrivate: boolean; resolve?: Resolver }): Promise<string[]> {
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (err) {
      throw new TargetRefusedError(`${host} does not resolve (${(err as { code?: string }).code ?? 'lookup failed'})`);
    }
    if (addresses.length === 0) throw new TargetRefusedError(`${host} does not resolve`);
  }
  if (options.allowPrivate) return addresses;
  for (const address of addresses) {
    const kind = classifyAddress(address);
    if (kind !== 'public') {
      throw new TargetRefusedError(`${host} resolves to ${address}, a ${kind} address; callbacks may only go to public addresses (the operator can allow private ones with HERALD_CALLBACKS_ALLOW_PRIVATE)`);
    }
  }
  return addresses;
}
