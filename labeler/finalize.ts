/**
 * Finalize, in bounded memory whatever the dataset's size: images are checked by their first bytes
 * (a ranged GET, never the whole file), annotation files are read one at a time up to a cap, and the
 * archive is streamed object by object through gzip into a multipart upload, one part buffered at a
 * time. An uploaded zip is first expanded into the files it holds and removed (zip.ts). Problems are
 * reported per file: `bad_image`, `missing_image` (an annotation names an image that was not
 * uploaded), `unknown_class`, `bad_annotation`, `annotation_too_large`, and for zips `bad_zip`,
 * `zip_too_large`, `zip_encrypted`, `zip_unsupported_method`, `unsafe_path`, `bad_path`,
 * `unsupported_file`, `file_too_large`.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { Storage } from '../lib/s3';
import { ANNOTATION_FILE, IMAGE_EXTENSION, summarize, yamlNames, type DatasetSummary } from './annotations';
import { listObjects, uploadStream, type StoredObject } from './bucket';
import type { AnnotationFormat } from './sample-data';
import { expandZip, isZip, type ZipProblemCode } from './zip';

export type ProblemCode = 'bad_image' | 'missing_image' | 'unknown_class' | 'bad_annotation' | 'annotation_too_large' | ZipProblemCode;
export interface FileProblem {
  path: string;
  code: ProblemCode;
  message: string;
}

/** At most this many problems are listed; `problems_truncated` says when more were found. */
export const MAX_PROBLEMS = 500;

export interface FinalizeLimits {
  /** Largest annotation file finalize reads (LABELER_MAX_ANNOTATION_BYTES). */
  maxAnnotationBytes: number;
  /** Part size of the archive's multipart upload and of large entries expanded from a zip. */
  partBytes: number;
  /** Largest file an entry of an uploaded zip may expand to (LABELER_UPLOAD_MAX_BYTES). */
  maxFileBytes: number;
}

const MAGIC: Array<(b: Buffer) => boolean> = [
  (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), // PNG
  (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, // JPEG
  (b) => b[0] === 0x42 && b[1] === 0x4d, // BMP
  (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  (b) => ['49492a00', '4d4d002a'].includes(b.subarray(0, 4).toString('hex')), // TIFF
];
export const looksLikeImage = (head: Buffer) => head.length >= 4 && MAGIC.some((m) => m(head));

async function readHead(storage: Storage, key: string, bytes: number): Promise<Buffer> {
  const out = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key, Range: `bytes=0-${bytes - 1}` }));
  return Buffer.from(await out.Body!.transformToByteArray()).subarray(0, bytes);
}

async function readText(storage: Storage, key: string): Promise<string> {
  const out = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
  return out.Body!.transformToString('utf8');
}

const base = (path: string) => path.split('/').pop()!;
const stem = (path: string) => base(path).replace(/\.[^.]+$/, '');

interface CocoFile {
  images?: Array<{ id?: unknown; file_name?: unknown }>;
  categories?: Array<{ id?: unknown }>;
  annotations?: Array<{ image_id?: unknown; category_id?: unknown }>;
}

/** Per-file problems of the annotation texts against the uploaded images and the known classes. */
export function checkAnnotations(format: AnnotationFormat, imagePaths: string[], texts: Map<string, string>, classNames: string[]): FileProblem[] {
  const names = new Set(imagePaths.map(base));
  const stems = new Set(imagePaths.map(stem));
  const problems: FileProblem[] = [];
  const add = (path: string, code: ProblemCode, message: string) => problems.push({ path, code, message });
  for (const [path, text] of texts) {
    const lower = path.toLowerCase();
    if (format === 'coco' && lower.endsWith('.json')) {
      let parsed: CocoFile;
      try {
        parsed = JSON.parse(text) as CocoFile;
      } catch {
        add(path, 'bad_annotation', 'not valid JSON');
        continue;
      }
      if (!Array.isArray(parsed.categories) && !Array.isArray(parsed.annotations)) continue; // not a COCO file
      const categories = new Set((parsed.categories ?? []).map((c) => c.id));
      const images = new Map((parsed.images ?? []).map((i) => [i.id, typeof i.file_name === 'string' ? i.file_name : '']));
      const missing = new Set<string>();
      const unknown = new Set<string>();
      for (const a of parsed.annotations ?? []) {
        const file = images.get(a.image_id);
        if (file === undefined || !names.has(base(file))) missing.add(file || `image_id ${String(a.image_id)}`);
        if (!categories.has(a.category_id)) unknown.add(String(a.category_id));
      }
      for (const m of missing) add(path, 'missing_image', `annotations for ${m}, which was not uploaded`);
      if (unknown.size) add(path, 'unknown_class', `category_id ${[...unknown].join(', ')} not in categories`);
    } else if (format === 'yolo' && lower.endsWith('.txt') && /(^|\/)labels\//.test(path)) {
      if (!stems.has(stem(path))) add(path, 'missing_image', `no image named ${stem(path)}.* was uploaded`);
      const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const bad = lines.filter((l) => !/^\d+(\s+[-\d.eE]+){4,}$/.test(l));
      if (bad.length) add(path, 'bad_annotation', `${bad.length} line(s) are not "class x y w h"`);
      const unknown = new Set(
        lines.map((l) => Number(l.split(/\s+/)[0])).filter((c) => Number.isInteger(c) && classNames.length > 0 && c >= classNames.length),
      );
      if (unknown.size) add(path, 'unknown_class', `class index ${[...unknown].join(', ')} beyond the ${classNames.length} classes`);
    } else if (format === 'voc' && lower.endsWith('.xml')) {
      if (!/<annotation[\s>]/.test(text)) {
        add(path, 'bad_annotation', 'not a VOC <annotation> document');
        continue;
      }
      const filename = /<filename>\s*([^<]+?)\s*<\/filename>/.exec(text)?.[1];
      if (filename ? !names.has(base(filename)) : !stems.has(stem(path))) add(path, 'missing_image', `${filename ?? stem(path)} was not uploaded`);
      if (classNames.length) {
        const unknown = new Set([...text.matchAll(/<object>[\s\S]*?<name>\s*([^<]+?)\s*<\/name>/g)].map((m) => m[1]!).filter((n) => !classNames.includes(n)));
        if (unknown.size) add(path, 'unknown_class', `${[...unknown].join(', ')} not among the dataset's classes`);
      }
    }
  }
  return problems;
}

