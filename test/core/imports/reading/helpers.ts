import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { ReadOptions, SourceRow } from '../../../../src/core/imports/reading/contract.js';
import { readRows } from '../../../../src/core/imports/reading/read-rows.js';

const dir = mkdtempSync(path.join(tmpdir(), 'herald-read-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** Writes bytes to a fresh temp file and returns its path. */
export function tempFile(content: Buffer | string, ext = 'csv'): string {
  const p = path.join(dir, `f${++n}.${ext}`);
  writeFileSync(p, content);
  return p;
}

export function tempPath(ext: string): string {
  return path.join(dir, `f${++n}.${ext}`);
}

export const CSV: ReadOptions = { format: 'csv', encoding: 'UTF-8', delimiter: ',', enclosure: '"' };

export async function allRows(file: string, opts: ReadOptions = CSV, startAfter = 0): Promise<SourceRow[]> {
  const out: SourceRow[] = [];
  for await (const batch of readRows(file, opts, startAfter)) out.push(...batch);
  return out;
}
