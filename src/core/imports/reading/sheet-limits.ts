/**
 * What a spreadsheet may cost to read. A small upload can inflate to gigabytes (zip bombs: highly
 * compressible shared strings, many entries) or keep a parser busy for seconds (legacy .xls), so
 * every spreadsheet is measured before a parser sees it and parsed in a worker thread that these
 * limits bound. The same limits hold for contact imports and SMS recipient files.
 */
import { ValidationError } from '../../errors.js';

export interface SheetLimits {
  /** Sum of the archive's uncompressed entry sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed size of any entry larger than RATIO_FLOOR_BYTES. */
  maxCompressionRatio: number;
  maxZipEntries: number;
  /** Uncompressed size of xl/sharedStrings.xml, which the reader keeps in memory whole. */
  maxSharedStringsBytes: number;
  /** A legacy .xls holds at most 65,536 rows and is parsed whole: a few MB is plenty. */
  maxXlsBytes: number;
  /** Old-generation heap of the parsing worker. */
  workerHeapMb: number;
  /** Longest wait for the worker's next chunk of rows. */
  chunkTimeoutMs: number;
}

const MB = 1024 * 1024;

export const SHEET_LIMITS: Readonly<SheetLimits> = {
  maxUncompressedBytes: 1024 * MB,
  maxCompressionRatio: 200,
  maxZipEntries: 2000,
  maxSharedStringsBytes: 100 * MB,
  maxXlsBytes: 16 * MB,
  workerHeapMb: 512,
  chunkTimeoutMs: 60_000,
};

/** Entries smaller than this are not ratio-checked: a tiny entry of blanks is harmless. */
export const RATIO_FLOOR_BYTES = MB;

/** The only shared-strings part the XLSX reader loads. */
export const SHARED_STRINGS_ENTRY = 'xl/sharedStrings.xml';

export interface ZipEntrySize {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

const mb = (n: number): string => `${Math.round(n / MB)} MB`;

/** Pure: why an archive with these central-directory entries is refused, or null when it is not. */
export function zipProblem(entries: readonly ZipEntrySize[], limits: SheetLimits): string | null {
  if (entries.length > limits.maxZipEntries) return `the archive has more than ${limits.maxZipEntries} entries`;
  let total = 0;
  for (const e of entries) {
    total += e.uncompressedSize;
    if (e.uncompressedSize > RATIO_FLOOR_BYTES && e.uncompressedSize > e.compressedSize * limits.maxCompressionRatio) {
      return `${e.name} is compressed more than ${limits.maxCompressionRatio} to 1`;
    }
    if (e.name === SHARED_STRINGS_ENTRY && e.uncompressedSize > limits.maxSharedStringsBytes) {
      return `its shared strings exceed ${mb(limits.maxSharedStringsBytes)}`;
    }
  }
  if (total > limits.maxUncompressedBytes) return `it uncompresses to more than ${mb(limits.maxUncompressedBytes)}`;
  return null;
}

/** The error every refused spreadsheet gets: field `file`, which faces rename for their own protocol. */
export function refusedSheet(reason: string): ValidationError {
  return ValidationError.single('file', 'invalid', `The spreadsheet is refused: ${reason}`);
}
