// GET /NMSREST in its two forms (docs/protocols/smartfocus.md §Notification):
//
//   /NMSREST?random=R&encrypt=E&email=…&senddate=…&uidkey=…&stype=…&dyn=k:v|k:v
//   /NMSREST/{random}/{encrypt}/{email}/{senddate}/{uidkey}/{stype}/{dyn}
//
// The PHP client builds the query with http_build_query (form encoding: `+` is a space, `%2B` a
// plus) and then appends `&dyn=` and the caller's string RAW. So every parameter is form-decoded
// except dyn, whose `+` stays a plus (the client cannot send a space: its URL check refuses it)
// and whose `%XX` are decoded in case a caller pre-encoded. Because dyn is raw, a value may even
// contain `&`: dyn runs to the end of the query unless one of the other parameters follows it.
import { decodeRawSegment } from '../common/path.js';
import { parseNmsrestDyn, DynParseError } from '../../../core/templates/emv.js';
import type { SendRequest } from './send-request.js';

const PARAMS = ['random', 'encrypt', 'email', 'senddate', 'uidkey', 'stype'] as const;
type Param = (typeof PARAMS)[number];

const DYN_START = /(?:^|&)dyn=/;
const NEXT_PARAM = new RegExp(`&(?:${PARAMS.join('|')})=`);

/** Splits a raw query into the form-decoded parameters and the raw dyn text (null when absent). */
export function splitNmsrestQuery(query: string): { params: URLSearchParams; dyn: string | null } {
  const start = DYN_START.exec(query);
  if (!start) return { params: new URLSearchParams(query), dyn: null };
  const valueStart = start.index + start[0].length;
  const rest = query.slice(valueStart);
  const next = NEXT_PARAM.exec(rest);
  const dynRaw = next ? rest.slice(0, next.index) : rest;
  const others = query.slice(0, start.index) + (next ? rest.slice(next.index) : '');
  return { params: new URLSearchParams(others), dyn: decodeRawSegment(dynRaw) };
}

function readDyn(text: string): Record<string, string> | DynParseError {
  try {
    return parseNmsrestDyn(text);
  } catch (err) {
    if (err instanceof DynParseError) return err;
    throw err;
  }
}

/** The query form. */
export function fromQuery(query: string): SendRequest {
  const { params, dyn } = splitNmsrestQuery(query);
  const get = (name: Param): string => params.get(name) ?? '';
  return {
    random: get('random').trim(),
    encrypt: get('encrypt').trim(),
    email: get('email').trim(),
    senddate: get('senddate'),
    uidkey: get('uidkey').trim(),
    stype: get('stype').trim(),
    dyn: readDyn(dyn ?? ''),
    content: {},
  };
}

/**
 * The path-info form, `rest` being what follows `/NMSREST/`. Segments are split before decoding
 * and kept when empty (`…/senddate//NOTHING/…` is an empty uidkey); each is `%XX`-decoded only,
 * so a `+` in an email stays a plus (§1.8). dyn is everything after the sixth segment, slashes
 * included (a dyn value may be a URL).
 */
export function fromPathInfo(rest: string): SendRequest {
  const segments = rest.split('/');
  const at = (i: number): string => decodeRawSegment(segments[i] ?? '');
  return {
    random: at(0).trim(),
    encrypt: at(1).trim(),
    email: at(2).trim(),
    senddate: at(3),
    uidkey: at(4).trim(),
    stype: at(5).trim(),
    dyn: readDyn(decodeRawSegment(segments.slice(6).join('/'))),
    content: {},
  };
}

/** The send request of a raw request URL (`/NMSREST…`), path-info form when the path goes on. */
export function fromNmsrestUrl(url: string, prefix: string): SendRequest {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const rest = path.slice(prefix.length).replace(/^\/+/, '');
  return rest === '' ? fromQuery(query) : fromPathInfo(rest);
}
