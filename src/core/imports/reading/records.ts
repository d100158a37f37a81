/**
 * A SourceRow → a validated ContactRecord (or the one problem that rejects it). The field rules
 * are the contact API's own, so an import accepts exactly what a single create accepts; this
 * module adds what only files have: column positions, the job's date format, keep-if-empty
 * columns and the dedup key.
 *
 * Speed: validateContactFields costs ~2–4 µs a call (its generic loops probe 20 field names with
 * megamorphic keyed loads), which alone would cap an import near 250k rows/s. So the per-job work
 * is compiled once (cached per RecordRules object) into one normaliser per mapped column that
 * calls the same rule functions (isValidEmail, emailKey, normaliseCountry, normalisePhone,
 * normaliseGender, normaliseStatus) in the same order. Any row the fast path would reject is run
 * through validateContactFields itself, so problems carry its exact field and message, and its
 * verdict wins if the two ever disagree. A test pins both paths to the same values.
 * dateOfBirth is the one field whose rule differs on purpose: an import parses the job's
 * SmartFocus date format (date-format.ts), not the API's ISO-only rule.
 */
import { IssueList, ValidationError } from '../../errors.js';
import type { ContactInput } from '../../audience/contacts/contacts.js';
import { normaliseCountry } from '../../audience/contacts/country.js';
import { normaliseDate } from '../../audience/contacts/dates.js';
import { validateContactFields, type ContactFieldValues, type FieldDefaults } from '../../audience/contacts/fields.js';
import { normaliseGender } from '../../audience/contacts/gender.js';
import { normalisePhone, type BareDigits } from '../../audience/contacts/phone.js';
import { normaliseStatus } from '../../audience/contacts/status.js';
import { emailKey, isValidEmail } from '../../audience/email-address.js';
import type { DedupKey } from '../types.js';
import type { ContactRecord, RecordRules, RowOutcome, RowProblem, SourceRow } from './contract.js';
import { compileDateFormat, type DateParser } from './date-format.js';
import { customFieldId, SMARTFOCUS_NAMES, type StandardField } from './mapping.js';

/** The ContactInput keys a column can fill (all take a string). */
type InputField = Exclude<StandardField, 'memberId'>;

/** Which rule a column's cell goes through; text fields are only trimmed. */
type Kind = 'text' | 'email' | 'phone' | 'country' | 'dateOfBirth' | 'gender' | 'status';

const KIND_OF: Readonly<Partial<Record<InputField, Kind>>> = {
  email: 'email', telephone: 'phone', mobile: 'phone', fax: 'phone', country: 'country', dateOfBirth: 'dateOfBirth',
  gender: 'gender', status: 'status',
};

interface StandardColumn {
  index: number;
  field: InputField;
  kind: Kind;
  label: string;
}

interface CustomColumn {
  index: number;
  id: number;
  replace: boolean;
}

type Values = Record<string, string | null>;

interface Plan {
  standard: StandardColumn[];
  custom: CustomColumn[];
  member: { index: number; label: string } | null;
  /** Column label of each mapped field (problems name columns, validation names fields). */
  labelOf: Map<string, string>;
  keepIfEmpty: ReadonlySet<string>;
  parseDate: DateParser;
  dateFormat: string;
  dedupKey: DedupKey;
  defaults: FieldDefaults;
  phoneDigits: BareDigits;
  /** Reused for every row: validateContactFields appends to it, toRecord empties it. */
  issues: IssueList;
  customFieldIds: ReadonlySet<number>;
  /**
   * Every key fastValues writes (except a status, which a blank cell leaves out), in write order.
   * Cloning it gives each row's values one stable hidden class, so the column loop's keyed stores
   * hit existing properties instead of growing a fresh object key by key.
   */
  template: Values;
  /** normaliseCountry is pure and a file holds few distinct countries: remember its answers. */
  countries: Map<string, string | null>;
}

const EMPTY_CUSTOM: ReadonlyMap<number, string> = new Map();
const plans = new WeakMap<RecordRules, Plan>();

/** Label of a column for problems: its header name, else its number. */
function labelFor(rules: RecordRules, column: number): string {
  const name = rules.columnNames?.[column - 1]?.trim();
  return name !== undefined && name !== '' ? name : String(column);
}

