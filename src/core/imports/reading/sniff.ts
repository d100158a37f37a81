/**
 * First-bytes detection: file format, text encoding and CSV delimiter. The job runner sniffs once,
 * stores the answers in the job's ReadOptions, and every later read (including a resumed one)
 * reads the file the same way.
 */
import { open } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { ValidationError } from '../../errors.js';
import type { FileFormat } from '../types.js';
import type { ReadOptions } from './contract.js';

/** Bytes read for sniffing: enough for a header line and a few rows. */
export const SNIFF_BYTES = 64 * 1024;

/** Canonical names (iconv-lite spellings) of the encodings the engine supports. */
export type SupportedEncoding =
  | 'UTF-8' | 'WINDOWS-1251' | 'WINDOWS-1252' | 'KOI8-R' | 'CP866' | 'ISO-8859-1' | 'ISO-8859-15' | 'UTF-16LE' | 'UTF-16BE';

/*
 * Accepted spellings, compared after upper-casing and dropping '-', '_' and spaces, so
 * "utf8", "Windows_1251" and "ISO8859-1" all work. UCS-2 is UTF-16LE in practice (what Windows
 * "Unicode" exports write); plain UTF-16 without a BOM is taken as little-endian for the same reason.
 */
const ENCODING_ALIASES: Readonly<Record<string, SupportedEncoding>> = {
  UTF8: 'UTF-8',
  WINDOWS1251: 'WINDOWS-1251', CP1251: 'WINDOWS-1251',
  WINDOWS1252: 'WINDOWS-1252', CP1252: 'WINDOWS-1252',
  KOI8R: 'KOI8-R',
  CP866: 'CP866', IBM866: 'CP866',
  ISO88591: 'ISO-8859-1', LATIN1: 'ISO-8859-1',
  ISO885915: 'ISO-8859-15', LATIN9: 'ISO-8859-15',
  UTF16LE: 'UTF-16LE', UTF16: 'UTF-16LE', UCS2: 'UTF-16LE', UCS2LE: 'UTF-16LE',
  UTF16BE: 'UTF-16BE', UCS2BE: 'UTF-16BE',
};

/** The canonical name of a supported encoding. @throws ValidationError for anything else. */
export function normaliseEncoding(name: string): SupportedEncoding {
  const canonical = ENCODING_ALIASES[name.toUpperCase().replace(/[-_\s]/g, '')];
  // The iconv check guards the table against a typo: a name we accept must be decodable.
  if (canonical === undefined || !iconv.encodingExists(canonical)) {
    throw ValidationError.single('encoding', 'invalid', `Unsupported encoding: ${name}`);
  }
  return canonical;
}

/** UTF-16 is the only supported family whose bytes are not a superset of ASCII. */
export function isUtf16(encoding: SupportedEncoding): boolean {
  return encoding === 'UTF-16LE' || encoding === 'UTF-16BE';
}

/** xlsx is a zip (local file header `PK\x03\x04`); legacy xls is an OLE2 compound file. */
export function sniffFormat(head: Uint8Array): FileFormat {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.length >= 4 && head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
  return 'csv';
}

export interface Bom {
  encoding: SupportedEncoding;
  length: number;
}

/** The byte-order mark at the start of `head`, if any. */
export function detectBom(head: Uint8Array): Bom | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'UTF-8', length: 3 };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return { encoding: 'UTF-16LE', length: 2 };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return { encoding: 'UTF-16BE', length: 2 };
  return null;
}

/**
 * A BOM wins over the requested encoding: it is proof, the option is a claim (SmartFocus clients
 * send `UTF-8` whatever they upload). Without a BOM: the option, default UTF-8.
 */
export function sniffEncoding(head: Uint8Array, requested?: string): SupportedEncoding {
  const fallback = requested === undefined || requested.trim() === '' ? 'UTF-8' : normaliseEncoding(requested);
  return detectBom(head)?.encoding ?? fallback;
}

export const DELIMITERS: readonly string[] = [',', ';', '|', '\t'];

/**
 * The delimiter that occurs most often in the first record, counted outside the enclosure (a
 * quoted "Smith, John" must not vote for the comma). Ties go to the earlier of `, ; | TAB`, and a
 * one-column file (no candidate at all) reads as comma-separated.
 */
export function detectDelimiter(firstText: string, enclosure = '"'): string {
  const counts = new Map<string, number>();
  let inQuotes = false;
  for (let i = 0; i < firstText.length; i++) {
    const c = firstText[i] as string;
    if (c === enclosure) inQuotes = !inQuotes; // a doubled "" toggles twice: net no change
    else if (!inQuotes && (c === '\n' || c === '\r')) break;
    else if (!inQuotes && DELIMITERS.includes(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}

/** Accepts the delimiter spellings faces send (`tab`, `\t`, the TAB itself). @throws ValidationError */
export function normaliseDelimiter(raw: string): string {
  const d = raw.toLowerCase() === 'tab' || raw === '\\t' ? '\t' : raw;
  if (!DELIMITERS.includes(d)) throw ValidationError.single('delimiter', 'invalid', `Unsupported delimiter: ${raw}`);
  return d;
}

export interface SniffRequest {
  format?: FileFormat;
  encoding?: string;
  delimiter?: string;
  enclosure?: string;
}

/**
 * The ReadOptions of a file: given options win (except a BOM, see sniffEncoding), the rest is
 * detected from its first SNIFF_BYTES. @throws ValidationError for an unsupported encoding,
 * delimiter or enclosure.
 */
export async function sniffFile(path: string, given: SniffRequest = {}): Promise<ReadOptions> {
  const handle = await open(path, 'r');
  let head: Buffer;
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  return sniffBuffer(head, given);
}

/** sniffFile on bytes already in memory. */
export function sniffBuffer(head: Buffer, given: SniffRequest = {}): ReadOptions {
  const enclosure = given.enclosure ?? '"';
  if (enclosure.length !== 1) throw ValidationError.single('enclosure', 'invalid', 'The enclosure must be one character');
  const format = given.format ?? sniffFormat(head);
  if (format !== 'csv') return { format, encoding: 'UTF-8', delimiter: ',', enclosure };
  const encoding = sniffEncoding(head, given.encoding);
  let delimiter: string;
  if (given.delimiter !== undefined && given.delimiter !== '') delimiter = normaliseDelimiter(given.delimiter);
  else {
    const bom = detectBom(head);
    // A multi-byte character cut at the end of the sniffed block decodes to U+FFFD: harmless here.
    delimiter = detectDelimiter(iconv.decode(head.subarray(bom?.length ?? 0), encoding), enclosure);
  }
  return { format, encoding, delimiter, enclosure };
}