/** Classes a YOLO dataset declares in its own files (classes.txt, obj.names or a `names:` YAML). */
function yoloClasses(texts: Map<string, string>): string[] {
  for (const [path, text] of texts) {
    const name = base(path).toLowerCase();
    if (name === 'classes.txt' || name === 'obj.names')
      return text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
  }
  for (const [path, text] of texts) if (/\.ya?ml$/i.test(path)) return yamlNames(text);
  return [];
}

/** A ustar header for a file of `size` bytes. */
function tarHeader(path: string, size: number, mtime: number): Buffer {
  const header = Buffer.alloc(512);
  const octal = (value: number, width: number) => value.toString(8).padStart(width - 1, '0') + '\0';
  header.write(path, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(mtime, 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0' + '00', 257, 'ascii');
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  header.write(checksum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return header;
}

/** The objects as a tar stream, each object's body streamed from the bucket in turn. */
async function* tarEntries(storage: Storage, objects: StoredObject[], prefix: string, mtime: number): AsyncGenerator<Buffer> {
  for (const o of objects) {
    const out = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: o.key }));
    const body = out.Body as Readable;
    yield tarHeader(o.key.slice(prefix.length), o.size, mtime);
    let written = 0;
    for await (const chunk of body) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (written !== o.size) throw new Error(`${o.key} changed while the archive was written`);
    const pad = (512 - (o.size % 512)) % 512;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(1024);
}

export interface FinalizeResult {
  summary: DatasetSummary;
  problems: FileProblem[];
  problemsTruncated: boolean;
  archive: { key: string; size_bytes: number };
}

export async function finalizeObjects(
  storage: Storage,
  dataset: { storage_path: string; format: string; class_names: string[] },
  archiveName: string,
  limits: FinalizeLimits,
): Promise<FinalizeResult> {
  const prefix = dataset.storage_path;
  const archiveKey = `${prefix}${archiveName}`;
  const format = dataset.format as AnnotationFormat;
  const problems: FileProblem[] = [];
  let objects = (await listObjects(storage, prefix)).filter((o) => o.key !== archiveKey);
  // Uploaded zips become the files they hold, then everything is checked like single uploads.
  const zips = objects.filter((o) => isZip(o.key));
  if (zips.length) {
    for (const zip of zips) problems.push(...(await expandZip(storage, zip, prefix, limits)));
    objects = (await listObjects(storage, prefix)).filter((o) => o.key !== archiveKey);
  }
  const rel = (o: StoredObject) => o.key.slice(prefix.length);

  const images: string[] = [];
  for (const o of objects.filter((o) => IMAGE_EXTENSION.test(o.key))) {
    const head = o.size > 0 ? await readHead(storage, o.key, 16) : Buffer.alloc(0);
    if (looksLikeImage(head)) images.push(rel(o));
    else problems.push({ path: rel(o), code: 'bad_image', message: o.size === 0 ? 'the file is empty' : 'not a PNG, JPEG, BMP, WebP or TIFF image' });
  }

  const texts = new Map<string, string>();
  for (const o of objects.filter((o) => ANNOTATION_FILE.test(o.key))) {
    if (o.size > limits.maxAnnotationBytes) {
      problems.push({ path: rel(o), code: 'annotation_too_large', message: `larger than ${limits.maxAnnotationBytes} bytes; not read` });
      continue;
    }
    texts.set(rel(o), await readText(storage, o.key));
  }

  const summary = summarize(format, images, texts, dataset.class_names);
  const known = format === 'yolo' ? yoloClasses(texts) : dataset.class_names;
  problems.push(...checkAnnotations(format, images, texts, known.length ? known : format === 'yolo' ? dataset.class_names : []));
  texts.clear();

  const mtime = Math.floor(Date.now() / 1000);
  const gzip = createGzip({ level: 6 });
  let size = 0;
  await pipeline(Readable.from(tarEntries(storage, objects, prefix, mtime)), gzip, async (compressed: AsyncIterable<Buffer>) => {
    size = await uploadStream(storage, archiveKey, 'application/gzip', limits.partBytes, compressed);
  });
  return {
    summary,
    problems: problems.slice(0, MAX_PROBLEMS),
    problemsTruncated: problems.length > MAX_PROBLEMS,
    archive: { key: archiveKey, size_bytes: size },
  };
}