function compile(rules: RecordRules, customFieldIds: ReadonlySet<number>): Plan {
  const standard: StandardColumn[] = [];
  const custom: CustomColumn[] = [];
  const labelOf = new Map<string, string>();
  const keep = new Set<string>();
  let member: Plan['member'] = null;
  for (const m of rules.mapping) {
    const label = labelFor(rules, m.column);
    labelOf.set(m.field, label);
    if (!m.replace) keep.add(m.field);
    const id = customFieldId(m.field);
    if (id !== null) {
      if (!customFieldIds.has(id)) throw ValidationError.single('mapping', 'unknown', `Unknown custom field ${id}`);
      custom.push({ index: m.column - 1, id, replace: m.replace });
    } else if (m.field === 'memberId') {
      member = { index: m.column - 1, label };
    } else {
      // resolveMapping produced these names; a hand-made mapping could still name anything.
      const field = m.field as InputField;
      standard.push({ index: m.column - 1, field, kind: KIND_OF[field] ?? 'text', label });
    }
  }
  // The country is the phone numbers' region, so it is read first (as validateContactFields does).
  standard.sort((a, b) => Number(b.kind === 'country') - Number(a.kind === 'country'));
  if (labelOf.has('email')) labelOf.set('emailKey', labelOf.get('email') as string);
  const template: Values = {};
  for (const col of standard) {
    if (col.kind === 'status') continue;
    template[col.field] = null;
    if (col.kind === 'email') template.emailKey = null;
  }
  return {
    template, countries: new Map(),
    standard, custom, member, labelOf, keepIfEmpty: keep,
    parseDate: compileDateFormat(rules.dateFormat || 'yyyy-MM-dd'),
    dateFormat: rules.dateFormat || 'yyyy-MM-dd',
    dedupKey: rules.dedupKey,
    defaults: { currentCountry: '', defaultCountry: rules.defaultCountry },
    phoneDigits: rules.phoneDigits ?? 'national',
    issues: new IssueList(),
    customFieldIds,
  };
}

let lastRules: RecordRules | null = null;
let lastPlan: Plan | null = null;

function planFor(rules: RecordRules, customFieldIds: ReadonlySet<number>): Plan {
  // A job calls with the same rules row after row: skip even the WeakMap lookup.
  if (rules === lastRules && lastPlan !== null && lastPlan.customFieldIds === customFieldIds) return lastPlan;
  let plan = plans.get(rules);
  if (plan === undefined || plan.customFieldIds !== customFieldIds) {
    plan = compile(rules, customFieldIds);
    plans.set(rules, plan);
  }
  lastRules = rules;
  lastPlan = plan;
  return plan;
}

const MAX_CACHED_COUNTRIES = 1000;

function countryOf(plan: Plan, text: string): string | null {
  let alpha2 = plan.countries.get(text);
  if (alpha2 === undefined) {
    alpha2 = normaliseCountry(text);
    if (plan.countries.size < MAX_CACHED_COUNTRIES) plan.countries.set(text, alpha2);
  }
  return alpha2;
}

/** Empty or only whitespace, checking the first character before paying for trim(). */
function isBlank(v: string): boolean {
  return v.length === 0 || (v.charCodeAt(0) <= 32 && v.trim() === '');
}

function fail(column: string, reason: string): RowOutcome {
  return { ok: false, problem: { column, reason } };
}

type Checked = { values: ContactFieldValues } | { problem: RowProblem };

/** Parses a date cell: the job's format, or ISO (spreadsheet date cells arrive as ISO text whatever the format). */
function parseDateCell(v: string, plan: Plan): string | null {
  const parsed = plan.parseDate(v) ?? normaliseDate(v);
  return parsed === null ? null : parsed.slice(0, 10);
}

/**
 * The accepting path: the same rules as validateContactFields, one compiled column at a time.
 * Returns null as soon as a cell breaks a rule; the row then goes through canonicalValues.
 */
function fastValues(cells: readonly string[], plan: Plan): ContactFieldValues | null {
  const out: Values = { ...plan.template };
  let region = plan.defaults.currentCountry || plan.defaults.defaultCountry;
  for (const col of plan.standard) {
    const v = cells[col.index] ?? '';
    switch (col.kind) {
      case 'text':
        out[col.field] = v.trim();
        break;
      case 'country': {
        const t = v.trim();
        if (t === '') {
          out.country = '';
          region = plan.defaults.defaultCountry;
        } else {
          const alpha2 = countryOf(plan, t);
          if (alpha2 === null) return null;
          out.country = region = alpha2;
        }
        break;
      }
      case 'phone': {
        if (isBlank(v)) out[col.field] = '';
        else {
          const e164 = normalisePhone(v, region, plan.phoneDigits);
          if (e164 === null) return null;
          out[col.field] = e164;
        }
        break;
      }
      case 'email': {
        const t = v.trim();
        if (t === '') out.email = out.emailKey = null;
        else if (!isValidEmail(t)) return null;
        else {
          out.email = t;
          out.emailKey = emailKey(t);
        }
        break;
      }
      case 'dateOfBirth':
        if (isBlank(v)) out.dateOfBirth = null;
        else if ((out.dateOfBirth = parseDateCell(v, plan)) === null) return null;
        break;
      case 'gender':
        if (isBlank(v)) out.gender = null;
        else if ((out.gender = normaliseGender(v)) === null) return null;
        break;
      case 'status':
        // No status is "leave it" (new contacts get the default), not an invalid status.
        if (!isBlank(v) && (out.status = normaliseStatus(v)) === null) return null;
        break;
    }
  }
  return out as ContactFieldValues;
}

