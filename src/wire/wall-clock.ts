/** Wall-clock times `YYYY-MM-DD HH:MM:SS` in an account's time zone, as Mobizon writes and reads them. */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function formatWallClock(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The instant a `YYYY-MM-DD HH:MM:SS` wall-clock time in `timeZone` names; null when malformed. */
export function parseWallClock(text: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const asUtc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  if (Number.isNaN(asUtc)) return null;
  // The zone's offset at that moment, found by formatting the UTC guess back in the zone.
  const shown = formatWallClock(new Date(asUtc).toISOString(), timeZone);
  const shownUtc = Date.parse(`${shown.replace(' ', 'T')}Z`);
  const result = new Date(asUtc - (shownUtc - asUtc));
  return formatWallClock(result.toISOString(), timeZone) === text.trim() ? result : null;
}
