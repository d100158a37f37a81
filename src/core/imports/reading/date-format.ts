/**
 * SmartFocus date formats are Java SimpleDateFormat patterns (`yyyy-MM-dd`, `dd/MM/yyyy HH:mm`).
 * A pattern is compiled once per job into a small token list; parsing a cell is then a single
 * pass over its characters, without regular expressions or Date objects.
 *
 * Supported letters: y (yy = two-digit year, otherwise four digits), M, d, H, m, s (one or two
 * digits, as Java's parser accepts `5/3/2013` for `dd/MM/yyyy`), S (fraction, ignored); everything
 * else that is not a letter, and text in single quotes (`''` = a quote), is literal. Month names,
 * 12-hour clocks and time zones are refused at compile time rather than misread.
 *
 * Pure: the two-digit-year window is fixed (see `twoDigitYearStart`) instead of Java's
 * "80 years before now", so a job parses the same way whenever it runs.
 */
import { ValidationError } from '../../errors.js';

/** ISO `YYYY-MM-DD`, or `YYYY-MM-DDTHH:mm:ss` when the pattern has a time; null when the text does not match or names no real instant. */
export type DateParser = (text: string) => string | null;

export interface DateFormatOptions {
  /** First year of the 100-year window two-digit years fall in. Default 1950 (yy 50 → 1950, 49 → 2049). */
  twoDigitYearStart?: number;
}

type Field = 'year' | 'year2' | 'month' | 'day' | 'hour' | 'minute' | 'second' | 'fraction';

type Token = { kind: 'literal'; text: string } | { kind: 'number'; field: Field; min: number; max: number };

const LETTERS: Readonly<Record<string, Field>> = { y: 'year', M: 'month', d: 'day', H: 'hour', m: 'minute', s: 'second', S: 'fraction' };

function invalid(pattern: string, why: string): ValidationError {
  return ValidationError.single('dateFormat', 'invalid', `Unsupported date format "${pattern}": ${why}`);
}

function tokenize(pattern: string): Token[] {
  const raw: Token[] = [];
  const literal = (text: string): void => {
    const last = raw[raw.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else raw.push({ kind: 'literal', text });
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === "'") {
      if (pattern[i + 1] === "'") {
        literal("'");
        i += 2;
        continue;
      }
      let text = '';
      i++;
      for (;;) {
        if (i >= pattern.length) throw invalid(pattern, 'unterminated quote');
        if (pattern[i] === "'") {
          if (pattern[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += pattern[i];
        i++;
      }
      literal(text);
    } else if (/[A-Za-z]/.test(c)) {
      let n = 1;
      while (pattern[i + n] === c) n++;
      const field = LETTERS[c];
      if (field === undefined) throw invalid(pattern, `letter "${c}" is not supported`);
      if (field === 'month' && n > 2) throw invalid(pattern, 'month names are not supported');
      if (field === 'year') raw.push(n === 2 ? { kind: 'number', field: 'year2', min: 2, max: 2 } : { kind: 'number', field: 'year', min: 4, max: 4 });
      else raw.push({ kind: 'number', field, min: n, max: n });
      i += n;
    } else {
      literal(c);
      i++;
    }
  }
  // Widths: a field followed by a literal (or the end) is delimited, so it may be shorter or longer
  // like Java accepts; adjacent numeric fields (yyyyMMdd) must keep their written widths.
  return raw.map((t, k) => {
    if (t.kind !== 'number') return t;
    const next = raw[k + 1];
    const delimited = next === undefined || next.kind === 'literal';
    if (!delimited) return t;
    if (t.field === 'year' || t.field === 'year2') return t;
    if (t.field === 'fraction') return { ...t, min: 1, max: 9 };
    return { ...t, min: 1, max: 2 };
  });
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Two-digit strings 00–99, so formatting a parsed date allocates only the result. */
const P2: readonly string[] = Array.from({ length: 100 }, (_, n) => (n < 10 ? `0${n}` : String(n)));

const FIELD_CODES: Readonly<Record<Field, number>> = { fraction: 0, year: 1, year2: 2, month: 3, day: 4, hour: 5, minute: 6, second: 7 };

/** @throws ValidationError for a pattern that is not supported (the job fails before reading rows). */
export function compileDateFormat(pattern: string, options: DateFormatOptions = {}): DateParser {
  const tokens = tokenize(pattern);
  const fields = new Set(tokens.flatMap((t) => (t.kind === 'number' ? [t.field] : [])));
  if (!(fields.has('year') || fields.has('year2')) || !fields.has('month') || !fields.has('day')) {
    throw invalid(pattern, 'a date needs a year, a month and a day');
  }
  const hasTime = fields.has('hour') || fields.has('minute');
  const windowStart = options.twoDigitYearStart ?? 1950;

  // One flat shape for every token so the per-cell loop stays monomorphic.
  const steps = tokens.map((t) => (t.kind === 'literal'
    ? { literal: true, text: t.text, field: 0, min: 0, max: 0 }
    : { literal: false, text: '', field: FIELD_CODES[t.field], min: t.min, max: t.max }));
  const windowCentury = windowStart % 100;

  return (input: string): string | null => {
    const text = input.trim();
    const len = text.length;
    let year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    let i = 0;
    for (let k = 0; k < steps.length; k++) {
      const t = steps[k] as (typeof steps)[number];
      if (t.literal) {
        if (!text.startsWith(t.text, i)) return null;
        i += t.text.length;
        continue;
      }
      let value = 0;
      let n = 0;
      while (n < t.max && i < len) {
        const code = text.charCodeAt(i);
        if (code < 48 || code > 57) break;
        value = value * 10 + (code - 48);
        n++;
        i++;
      }
      if (n < t.min) return null;
      switch (t.field) {
        case 1: year = value; break;
        case 2: year = windowStart + ((value - windowCentury + 100) % 100); break;
        case 3: month = value; break;
        case 4: day = value; break;
        case 5: hour = value; break;
        case 6: minute = value; break;
        case 7: second = value; break;
        default: break;
      }
    }
    if (i !== len) return null;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || year < 1) return null;
    if (hour > 23 || minute > 59 || second > 59) return null;
    const date = (year >= 1000 ? String(year) : String(year).padStart(4, '0')) + '-' + P2[month] + '-' + P2[day];
    return hasTime ? date + 'T' + P2[hour] + ':' + P2[minute] + ':' + P2[second] : date;
  };
}
