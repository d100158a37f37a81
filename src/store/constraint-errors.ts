/** Recognising constraint violations from either driver, so callers can turn them into domain errors. */
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
