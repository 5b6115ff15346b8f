/**
 * Expanding an uploaded zip into the dataset's files without holding the zip: yauzl reads the
 * central directory through ranged GETs of the object (the end-of-directory record from the tail,
 * then the directory), and each entry is streamed (ranged GET → inflateRaw → CRC-32 check) into its
 * own object. Small reads (directory records, local headers, small entries) are served from two
 * cached windows of `WINDOW_BYTES`, so a zip of many small files costs a few GETs, not one per
 * header; everything else streams. Memory stays at two windows plus one upload part, whatever the
 * zip's size. Zip64 and data descriptors are read as any zip tool writes them (sizes and CRCs come
 * from the central directory).
 *
 * Entries become files under the zip's own folder, by the rules of a single upload: a relative path
 * without `..` (`unsafe_path`), of letters, digits, `_ . - /` and spaces, at most 100 characters
 * (`bad_path`), an image or annotation file (`unsupported_file`), at most the upload size limit
 * (`file_too_large`). Entries that cannot be read are reported, not fatal: encrypted
 * (`zip_encrypted`), compressed with a method other than stored or deflate (`zip_unsupported_method`),
 * damaged data or a CRC mismatch (`bad_zip`). A file that is not a readable zip is one `bad_zip`
 * problem. Bucket errors are not problems: they fail the call, and the zip stays for the next try.
 */
import { PassThrough, Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import yauzl from 'yauzl';
import type { Storage } from '../lib/s3';
import { ANNOTATION_FILE, IMAGE_EXTENSION } from './annotations';
import { uploadStream, type StoredObject } from './bucket';
import { objectPath } from './upload.routes';

export type ZipProblemCode =
  'bad_zip' | 'zip_too_large' | 'zip_encrypted' | 'zip_unsupported_method' | 'unsafe_path' | 'bad_path' | 'unsupported_file' | 'file_too_large';

export interface ZipProblem {
  path: string;
  code: ZipProblemCode;
  message: string;
}

export interface ZipLimits {
  /** Largest file an entry may expand to (LABELER_UPLOAD_MAX_BYTES, the limit of one upload). */
  maxFileBytes: number;
  /** Entries up to this size are written with one PUT; larger ones as a multipart upload of parts this size. */
  partBytes: number;
}

/** Reads of at most `SMALL_READ_BYTES` are served from a cached window of `WINDOW_BYTES`. */
const WINDOW_BYTES = 256 * 1024;
const SMALL_READ_BYTES = 128 * 1024;
/** A zip expands to at most the upload limit or this many times its own size, whichever is larger. */
const EXPANSION_RATIO = 4;

export const isZip = (key: string) => /\.zip$/i.test(key);

/** A failure of the bucket (not of the zip's content): finalize fails and can be retried. */
class StorageReadError extends Error {
  constructor(cause: unknown) {
    super(`reading the zip from the bucket failed: ${(cause as Error)?.message ?? String(cause)}`, { cause });
  }
}

/** A problem of one entry's content, found while streaming it. */
class EntryDataError extends Error {}

/** yauzl's random-access reader over one object in the bucket, by ranged GETs. */
class BucketReader extends yauzl.RandomAccessReader {
  private windows: Array<{ start: number; bytes: Buffer }> = [];

  constructor(
    private readonly storage: Storage,
    private readonly key: string,
    private readonly size: number,
  ) {
    super();
  }

  private async get(start: number, end: number): Promise<Readable> {
    try {
      const out = await this.storage.client.send(new GetObjectCommand({ Bucket: this.storage.bucket, Key: this.key, Range: `bytes=${start}-${end - 1}` }));
      return out.Body as Readable;
    } catch (error) {
      throw new StorageReadError(error);
    }
  }

  private async window(start: number, end: number): Promise<Buffer> {
    const hit = this.windows.find((w) => w.start <= start && end <= w.start + w.bytes.length);
    if (hit) {
      // Most recently used first: the directory's window survives the local headers read between its records.
      this.windows = [hit, ...this.windows.filter((w) => w !== hit)];
      return hit.bytes.subarray(start - hit.start, end - hit.start);
    }
    const windowEnd = Math.min(this.size, start + WINDOW_BYTES);
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of await this.get(start, windowEnd)) chunks.push(chunk as Buffer);
    } catch (error) {
      throw error instanceof StorageReadError ? error : new StorageReadError(error);
    }
    const bytes = Buffer.concat(chunks);
    this.windows = [{ start, bytes }, ...this.windows].slice(0, 2);
    return bytes.subarray(0, end - start);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const out = new PassThrough();
    const small = end - start <= SMALL_READ_BYTES;
    (small
      ? this.window(start, end).then((bytes) => out.end(bytes))
      : this.get(start, end).then((body) => body.on('error', (e) => out.destroy(new StorageReadError(e))).pipe(out))
    ).catch((error: unknown) => out.destroy(error as Error));
    return out;
  }
}

const isStorageError = (error: unknown): boolean => {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) if (e instanceof StorageReadError) return true;
  return false;
};

const contentTypeOf = (path: string) => {
  const ext = path.toLowerCase().split('.').pop()!;
  const types: Record<string, string> = {
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    bmp: 'image/bmp',
    webp: 'image/webp',
    tif: 'image/tiff',
    tiff: 'image/tiff',
    json: 'application/json',
    xml: 'application/xml',
    txt: 'text/plain',
    yaml: 'application/yaml',
    yml: 'application/yaml',
  };
  return types[ext] ?? 'application/octet-stream';
};

