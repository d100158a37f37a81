const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats dates as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone: statistics are per local day. */
export function dayInTimeZone(at: Date, timeZone: string): string {
  return formatter(timeZone).format(at);
}

/** Every day from the day of `from` to the day of `to` (inclusive), in a time zone; at most `limit`. */
export function daysBetween(from: Date, to: Date, timeZone: string, limit = 3660): string[] {
  return dayRange(dayInTimeZone(from, timeZone), dayInTimeZone(to, timeZone), limit);
}

/** Calendar days from `first` to `last` (YYYY-MM-DD, inclusive); at most `limit`. */
export function dayRange(first: string, last: string, limit = 3660): string[] {
  const days: string[] = [];
  // Walk calendar days in UTC on the day strings themselves: no DST arithmetic involved.
  for (let d = new Date(`${first}T00:00:00Z`); days.length < limit && !Number.isNaN(d.getTime()); d.setUTCDate(d.getUTCDate() + 1)) {
    const day = d.toISOString().slice(0, 10);
    if (day > last) break;
    days.push(day);
  }
  return days;
}
