/**
 * Placeholders of template campaigns (Mobizon campaign type 3): `{name}` in the text is replaced by
 * the recipient's value for `name`. Names are Latin letters, digits, `_` and `-` (Create: "The
 * variable should be written by symbols of a Latin letters, numbers and symbols "_", "-", and is
 * framed in curly braces"); anything else in braces is plain text. Names are case-sensitive, as the
 * recipients' keys and CSV headers that supply them are matched literally.
 *
 * params[placeholdersFlag] decides what happens when a recipient has no value for a placeholder
 * (AddRecipients, "Processing of the missing variables"):
 *   1 — default: the message is added and the placeholder stays in the text as it is (`{name}`);
 *   2 — the message is added and the placeholder is deleted (replaced by nothing);
 *   3 — the message is rejected: recipient code 20, "sent data does not contain all necessary
 *       placeholders". (The code table says 20 applies "if placeholdersFlag is set to 1 value";
 *       that contradicts the flag description, under which 1 never rejects — we follow the flag
 *       description, the only reading under which all three flags differ.)
 * A value that is present but empty counts as given (it fills the placeholder with nothing under
 * every flag): the reference speaks of missing variables and missing columns, not empty cells.
 * Values are inserted once: a value containing `{other}` is not expanded again.
 */

export type PlaceholdersFlag = 1 | 2 | 3;

export const DEFAULT_PLACEHOLDERS_FLAG: PlaceholdersFlag = 1;

const PLACEHOLDER = /\{([A-Za-z0-9_-]+)\}/g;

/** The flag from a request value ("1", 2, undefined → default), or null when it is not 1, 2 or 3. */
export function parsePlaceholdersFlag(value: unknown): PlaceholdersFlag | null {
  if (value === undefined || value === null || value === '') return DEFAULT_PLACEHOLDERS_FLAG;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  return n === 1 || n === 2 || n === 3 ? n : null;
}

/** The distinct placeholder names of a text, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1] ?? '');
  return [...names];
}

export type FillResult = { text: string } | { missing: string[] };

/**
 * The recipient's text: placeholders replaced by their values; missing ones handled per the flag.
 * `{ missing }` (distinct names, in order) only under flag 3 when a value is missing.
 */
export function fillPlaceholders(text: string, values: Readonly<Record<string, string | number | null | undefined>>, flag: PlaceholdersFlag): FillResult {
  const missing: string[] = [];
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value !== undefined && value !== null) return String(value);
    if (!missing.includes(name)) missing.push(name);
    return flag === 2 ? '' : whole;
  });
  if (flag === 3 && missing.length > 0) return { missing };
  return { text: filled };
}