/** The entry's bytes, checked against the CRC-32 of the central directory at the end. */
async function* checked(stream: Readable, expectedCrc: number): AsyncGenerator<Buffer> {
  let crc = 0;
  try {
    for await (const chunk of stream) {
      crc = crc32(chunk as Buffer, crc);
      yield chunk as Buffer;
    }
  } catch (error) {
    throw isStorageError(error) ? error : new EntryDataError(describeError(error));
  }
  if (crc >>> 0 !== expectedCrc >>> 0) throw new EntryDataError('the data does not match its CRC-32');
}

/** Writes one entry to `key`: one PUT when it fits in a part, else a multipart upload holding one part. */
async function writeEntry(storage: Storage, key: string, data: AsyncIterable<Buffer>, size: number, partBytes: number): Promise<void> {
  if (size <= partBytes) {
    const chunks: Buffer[] = [];
    for await (const chunk of data) chunks.push(chunk);
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: Buffer.concat(chunks), ContentType: contentTypeOf(key) }));
  } else {
    await uploadStream(storage, key, contentTypeOf(key), partBytes, data);
  }
}

const describeError = (error: unknown) => {
  const message = (error as Error)?.message ?? String(error);
  // yauzl's and zlib's messages name offsets and signatures; a user needs only the gist.
  if (/unexpected EOF|not enough bytes|too many bytes|overflows file bounds/i.test(message)) return 'the data is truncated or its sizes are wrong';
  if (/signature/i.test(message)) return 'a zip header is missing or damaged';
  if (/strong encryption/i.test(message)) return 'it uses strong encryption';
  if (/zip64/i.test(message)) return 'its Zip64 records are damaged';
  return 'the data is damaged';
};

/**
 * Expands the zip object `zip` (under the dataset folder `prefix`) into its entries, then deletes
 * the zip. Returns the problems found; throws only when the bucket fails.
 */
export async function expandZip(storage: Storage, zip: StoredObject, prefix: string, limits: ZipLimits): Promise<ZipProblem[]> {
  const zipPath = zip.key.slice(prefix.length);
  const folder = zipPath.includes('/') ? zipPath.slice(0, zipPath.lastIndexOf('/') + 1) : '';
  const problems: ZipProblem[] = [];
  const entryProblem = (name: string, code: ZipProblemCode, message: string) => problems.push({ path: `${zipPath}!/${name}`, code, message });
  const unreadable = (error: unknown) => {
    if (isStorageError(error)) throw error;
    problems.push({ path: zipPath, code: 'bad_zip', message: `not a readable zip: ${describeError(error)}; upload it again` });
  };
  const budget = Math.max(limits.maxFileBytes, EXPANSION_RATIO * zip.size);
  let expanded = 0;

  let zipfile: yauzl.ZipFile | undefined;
  try {
    zipfile = await yauzl.fromRandomAccessReaderPromise(new BucketReader(storage, zip.key, zip.size), zip.size, {
      autoClose: false,
      decodeStrings: false, // names are checked here, entry by entry, instead of failing the whole zip
      validateEntrySizes: true,
    });
  } catch (error) {
    unreadable(error);
  }
  if (zipfile) {
    const entries = zipfile.eachEntry();
    try {
      for (;;) {
        let next: IteratorResult<yauzl.Entry>;
        try {
          next = await entries.next();
        } catch (error) {
          unreadable(error);
          break;
        }
        if (next.done) break;
        const entry = next.value;
        const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
        if (name.endsWith('/')) continue; // a folder
        if (/(^|\/)__MACOSX\//.test(name) || /(^|\/)\.DS_Store$/.test(name)) continue; // Finder metadata, not content
        if (/^([a-zA-Z]:)?\//.test(name) || name.split('/').includes('..')) {
          entryProblem(name, 'unsafe_path', 'absolute paths and `..` are not allowed in a zip; not extracted');
          continue;
        }
        const path = `${folder}${name}`;
        const valid = objectPath.safeParse(path);
        if (!valid.success) {
          entryProblem(name, 'bad_path', `${path}: ${valid.error.issues[0]?.message ?? 'not a valid path'}; not extracted`);
          continue;
        }
        if (!IMAGE_EXTENSION.test(path) && !ANNOTATION_FILE.test(path)) {
          entryProblem(name, 'unsupported_file', 'neither an image nor an annotation file; not extracted');
          continue;
        }
        if (entry.isEncrypted()) {
          entryProblem(name, 'zip_encrypted', 'the entry is encrypted; not extracted');
          continue;
        }
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          entryProblem(
            name,
            'zip_unsupported_method',
            `compression method ${entry.compressionMethod} is not supported (only stored and deflate); not extracted`,
          );
          continue;
        }
        if (entry.uncompressedSize > limits.maxFileBytes) {
          entryProblem(name, 'file_too_large', `expands to ${entry.uncompressedSize} bytes, more than ${limits.maxFileBytes}; not extracted`);
          continue;
        }
        if (expanded + entry.uncompressedSize > budget) {
          problems.push({
            path: zipPath,
            code: 'zip_too_large',
            message: `expands to more than ${budget} bytes; ${name} and the entries after it were not extracted`,
          });
          break;
        }
        expanded += entry.uncompressedSize;
        let stream: Readable;
        try {
          stream = await zipfile.openReadStreamPromise(entry);
        } catch (error) {
          if (isStorageError(error)) throw error;
          entryProblem(name, 'bad_zip', `${describeError(error)}; not extracted`);
          continue;
        }
        try {
          await writeEntry(storage, `${prefix}${path}`, checked(stream, entry.crc32), entry.uncompressedSize, limits.partBytes);
        } catch (error) {
          if (!(error instanceof EntryDataError)) throw error; // the bucket failed: finalize fails and can be retried
          entryProblem(name, 'bad_zip', `${error.message}; not extracted`);
        }
      }
    } finally {
      await entries.return?.();
      zipfile.close();
    }
  }
  await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: zip.key }));
  return problems;
}
