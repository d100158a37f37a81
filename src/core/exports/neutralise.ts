/**
 * Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"): `=`, `+`,
 * `-`, `@`, and TAB and CR, which some spreadsheets skip before looking for those. A cell starts
 * at the start of the field, and also after a `;` or `|` inside it: Excel in a locale whose list
 * separator is one of those (most of continental Europe uses `;`) splits a comma CSV's line there,
 * whatever the quoting, so `Hove;=cmd` reaches it as a cell `=cmd`.
 */
const FORMULA_AT_CELL_START = /(^|[;|])(?=[=+\-@\t\r])/g;

/**
 * Prefixes every place a spreadsheet would start evaluating with `'`, so it is shown as text.
 * Applied to every exported cell, headers included, in CSV and XLSX alike (an XLSX string is never
 * a formula, but users re-save exports as CSV and open them elsewhere).
 *
 * Documented consequence: phone numbers are E.164 and begin with `+`, so they are exported as
 * `'+441903123456`; a negative number or a date like `-1` is prefixed too, and so is text after a
 * `;` or `|` that begins with one of those characters. That is the price of never handing a
 * spreadsheet something it will execute.
 */
export function neutraliseFormula(cell: string): string {
  return cell.replace(FORMULA_AT_CELL_START, "$1'");
}
