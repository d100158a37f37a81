/* Input rules shared by the audience modules (offices, users, custom fields). */

/** Trimmed text, keeping "not given" (undefined) apart from "given empty". */
export function trimmedOrUndefined(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.trim();
}

