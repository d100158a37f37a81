import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import type { Rejection } from './writing/batch-types.js';

/** Thrown when a resumed job's bad or log file is shorter than its checkpoint says (files lost). */
export class JobFilesLost extends Error {}

export function logLine(rowNumber: number, column: string, reason: string): string {
  return column === '' ? `row ${rowNumber}: ${reason}\n` : `row ${rowNumber}, column ${column}: ${reason}\n`;
}

/**
 * The job's bad file (rejected rows' original bytes) and log file (one line per rejected row).
 * Lines of a batch are appended and fsynced BEFORE the batch commits, and the database records the
 * files' sizes in that commit; a resumed job truncates both back to those sizes, so after any crash
 * each rejected row appears exactly once.
 */
export class RejectFiles {
  private badFd: number;
  private logFd: number;
  private committed: { bad: number; log: number };
  private current: { bad: number; log: number };

  constructor(private readonly paths: { bad: string; log: string }, sizes: { bad: number; log: number }) {
    this.badFd = RejectFiles.openAt(paths.bad, sizes.bad);
    this.logFd = RejectFiles.openAt(paths.log, sizes.log);
    this.committed = { ...sizes };
    this.current = { ...sizes };
  }

  private static openAt(path: string, size: number): number {
    if (size > 0 && !existsSync(path)) throw new JobFilesLost(`${path} is missing`);
    const fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    if (fstatSync(fd).size < size) {
      closeSync(fd);
      throw new JobFilesLost(`${path} is shorter than its checkpoint`);
    }
    ftruncateSync(fd, size);
    return fd;
  }

  get sizes(): { bad: number; log: number } {
    return { ...this.current };
  }

  /** Appends the batch's rejections in file order and makes them durable. */
  append(rejections: Rejection[]): void {
    if (rejections.length === 0) return;
    const sorted = [...rejections].sort((a, b) => a.row.rowNumber - b.row.rowNumber);
    const bad = Buffer.concat(sorted.map((r) => r.row.raw));
    const log = Buffer.from(sorted.map((r) => logLine(r.row.rowNumber, r.column, r.reason)).join(''), 'utf8');
    this.write(bad, log);
  }

  appendLog(text: string): void {
    this.write(Buffer.alloc(0), Buffer.from(text, 'utf8'));
  }

  private write(bad: Buffer, log: Buffer): void {
    if (bad.length > 0) {
      writeSync(this.badFd, bad, 0, bad.length, this.current.bad);
      fsyncSync(this.badFd);
      this.current.bad += bad.length;
    }
    if (log.length > 0) {
      writeSync(this.logFd, log, 0, log.length, this.current.log);
      fsyncSync(this.logFd);
      this.current.log += log.length;
    }
  }

  /** The batch committed: its lines stay. */
  commit(): void {
    this.committed = { ...this.current };
  }

  /** The batch rolled back: its lines go. */
  rollback(): void {
    ftruncateSync(this.badFd, this.committed.bad);
    ftruncateSync(this.logFd, this.committed.log);
    this.current = { ...this.committed };
  }

  close(): void {
    closeSync(this.badFd);
    closeSync(this.logFd);
  }
}
