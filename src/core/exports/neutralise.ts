/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"): `=`, `+`,
 * `-`, `@`, and TAB and CR, which some spreadsheets skip before looking for those.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Prefixes a cell that a spreadsheet would evaluate with `'`, so it is shown as text. Applied to
 * every exported cell, headers included, in CSV and XLSX alike (an XLSX string is never a formula,
 * but users re-save exports as CSV and open them elsewhere).
 *
 * Documented consequence: phone numbers are E.164 and begin with `+`, so they are exported as
 * `'+441903123456`; a negative number or a date like `-1` is prefixed too. That is the price of
 * never handing a spreadsheet something it will execute.
 */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
