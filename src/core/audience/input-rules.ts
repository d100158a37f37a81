/* Input rules shared by the audience modules (offices, users, custom fields). */

const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Deliberately loose: mail servers are the real judge; this only refuses what cannot be an address. */
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** Trimmed text, keeping "not given" (undefined) apart from "given empty". */
export function trimmedOrUndefined(value: string | undefined): string | undefined {
  return value === undefined ? undefined : value.trim();
}

interface DriverError {
  code?: string;
  message?: string;
}

/** A unique index refused the write (PostgreSQL 23505, SQLite UNIQUE constraint). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as DriverError;
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint/.test(e.message ?? '');
}

/** A foreign key refused the write: a row appeared that still points at what was being deleted. */
export function isForeignKeyViolation(err: unknown): boolean {
  const e = err as DriverError;
  return e.code === '23503' || e.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || /FOREIGN KEY constraint/.test(e.message ?? '');
}
