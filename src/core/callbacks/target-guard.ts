import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * What an IP address is, for deciding whether Herald may POST to it. Everything but `public`
 * reaches the operator's own network (or nothing useful), so a customer's callback URL must not
 * point there: it would turn the callback worker into a way to probe internal services (SSRF).
 * Only global unicast is public: special-purpose ranges (benchmarking, 6to4 relay anycast,
 * documentation…) are `reserved`, and IPv6 forms that embed an IPv4 address are judged by it.
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'cgnat' | 'unique-local' | 'unspecified' | 'multicast' | 'reserved' | 'invalid';

/** ipaddr.js's IPv4 ranges; everything but `unicast` is special-purpose (RFC 6890 and successors). */
const V4_CLASS: Record<string, AddressClass> = {
  unicast: 'public',
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'cgnat',
  multicast: 'multicast',
};

/** ipaddr.js's IPv6 ranges that get a name of their own; other special ranges are `reserved`. */
const V6_CLASS: Record<string, AddressClass> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  linkLocal: 'link-local',
  // fec0::/10, the deprecated site-local range, is private in practice.
  deprecatedSiteLocal: 'private',
  uniqueLocal: 'unique-local',
  multicast: 'multicast',
};

function classifyV4(address: ipaddr.IPv4): AddressClass {
  return V4_CLASS[address.range()] ?? 'reserved';
}

function v4FromGroups(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * The IPv4 addresses an IPv6 address leads to, for the forms that carry one: IPv4-mapped and
 * -translated (::ffff:0:0/96, ::ffff:0:0:0/96), NAT64 (64:ff9b::/96, and 64:ff9b:1::/48 read as its
 * usual /96 layout), 6to4 (2002::/16, bits 16–47) and Teredo (2001::/32: the server in bits 32–63
 * and the client, bit-inverted, in the last 32). A gateway on the way would deliver to that IPv4
 * address, so the IPv4 address is what gets judged. Null when the address embeds none.
 */
function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4[] | null {
  const [, g1 = 0, g2 = 0, g3 = 0, , , g6 = 0, g7 = 0] = address.parts;
  switch (address.range()) {
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return [v4FromGroups(g6, g7)];
    case '6to4':
      return [v4FromGroups(g1, g2)];
    case 'teredo':
      return [v4FromGroups(g2, g3), v4FromGroups(~g6 & 0xffff, ~g7 & 0xffff)];
  }
  return null;
}

/**
 * The global unicast space (RFC 4291 2.4): IANA allocates public IPv6 addresses only from it, so
 * the rest (IPv4-compatible ::a.b.c.d among them) is reserved.
 */
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

function classifyV6(address: ipaddr.IPv6): AddressClass {
  const embedded = embeddedV4(address);
  if (embedded !== null) return embedded.map(classifyV4).find((kind) => kind !== 'public') ?? 'public';
  const range = address.range();
  if (range === 'unicast') return address.match(GLOBAL_UNICAST) ? 'public' : 'reserved';
  return V6_CLASS[range] ?? 'reserved';
}

/** Classifies one textual IP address (IPv4 in dotted-quad form or IPv6, zone ids ignored). */
export function classifyAddress(address: string): AddressClass {
  // node's isIP is strict (no `127.1`, no hex or octal parts), unlike ipaddr.parse.
  const family = isIP(address.split('%')[0] ?? '');
  if (family === 0) return 'invalid';
  try {
    const parsed = ipaddr.parse(address);
    return parsed.kind() === 'ipv4' ? classifyV4(parsed as ipaddr.IPv4) : classifyV6(parsed as ipaddr.IPv6);
  } catch {
    return 'invalid';
  }
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
