/**
 * The data directory holds the SQLite database, the secret key, uploaded files, import logs and
 * bad-row files, and the demo credentials: only Herald's own user may read any of it.
 */
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * Every file and directory the process creates from now on is owner-only: SQLite creates the
 * database and its -wal/-shm files itself, so a umask is the one setting that reaches all of them.
 */
export function restrictNewFiles(): void {
  process.umask(0o077);
}

export interface DataDirCheck {
  /** Paths that were open to group or others and were tightened. */
  tightened: string[];
  /** Paths that could not be tightened (not ours), with the reason. */
  failed: string[];
}

/** Tightens `dir` and everything under it to 0700 (directories) and 0600 (files); symlinks are left alone. */
export function secureDataDir(dir: string): DataDirCheck {
  const check: DataDirCheck = { tightened: [], failed: [] };
  const visit = (p: string): void => {
    const stat = lstatSync(p);
    if (stat.isSymbolicLink()) return;
    if ((stat.mode & 0o077) !== 0) {
      try {
        chmodSync(p, stat.isDirectory() ? DIR_MODE : FILE_MODE);
        check.tightened.push(p);
      } catch (err) {
        check.failed.push(`${p}: ${(err as Error).message}`);
      }
    }
    if (stat.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
  return check;
}

/** The log lines a start prints about the check (empty when all was already owner-only). */
export function dataDirNotices(dir: string, check: DataDirCheck): string[] {
  const notices: string[] = [];
  if (check.tightened.length > 0) notices.push(`data directory ${dir} was readable by other users: ${check.tightened.length} path(s) set to owner-only (0700/0600)`);
  for (const failure of check.failed) notices.push(`data directory: could not restrict ${failure}`);
  return notices;
}
