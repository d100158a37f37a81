import { closeSync, fsyncSync, openSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ValidationError } from '../errors.js';
import { MAX_IMPORT_FILE_BYTES } from './types.js';

/*
 * Where a job's files live: `<dataDir>/imports/<accountId>/<jobId>/` holding `source` (the upload,
 * byte for byte), `bad` (rejected rows, original bytes) and `log` (one line per rejected row).
 */

export interface JobFiles {
  dir: string;
  source: string;
  bad: string;
  log: string;
}

export function jobFiles(dataDir: string, accountId: number, jobId: number): JobFiles {
  const dir = path.join(dataDir, 'imports', String(accountId), String(jobId));
  return { dir, source: path.join(dir, 'source'), bad: path.join(dir, 'bad'), log: path.join(dir, 'log') };
}

export const FILE_TOO_LARGE = `File exceeds the ${MAX_IMPORT_FILE_BYTES / (1024 * 1024)} MB limit`;

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Streams the upload to a temporary name, fsyncs it and renames it to `source`, so a job never
 * sees a partial file. Counts bytes while streaming and stops at the limit (ValidationError),
 * deleting what was written. Returns the size.
 */
export async function storeUpload(files: JobFiles, content: Readable | Buffer, limit = MAX_IMPORT_FILE_BYTES, tooLarge = FILE_TOO_LARGE): Promise<number> {
  await mkdir(files.dir, { recursive: true });
  const temp = `${files.source}.uploading`;
  const handle = await open(temp, 'w');
  let size = 0;
  try {
    const chunks: AsyncIterable<Buffer | string> | Iterable<Buffer> = Buffer.isBuffer(content) ? [content] : content;
    for await (const chunk of chunks) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > limit) throw ValidationError.single('file', 'too_long', tooLarge);
      await handle.write(buf);
    }
    await handle.sync();
  } catch (err) {
    await handle.close();
    if (!Buffer.isBuffer(content)) content.destroy();
    await rm(files.dir, { recursive: true, force: true });
    throw err;
  }
  await handle.close();
  await rename(temp, files.source);
  fsyncDir(files.dir);
  return size;
}

export async function removeJobFiles(files: JobFiles): Promise<void> {
  await rm(files.dir, { recursive: true, force: true });
}
