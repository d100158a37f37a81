/**
 * The contract between reading (file → validated records) and writing (records → database).
 * Reading knows nothing of the database; writing knows nothing of file formats.
 */
import type { ContactFieldValues } from '../../audience/contacts/fields.js';
import type { BareDigits } from '../../audience/contacts/phone.js';
import type { ColumnMapping, DedupKey, FileFormat } from '../types.js';

export interface SourceRow {
  /** 1-based record number in the file, the header counted (what the log file names). */
  rowNumber: number;
  /** The record's original bytes, line ending included, in the file's own encoding (for the bad file). */
  raw: Buffer;
  /** Decoded cells. */
  cells: string[];
  /** Bytes of the file consumed up to the end of this record (progress, checkpoints). */
  offset: number;
  /** A problem found while reading (bad encoding, unbalanced quotes, too many columns…); the row is rejected. */
  problem?: RowProblem;
}

export interface RowProblem {
  /** Column name or number the problem is in; '' for the whole row. */
  column: string;
  reason: string;
}

export interface ReadOptions {
  format: FileFormat;
  encoding: string;
  delimiter: string;
  enclosure: string;
  /**
   * Cells a record may have; more is the problem "too many columns". Default: the cell count of
   * the file's first record (its header, or its first row when it has none), which also holds on
   * resume (record 1 is then split, only to count its cells).
   */
  expectedColumns?: number;
}

/** One validated, normalised row, ready to write. */
export interface ContactRecord {
  rowNumber: number;
  /** Standard fields present in the mapping (empty cells of `replace` columns included as empty/null). */
  values: ContactFieldValues;
  /** Fields whose empty cell must keep the stored value (mapping `replace: false`). */
  keepIfEmpty: ReadonlySet<string>;
  /** Custom field id → value ('' = clear). */
  custom: ReadonlyMap<number, string>;
  /** MEMBER_ID when mapped (dedup key memberId). */
  memberId: number | null;
  /** The dedup key's value (email lower-cased, mobile E.164, member id), or null when the row has none. */
  key: string | null;
}

export type RowOutcome = { ok: true; record: ContactRecord } | { ok: false; problem: RowProblem };

export interface RecordRules {
  mapping: ColumnMapping[];
  dateFormat: string;
  dedupKey: DedupKey;
  /** Phone region of last resort. */
  defaultCountry: string | null;
  /** How phone cells written without `+` read; default 'national'. */
  phoneDigits?: BareDigits;
  /**
   * How problems name columns: the header's cells (index = column - 1). Absent, or an empty
   * name: the column number.
   */
  columnNames?: readonly string[];
}
