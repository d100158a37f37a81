/** ISO-8601 UTC timestamp with milliseconds: the one timestamp format Herald stores. */
export function nowIso(): string {
  return new Date().toISOString();
}
