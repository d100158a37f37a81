/*
 * SMPP routes: which SMSC an SMS goes through, chosen by the destination's country (dialling)
 * prefix. Configured in one environment variable:
 *
 *   HERALD_SMPP_ROUTES=smpp://system_id:password@host:port?prefixes=7,380&system_type=X&window=100&bind=transceiver,smpp://…
 *
 * Routes are separated by commas; inside a route's query the `prefixes` list is comma-separated too
 * (a comma followed by digits belongs to the prefix list, anything else starts the next route).
 * Query parameters, all optional:
 *   prefixes     E.164 prefixes without `+` (country codes or longer, e.g. 7, 380, 7700); none = the default route
 *   name         the route's name in logs and receipts (default system_id@host:port)
 *   system_type  bind system_type
 *   window       outstanding submit_sm without a response (1–10000, default 100)
 *   bind         transceiver (default) or transmitter+receiver (two connections; `split` says the same)
 * The user name and password are percent-decoded (write `@` as %40). The port defaults to 2775.
 * Longest matching prefix wins; a destination no prefix matches goes to the default route; with no
 * default route it has nowhere to go and is refused.
 */

export interface SmppRoute {
  name: string;
  host: string;
  port: number;
  systemId: string;
  password: string;
  systemType: string;
  window: number;
  bind: 'transceiver' | 'transmitter+receiver';
  /** Digits only, no `+`; empty for the default route. */
  prefixes: string[];
}

/** A route string that cannot be used; the config loader turns it into a ConfigError. */
export class SmppRouteError extends Error {
  override name = 'SmppRouteError';
}

const KNOWN_PARAMS = new Set(['prefixes', 'name', 'system_type', 'window', 'bind']);
const DEFAULT_PORT = 2775;

/** Splits the variable into route strings: a comma starts a new route only when `smpp://` follows. */
function splitRoutes(raw: string): string[] {
  return raw
    .split(/,(?=\s*[a-z][a-z0-9+.-]*:\/\/)/i)
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/** What a route's URL says, without its password (errors must not print secrets). */
function redact(route: string): string {
  return route.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/]*):[^@/]*@/i, '$1:***@');
}

function parseRoute(text: string): SmppRoute {
  const shown = redact(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SmppRouteError(`"${shown}" is not a URL (smpp://system_id:password@host:2775?prefixes=7,380)`);
  }
  if (url.protocol !== 'smpp:') throw new SmppRouteError(`"${shown}" must start with smpp://`);
  if (url.hostname === '') throw new SmppRouteError(`"${shown}" has no host`);
  if (url.pathname !== '' && url.pathname !== '/') throw new SmppRouteError(`"${shown}" has a path; options go in the query (?prefixes=…)`);
  const systemId = decodeURIComponent(url.username);
  if (systemId === '') throw new SmppRouteError(`"${shown}" has no system_id (smpp://system_id:password@host)`);
  const password = decodeURIComponent(url.password);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);

  for (const key of url.searchParams.keys()) {
    if (!KNOWN_PARAMS.has(key)) throw new SmppRouteError(`"${shown}": unknown option "${key}" (known: ${[...KNOWN_PARAMS].join(', ')})`);
  }
  const q = (key: string): string | null => url.searchParams.get(key);

  const prefixes: string[] = [];
  for (const item of (q('prefixes') ?? '').split(',').map((p) => p.trim().replace(/^\+/, ''))) {
    if (item === '') continue;
    if (!/^[1-9]\d{0,14}$/.test(item)) throw new SmppRouteError(`"${shown}": prefix "${item}" is not a dialling prefix (digits, not starting with 0)`);
    if (!prefixes.includes(item)) prefixes.push(item);
  }

  const windowRaw = q('window');
  const window = windowRaw === null ? 100 : Number(windowRaw);
  if (!Number.isInteger(window) || window < 1 || window > 10_000) throw new SmppRouteError(`"${shown}": window must be a whole number from 1 to 10000, got "${windowRaw}"`);

  // A `+` in a query string decodes as a space: accept both spellings of transmitter+receiver.
  const bindRaw = (q('bind') ?? 'transceiver').trim().toLowerCase();
  let bind: SmppRoute['bind'];
  if (bindRaw === 'transceiver' || bindRaw === 'trx') bind = 'transceiver';
  else if (bindRaw === 'transmitter+receiver' || bindRaw === 'transmitter receiver' || bindRaw === 'split') bind = 'transmitter+receiver';
  else throw new SmppRouteError(`"${shown}": bind must be transceiver or transmitter+receiver, got "${bindRaw}"`);

  const systemType = q('system_type') ?? '';
  const name = (q('name') ?? '').trim() || `${systemId}@${url.hostname}:${port}`;
  return { name, host: url.hostname.replace(/^\[|\]$/g, ''), port, systemId, password, systemType, window, bind, prefixes };
}

/**
 * The routes of HERALD_SMPP_ROUTES (empty or unset: none, SMS waits in the queue). Throws
 * SmppRouteError on a malformed route, two default routes, one prefix on two routes, or two routes
 * with one name.
 */
export function parseSmppRoutes(raw: string | undefined): SmppRoute[] {
  if (raw === undefined || raw.trim() === '') return [];
  const routes = splitRoutes(raw).map(parseRoute);
  const names = new Set<string>();
  const owners = new Map<string, string>();
  let defaultRoute: string | null = null;
  for (const route of routes) {
    if (names.has(route.name)) throw new SmppRouteError(`two routes are named "${route.name}": give one a ?name=`);
    names.add(route.name);
    if (route.prefixes.length === 0) {
      if (defaultRoute !== null) throw new SmppRouteError(`"${defaultRoute}" and "${route.name}" both have no prefixes: only one route may be the default`);
      defaultRoute = route.name;
    }
    for (const prefix of route.prefixes) {
      const owner = owners.get(prefix);
      if (owner !== undefined) throw new SmppRouteError(`prefix ${prefix} is on both "${owner}" and "${route.name}"`);
      owners.set(prefix, route.name);
    }
  }
  return routes;
}

/** Routes by prefix, built once: a lookup tries the destination's leading digits, longest first. */
export class RouteTable {
  private readonly byPrefix = new Map<string, SmppRoute>();
  private readonly longest: number;
  readonly defaultRoute: SmppRoute | null;

  constructor(readonly routes: readonly SmppRoute[]) {
    let longest = 0;
    let fallback: SmppRoute | null = null;
    for (const route of routes) {
      if (route.prefixes.length === 0) fallback ??= route;
      for (const prefix of route.prefixes) {
        this.byPrefix.set(prefix, route);
        longest = Math.max(longest, prefix.length);
      }
    }
    this.longest = longest;
    this.defaultRoute = fallback;
  }

  /** The route for an E.164 number (`+` and spaces ignored), or null when none serves it. */
  choose(destination: string): SmppRoute | null {
    const digits = destination.replace(/[^\d]/g, '');
    for (let n = Math.min(this.longest, digits.length); n > 0; n--) {
      const route = this.byPrefix.get(digits.slice(0, n));
      if (route) return route;
    }
    return this.defaultRoute;
  }
}
