/**
 * Measures an XLSX archive before any parser sees it. The central directory gives the declared
 * sizes (zipProblem judges them); then every entry is inflated once and counted, because a
 * declared size is only a claim: yauzl fails an entry that inflates to more than it declared.
 * The XLSX parser reads local headers front to back, so data outside the central directory's
 * entries (a hidden entry) is refused too. Inflating runs in zlib's thread pool: the event loop
 * stays free, and it costs a fraction of what XML parsing of the same bytes costs.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { ValidationError } from '../../errors.js';
import { refusedSheet, zipProblem, type SheetLimits } from './sheet-limits.js';

/** A data descriptor (signature, CRC, zip64 sizes) may follow an entry's data: at most 24 bytes. */
const MAX_DESCRIPTOR_BYTES = 24;

async function centralEntries(zip: yauzl.ZipFile, limits: SheetLimits): Promise<yauzl.Entry[]> {
  if (zip.entryCount > limits.maxZipEntries) throw refusedSheet(`the archive has more than ${limits.maxZipEntries} entries`);
  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  const problem = zipProblem(entries.map((e) => ({ name: e.fileName, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize })), limits);
  if (problem !== null) throw refusedSheet(problem);
  return entries;
}

/** Inflates one entry into nothing; yauzl fails it when it inflates to more than it declared. */
async function drain(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<void> {
  if (entry.fileName.endsWith('/')) return;
  const stream = await zip.openReadStreamPromise(entry);
  await pipeline(stream, new Writable({ write: (_chunk, _enc, done) => done() }));
}

async function verifyEntries(zip: yauzl.ZipFile, entries: yauzl.Entry[]): Promise<void> {
  const byOffset = [...entries].sort((a, b) => a.relativeOffsetOfLocalHeader - b.relativeOffsetOfLocalHeader);
  let end = 0;
  for (const entry of byOffset) {
    if (entry.relativeOffsetOfLocalHeader - end > MAX_DESCRIPTOR_BYTES || entry.relativeOffsetOfLocalHeader < end) {
      throw refusedSheet('the archive holds data outside its directory');
    }
    const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
    end = fileDataStart + entry.compressedSize;
    await drain(zip, entry);
  }
}

/**
 * Resolves when the XLSX at `path` is within `limits`.
 * @throws ValidationError (field `file`) for an archive over a limit or not a readable zip.
 */
export async function checkZipFile(path: string, limits: SheetLimits): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (e) {
    throw refusedSheet(`it is not a readable XLSX archive (${e instanceof Error ? e.message : String(e)})`);
  }
  try {
    await verifyEntries(zip, await centralEntries(zip, limits));
  } catch (e) {
    if (e instanceof ValidationError) throw e;
    throw refusedSheet(`it is not a readable XLSX archive (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    zip.close();
  }
}
