/**
 * Zip files for upload tests, built with yazl the way a zip tool or a browser library writes them
 * (stored or deflated entries, data descriptors for streamed entries, Zip64 on request), and
 * patched afterwards for what no well-behaved writer produces: `../` or absolute entry names, an
 * encrypted flag, an unknown compression method.
 */
import { Readable } from 'node:stream';
import yazl from 'yazl';

export interface ZipEntrySpec {
  name: string;
  data: Buffer;
  /** Deflate the entry (default true). */
  compress?: boolean;
  /** Write it as a stream: sizes and CRC follow the data in a data descriptor. */
  streamed?: boolean;
  /** Zip64 headers for this entry even though it is small. */
  zip64?: boolean;
}

export async function buildZip(entries: ZipEntrySpec[], options: { zip64?: boolean } = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    const opts = { compress: e.compress ?? true, forceZip64Format: e.zip64 ?? false };
    if (e.streamed) zip.addReadStream(Readable.from([e.data]), e.name, opts);
    else zip.addBuffer(e.data, e.name, opts);
  }
  zip.end({ forceZip64Format: options.zip64 ?? false, comment: '' });
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;

/** The local and central header offsets of the entry named `name` (the name must be unique in the file). */
function headersOf(zip: Buffer, name: string): { local: number[]; central: number[] } {
  const needle = Buffer.from(name, 'utf8');
  const local: number[] = [];
  const central: number[] = [];
  for (let i = zip.indexOf(needle); i !== -1; i = zip.indexOf(needle, i + 1)) {
    if (i >= 30 && zip.readUInt32LE(i - 30) === LOCAL && zip.readUInt16LE(i - 30 + 26) === needle.length) local.push(i - 30);
    if (i >= 46 && zip.readUInt32LE(i - 46) === CENTRAL && zip.readUInt16LE(i - 46 + 28) === needle.length) central.push(i - 46);
  }
  if (local.length !== 1 || central.length !== 1) throw new Error(`${name} is not exactly one entry of the zip`);
  return { local, central };
}

/** Renames an entry to a name of the same length (e.g. `xx/evil.png` → `../evil.png`). */
export function renameEntry(zip: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('names must have the same length');
  const out = Buffer.from(zip);
  const { local, central } = headersOf(out, from);
  out.write(to, local[0]! + 30, 'utf8');
  out.write(to, central[0]! + 46, 'utf8');
  return out;
}

/** Sets the "encrypted" flag (general purpose bit 0) of an entry. */
export function markEncrypted(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  const { local, central } = headersOf(out, name);
  out.writeUInt16LE(out.readUInt16LE(local[0]! + 6) | 1, local[0]! + 6);
  out.writeUInt16LE(out.readUInt16LE(central[0]! + 8) | 1, central[0]! + 8);
  return out;
}

/** Sets an entry's compression method (e.g. 12, bzip2). */
export function setMethod(zip: Buffer, name: string, method: number): Buffer {
  const out = Buffer.from(zip);
  const { local, central } = headersOf(out, name);
  out.writeUInt16LE(method, local[0]! + 8);
  out.writeUInt16LE(method, central[0]! + 10);
  return out;
}

/** Flips bytes in the middle of an entry's stored data (the headers stay intact). */
export function corruptEntryData(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  const { local } = headersOf(out, name);
  const start = local[0]! + 30 + out.readUInt16LE(local[0]! + 26) + out.readUInt16LE(local[0]! + 28);
  const { central } = headersOf(out, name);
  const size = out.readUInt32LE(central[0]! + 20);
  for (let i = Math.floor(size / 3); i < Math.floor(size / 3) + 8 && i < size; i++) out[start + i] = out[start + i]! ^ 0xff;
  return out;
}
