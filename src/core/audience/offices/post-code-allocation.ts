/*
 * UK post codes and the allocation of post code ranges to offices. Pure functions: no database.
 *
 * A post code is OUTWARD INWARD, e.g. `BN14 8AD`: the outward code is the district (`BN14`) whose
 * leading letters are the area (`BN`); the outward code plus the inward digit is the sector
 * (`BN14 8`). Allocations name an area, district, sector or a whole post code.
 */

const OUTWARD = '[A-Z]{1,2}[0-9][0-9A-Z]?';
const AREA_RE = /^[A-Z]{1,2}$/;
const DISTRICT_RE = new RegExp(`^${OUTWARD}$`);
// The optional space lets `BN148` mean `BN14 8`; district is tried first, so a compact `BN14` stays
// the district rather than sector `BN1 4` (write `BN1 4` with the space for that).
const SECTOR_RE = new RegExp(`^(${OUTWARD}) ?([0-9])$`);
const UNIT_RE = new RegExp(`^(${OUTWARD}) ?([0-9][A-Z]{2})$`);

export type AllocationKind = 'area' | 'district' | 'sector' | 'unit';

export interface AllocationEntry {
  kind: AllocationKind;
  /** Canonical form: `BN`, `BN14`, `BN14 8` or `BN14 8AD`. */
  value: string;
}

/** Parses one allocation entry in any case and spacing; null when it is no post code range. */
export function parseAllocationEntry(raw: string): AllocationEntry | null {
  const s = raw.trim().toUpperCase().replace(/\s+/g, ' ');
  if (AREA_RE.test(s)) return { kind: 'area', value: s };
  if (DISTRICT_RE.test(s)) return { kind: 'district', value: s };
  const sector = SECTOR_RE.exec(s);
  if (sector) return { kind: 'sector', value: `${sector[1]} ${sector[2]}` };
  const unit = UNIT_RE.exec(s);
  if (unit) return { kind: 'unit', value: `${unit[1]} ${unit[2]}` };
  return null;
}

export interface NormalisedAllocation {
  /** Canonical entries, first occurrence order, without duplicates. */
  entries: string[];
  /** Entries (as given, trimmed) that are not a post code range. */
  invalid: string[];
}

/** Normalises a list of entries; an entry holding commas counts as several (`"BN1,BN2"`). */
export function normaliseAllocation(raw: readonly string[]): NormalisedAllocation {
  const entries: string[] = [];
  const invalid: string[] = [];
  for (const piece of raw.flatMap((r) => r.split(','))) {
    if (piece.trim() === '') continue;
    const parsed = parseAllocationEntry(piece);
    if (!parsed) invalid.push(piece.trim());
    else if (!entries.includes(parsed.value)) entries.push(parsed.value);
  }
  return { entries, invalid };
}

export interface ParsedPostCode {
  /** District, e.g. `BN14`. */
  outward: string;
  /** e.g. `8AD`; null for a partial post code that is only an outward code. */
  inward: string | null;
}

/** Parses a contact's post code in any case and spacing (`bn148ad`, `BN14 8AD`); null if it is none. */
export function parsePostCode(raw: string): ParsedPostCode | null {
  const compact = raw.toUpperCase().replace(/\s+/g, '');
  const unit = UNIT_RE.exec(compact);
  if (unit) return { outward: unit[1]!, inward: unit[2]! };
  if (DISTRICT_RE.test(compact)) return { outward: compact, inward: null };
  return null;
}

export interface AllocationCandidate {
  officeId: number;
  allocation: readonly string[];
}

const SPECIFICITY: Record<AllocationKind, number> = { unit: 4, sector: 3, district: 2, area: 1 };

/** The canonical allocation values a post code falls under, with their specificity. */
function rangesOf(postCode: ParsedPostCode): Map<string, number> {
  const ranges = new Map<string, number>();
  const area = /^[A-Z]+/.exec(postCode.outward)![0];
  ranges.set(area, SPECIFICITY.area);
  // Exact outward code only: `BN1` must not catch `BN14 8AD`.
  ranges.set(postCode.outward, SPECIFICITY.district);
  if (postCode.inward !== null) {
    ranges.set(`${postCode.outward} ${postCode.inward[0]}`, SPECIFICITY.sector);
    ranges.set(`${postCode.outward} ${postCode.inward}`, SPECIFICITY.unit);
  }
  return ranges;
}

/**
 * The candidate whose allocation matches the post code most specifically (whole post code, then
 * sector, district, area); equally specific matches go to the lowest office id. Null when nothing
 * matches or the post code cannot be read.
 */
export function matchAllocation<T extends AllocationCandidate>(postCode: string, candidates: readonly T[]): T | null {
  const parsed = parsePostCode(postCode);
  if (!parsed) return null;
  const ranges = rangesOf(parsed);
  let best: { candidate: T; score: number } | null = null;
  for (const candidate of candidates) {
    let score = 0;
    for (const entry of candidate.allocation) {
      const value = parseAllocationEntry(entry)?.value;
      score = Math.max(score, value === undefined ? 0 : (ranges.get(value) ?? 0));
    }
    if (score === 0) continue;
    if (!best || score > best.score || (score === best.score && candidate.officeId < best.candidate.officeId)) best = { candidate, score };
  }
  return best?.candidate ?? null;
}
