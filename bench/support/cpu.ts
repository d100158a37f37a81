import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../src/store/database.js';

/*
 * CPU time spent by this process and by the PostgreSQL backends serving its database. On a shared
 * machine wall-clock rows/s moves with other people's load; CPU per row barely does, so the
 * benchmark prints both (Linux only: backends are read from /proc; elsewhere they count as 0).
 */

const TICKS_PER_SECOND = 100;

function backendSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface CpuSnapshot {
  herald: number;
  /** Seconds per backend pid. */
  backends: Map<number, number>;
}

export async function cpuSnapshot(db: Db, postgres: boolean): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  const backends = new Map<number, number>();
  if (postgres) {
    const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(db);
    for (const { pid } of rows) backends.set(pid, backendSeconds(pid));
  }
  return { herald: (usage.user + usage.system) / 1e6, backends };
}

/** CPU seconds between two snapshots; a backend that appeared in between counts from zero. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot): { herald: number; postgres: number } {
  let postgres = 0;
  for (const [pid, seconds] of after.backends) postgres += seconds - (before.backends.get(pid) ?? 0);
  return { herald: after.herald - before.herald, postgres };
}
