/**
 * A minimal zip writer for tests that need archives no library writes: bombs (a few kB that
 * inflate to hundreds of MB), thousands of entries, sizes that lie.
 */
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** Deflated bytes. */
  deflated: Buffer;
  crc: number;
  /** What the headers declare as the uncompressed size. */
  size: number;
}

export function deflatedEntry(name: string, content: Buffer | string): ZipEntry {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  return { name, deflated: deflateRawSync(data), crc: crc32(data), size: data.length };
}

/**
 * `prefix`, then `chunk` `times` over, then `suffix`, deflated as a stream: a 200 MB entry costs a
 * few hundred kB and never sits in memory whole.
 */
export async function repeatedEntry(name: string, prefix: string, chunk: string, times: number, suffix: string): Promise<ZipEntry> {
  const perBlock = Math.max(1, Math.floor((1024 * 1024) / Buffer.byteLength(chunk)));
  const block = Buffer.from(chunk.repeat(perBlock), 'utf8');
  let crc = 0;
  let size = 0;
  const count = (p: Buffer): Buffer => {
    crc = crc32(p, crc);
    size += p.length;
    return p;
  };
  function* parts(): Generator<Buffer> {
    yield count(Buffer.from(prefix, 'utf8'));
    for (let left = times; left > 0; left -= perBlock) yield count(left >= perBlock ? block : Buffer.from(chunk.repeat(left), 'utf8'));
    yield count(Buffer.from(suffix, 'utf8'));
  }
  const out: Buffer[] = [];
  const sink = new Writable({
    write: (c: Buffer, _e, done) => {
      out.push(c);
      done();
    },
  });
  await pipeline(Readable.from(parts()), createDeflateRaw({ level: 9 }), sink);
  return { name, deflated: Buffer.concat(out), crc, size };
}

/** The archive's bytes: local headers and data, then the central directory. */
export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(Math.min(e.size, 0xfffffffe), 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.crc >>> 0, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(Math.min(e.size, 0xfffffffe), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + e.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