/** The authoritative path for a row the fast path refused: validateContactFields decides and words the problem. */
function canonicalValues(cells: readonly string[], plan: Plan): Checked {
  const input: ContactInput = { phoneDigits: plan.phoneDigits };
  let dateOfBirth: string | null | undefined;
  let dateProblem: RowProblem | null = null;
  for (const col of plan.standard) {
    const v = cells[col.index] ?? '';
    if (col.kind === 'dateOfBirth') {
      dateOfBirth = isBlank(v) ? null : parseDateCell(v, plan);
      if (dateOfBirth === null && !isBlank(v)) dateProblem = { column: col.label, reason: `Invalid date "${v}" (expected ${plan.dateFormat})` };
    } else if (!(col.kind === 'status' && isBlank(v))) {
      input[col.field] = v;
    }
  }
  const issues = plan.issues;
  const values = validateContactFields(input, plan.defaults, issues);
  const first = issues.issues[0];
  issues.issues.length = 0;
  if (first !== undefined) return { problem: { column: plan.labelOf.get(first.field) ?? first.field, reason: first.message } };
  if (dateProblem !== null) return { problem: dateProblem };
  if (dateOfBirth !== undefined) values.dateOfBirth = dateOfBirth;
  return { values };
}

const KEY_NAMES: Readonly<Record<DedupKey, string>> = {
  email: SMARTFOCUS_NAMES.email ?? 'EMAIL', mobile: SMARTFOCUS_NAMES.mobile ?? 'EMVCELLPHONE', memberId: SMARTFOCUS_NAMES.memberId ?? 'MEMBER_ID',
};

/**
 * Applies the mapping, the date format and the contact field rules to one row. A row the reader
 * already flagged keeps its problem. Mapped fields are always present in `values` (an empty cell
 * as '' or null) so every row of a job has the same shape; `keepIfEmpty` says which of those
 * empties keep the stored value. @throws ValidationError only for a mapping naming a custom field
 * outside `customFieldIds` (a job configuration error, not a row error).
 */
export function toRecord(row: SourceRow, rules: RecordRules, customFieldIds: ReadonlySet<number>): RowOutcome {
  if (row.problem !== undefined) return { ok: false, problem: row.problem };
  const plan = planFor(rules, customFieldIds);
  const cells = row.cells;
  let memberId: number | null = null;
  if (plan.member !== null) {
    const v = (cells[plan.member.index] ?? '').trim();
    if (v !== '') {
      if (!/^\d{1,15}$/.test(v) || Number(v) === 0) return fail(plan.member.label, `Invalid MEMBER_ID "${v}" (expected a positive integer)`);
      memberId = Number(v);
    }
  }

  let values = fastValues(cells, plan);
  if (values === null) {
    const checked = canonicalValues(cells, plan);
    if ('problem' in checked) return { ok: false, problem: checked.problem };
    values = checked.values;
  }

  let key: string | null;
  switch (plan.dedupKey) {
    case 'email':
      key = values.emailKey ?? null;
      break;
    case 'mobile':
      key = values.mobile === undefined || values.mobile === '' ? null : values.mobile;
      break;
    case 'memberId':
      key = memberId === null ? null : String(memberId);
      break;
  }
  if (key === null) {
    const field = plan.dedupKey === 'memberId' ? 'memberId' : plan.dedupKey;
    const label = plan.labelOf.get(field);
    const name = label !== undefined && !/^\d+$/.test(label) ? label : KEY_NAMES[plan.dedupKey];
    return fail(label ?? '', `${name} is empty`);
  }

  let custom: ReadonlyMap<number, string> = EMPTY_CUSTOM;
  if (plan.custom.length > 0) {
    const map = new Map<number, string>();
    for (const col of plan.custom) {
      const v = (cells[col.index] ?? '').trim();
      // '' clears a value; a keep-if-empty column with an empty cell says nothing.
      if (v !== '' || col.replace) map.set(col.id, v);
    }
    custom = map;
  }

  const record: ContactRecord = { rowNumber: row.rowNumber, values, keepIfEmpty: plan.keepIfEmpty, custom, memberId, key };
  return { ok: true, record };
}

/** The problem of a rejected outcome (convenience for writers and tests). */
export function problemOf(outcome: RowOutcome): RowProblem | null {
  return outcome.ok ? null : outcome.problem;
}
