/**
 * The Snapshot Service (seed 2.5.9, T3): reads the dataset's objects straight from the external
 * bucket and records them as a manifest; the bytes are copied server-side into the internal bucket
 * under a content address (`snapshots/objects/<etag>-<size>`). A few copies happen before the job
 * is committed; a larger copy runs after the commit (`snapshot.copy.ts`) and the job is claimable
 * only once it finished (decisions.md #47). Every copy checks that the source still has the ETag
 * the manifest recorded, so a snapshot's bytes are the listed ones or the snapshot fails with
 * `SNAPSHOT_SOURCE_CHANGED`. A second snapshot of an unchanged dataset copies nothing.
 * `createSnapshotService` is what resolvers read snapshots through.
 */
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomBytes } from 'node:crypto';
import { canSeeAll, requireUser } from '../../../lib/auth';
import { wholeNumberIn } from '../../../lib/errors';
import type { Storage } from '../../../lib/s3';
import type { PlatformScope } from '../context';
import { DatasetSnapshot, type DatasetSnapshotRecord, type SnapshotObject } from './snapshot.entity';

export const CONTENT_PREFIX = 'snapshots/objects/';

export interface SnapshotStores {
  external: Storage;
  internal: Storage;
  /** Same S3 endpoint and credentials: CopyObject works across the two buckets. */
  sameEndpoint: boolean;
  concurrency: number;
  /** At most this many objects to copy: copied before the job is committed; more: after it (SNAPSHOT_INLINE_COPY_MAX). */
  inlineCopyMax: number;
  /** A snapshot checked against the bucket this recently is reused without listing again (SNAPSHOT_REUSE_SECONDS). */
  reuseSeconds: number;
}

/** What copying needs (the bench and the tests copy with these alone). */
export type CopyStores = Pick<SnapshotStores, 'external' | 'internal' | 'sameEndpoint' | 'concurrency'>;

/** A source object no longer has the ETag (or size) the manifest recorded: the snapshot cannot hold the listed bytes. */
export class SnapshotSourceChanged extends Error {
  readonly code = 'SNAPSHOT_SOURCE_CHANGED';
  constructor(readonly key: string) {
    super(`Object ${key} of the dataset changed after the snapshot listed it; create the job again to snapshot the current objects.`);
  }
}

export interface PreparedSnapshot {
  datasetId: string;
  objects: SnapshotObject[];
  totalBytes: number;
  /** Objects copied by this call (0 when every content was already stored). */
  copied: number;
}

/** A listed dataset: its manifest, and what a later listing is compared with to reuse it. */
export interface ListedSnapshot {
  datasetId: string;
  storagePath: string;
  objects: SnapshotObject[];
  totalBytes: number;
  /** SHA-256 over every key, ETag and size, in key order: equal digests = the same objects. */
  digest: string;
}

/** One distinct content the internal bucket does not hold yet, and an object of the dataset that has it. */
export interface PendingCopy {
  sourceKey: string;
  contentKey: string;
  etag: string;
  sizeBytes: number;
}

export const newSnapshotId = () => `snap_${randomBytes(8).toString('hex')}`;

/** Run `fn` over `items` with at most `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

interface Listed {
  key: string;
  relativeKey: string;
  size: number;
  etag: string;
}

export const prefixOf = (storagePath: string) => (storagePath.endsWith('/') ? storagePath : `${storagePath}/`);

async function listPrefix(storage: Storage, prefix: string): Promise<Listed[]> {
  const out: Listed[] = [];
  let token: string | undefined;
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const item of page.Contents ?? []) {
      if (!item.Key || item.Key.endsWith('/')) continue;
      out.push({ key: item.Key, relativeKey: item.Key.slice(prefix.length), size: item.Size ?? 0, etag: (item.ETag ?? '').replace(/"/g, '') });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort((a, b) => a.relativeKey.localeCompare(b.relativeKey));
}

/** ETag + size names the content (an MD5 for single-part uploads); safe characters only. */
export const contentKeyOf = (etag: string, size: number) => `${CONTENT_PREFIX}${etag.replace(/[^a-zA-Z0-9-]/g, '')}-${size}`;

async function existsInternally(internal: Storage, key: string): Promise<boolean> {
  try {
    await internal.client.send(new HeadObjectCommand({ Bucket: internal.bucket, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** A multipart upload's ETag ("<md5>-<parts>") is not the MD5 of the bytes: a copy gets another one. */
const isMultipartEtag = (etag: string) => etag.includes('-');

const preconditionFailed = (error: unknown) =>
  error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 412 || error.name === 'PreconditionFailed' || error.name === 'NoSuchKey');

/**
 * Copy one content, only if the source still is what the manifest says. The copy asks the server
 * for that (`x-amz-copy-source-if-match`, `If-Match`: S3, R2 and MinIO refuse with 412) and checks
 * the answer too, for servers that ignore the condition: a copied single-part object must come
 * back with the listed ETag, a streamed one must carry the listed ETag and size.
 */
export async function copyContent(stores: CopyStores, source: PendingCopy): Promise<void> {
  if (stores.sameEndpoint) {
    const copySource = `${stores.external.bucket}/${source.sourceKey.split('/').map(encodeURIComponent).join('/')}`;
    let etag: string | undefined;
    try {
      const out = await stores.internal.client.send(
        new CopyObjectCommand({ Bucket: stores.internal.bucket, Key: source.contentKey, CopySource: copySource, CopySourceIfMatch: `"${source.etag}"` }),
      );
      etag = out.CopyObjectResult?.ETag?.replace(/"/g, '');
    } catch (error) {
      if (preconditionFailed(error)) throw new SnapshotSourceChanged(source.sourceKey);
      throw error;
    }
    if (!isMultipartEtag(source.etag) && etag !== undefined && etag !== source.etag) {
      // Other bytes landed under this content address: remove them before anyone trusts the key.
      await stores.internal.client.send(new DeleteObjectCommand({ Bucket: stores.internal.bucket, Key: source.contentKey }));
      throw new SnapshotSourceChanged(source.sourceKey);
    }
    return;
  }
  // Different providers (e.g. R2 → MinIO): stream through this process, still never through GraphQL.
  let object;
  try {
    object = await stores.external.client.send(new GetObjectCommand({ Bucket: stores.external.bucket, Key: source.sourceKey, IfMatch: `"${source.etag}"` }));
  } catch (error) {
    if (preconditionFailed(error)) throw new SnapshotSourceChanged(source.sourceKey);
    throw error;
  }
  const body = Buffer.from(await object.Body!.transformToByteArray());
  if ((object.ETag ?? '').replace(/"/g, '') !== source.etag || body.length !== source.sizeBytes) throw new SnapshotSourceChanged(source.sourceKey);
  await stores.internal.client.send(
    new PutObjectCommand({ Bucket: stores.internal.bucket, Key: source.contentKey, Body: body, ContentType: object.ContentType }),
  );
}

/** List the dataset's objects now (the manifest a snapshot would record). */
export async function listSnapshot(stores: CopyStores, datasetId: string, storagePath: string): Promise<ListedSnapshot> {
  const listed = await listPrefix(stores.external, prefixOf(storagePath));
  const objects = listed.map((item) => ({ key: item.relativeKey, contentKey: contentKeyOf(item.etag, item.size), sizeBytes: item.size, etag: item.etag }));
  const digest = createHash('sha256');
  for (const o of objects) digest.update(`${o.key}\t${o.etag}\t${o.sizeBytes}\n`);
  return { datasetId, storagePath, objects, totalBytes: objects.reduce((sum, o) => sum + o.sizeBytes, 0), digest: digest.digest('hex') };
}

/** The distinct contents of `objects` that `known` (content already stored) lacks, each with one source object. */
export function pendingCopies(storagePath: string, objects: readonly SnapshotObject[], known: Set<string>): PendingCopy[] {
  const pending = new Map<string, PendingCopy>();
  const prefix = prefixOf(storagePath);
  for (const o of objects) {
    if (known.has(o.contentKey) || pending.has(o.contentKey)) continue;
    pending.set(o.contentKey, { sourceKey: prefix + o.key, contentKey: o.contentKey, etag: o.etag, sizeBytes: o.sizeBytes });
  }
  return [...pending.values()];
}

/**
 * Copy `pending` (idempotent), at most `stores.concurrency` at a time; `onCopied` after each one.
 * The first changed source stops the copies still waiting and throws `SnapshotSourceChanged`.
 */
export async function copyPending(stores: CopyStores, pending: readonly PendingCopy[], onCopied?: () => void): Promise<number> {
  let stop: unknown = null;
  const flags = await mapLimit(pending, stores.concurrency, async (item) => {
    if (stop) return false;
    try {
      // A server-side copy costs about as much as the HEAD that would avoid it, so same-endpoint
      // copies go straight ahead (rewriting identical content is harmless); a streamed copy first
      // checks for bytes left behind by an attempt that failed before it was recorded.
      if (!stores.sameEndpoint && (await existsInternally(stores.internal, item.contentKey))) return false;
      await copyContent(stores, item);
      onCopied?.();
      return true;
    } catch (error) {
      stop ??= error;
      return false;
    }
  });
  if (stop) throw stop;
  return flags.filter(Boolean).length;
}

/** List and copy everything before returning (idempotent). `knownContent` answers which content keys are already stored. */
export async function prepareSnapshot(
  stores: CopyStores,
  datasetId: string,
  storagePath: string,
  knownContent: (keys: string[]) => Promise<Set<string>>,
): Promise<PreparedSnapshot> {
  const listed = await listSnapshot(stores, datasetId, storagePath);
  const known = await knownContent([...new Set(listed.objects.map((o) => o.contentKey))]);
  const copied = await copyPending(stores, pendingCopies(storagePath, listed.objects, known));
  return { datasetId, objects: listed.objects, totalBytes: listed.totalBytes, copied };
}

/** Content keys among `keys` that a committed snapshot whose content is copied references (their objects exist). */
export async function committedContent(em: EntityManager, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  // Arrays travel as one JSON parameter: the query builder would expand a JS array into a list.
  // `exists` stops at the first manifest row per key: the cost stays flat however many snapshots
  // share the content (a `distinct … in` read every such row: 11 ms → 173 ms at 300 snapshots).
  // A snapshot still copying (or whose copy failed) does not vouch for its content.
  const rows = await em.execute<{ content_key: string }[]>(
    `select k.content_key from jsonb_array_elements_text(?::jsonb) as k(content_key)
     where exists (select 1 from snapshot_objects o where o.content_key = k.content_key
                     and not exists (select 1 from snapshot_preparations p where p.snapshot_id = o.snapshot_id and p.state <> 'ready'))`,
    [JSON.stringify(keys)],
  );
  return new Set(rows.map((row) => row.content_key));
}

/** Insert the snapshot row and its manifest inside the caller's transaction. */
export async function insertSnapshot(tx: EntityManager, prepared: PreparedSnapshot, createdBy: string): Promise<DatasetSnapshotRecord> {
  const snapshot = tx.create(DatasetSnapshot, {
    id: newSnapshotId(),
    datasetId: prepared.datasetId,
    createdBy,
    objectCount: prepared.objects.length,
    totalBytes: prepared.totalBytes,
  });
  await tx.flush();
  // One statement per 5000 rows (~0.7 MB of JSON): a 1000-image dataset plus its annotation file
  // is one round trip, and a huge dataset never builds one giant parameter.
  const chunk = 5000;
  for (let i = 0; i < prepared.objects.length; i += chunk) {
    const part = prepared.objects.slice(i, i + chunk);
    await tx.execute(
      `insert into snapshot_objects (snapshot_id, key, content_key, size_bytes, etag)
       select ?, x.key, x.content_key, x.size_bytes, x.etag
       from jsonb_to_recordset(?::jsonb) as x(key text, content_key text, size_bytes bigint, etag text)`,
      [snapshot.id, JSON.stringify(part.map((o) => ({ key: o.key, content_key: o.contentKey, size_bytes: o.sizeBytes, etag: o.etag })))],
    );
  }
  return snapshot;
}

export async function loadManifest(em: EntityManager, snapshotId: string): Promise<SnapshotObject[]> {
  const rows = await em.execute<{ key: string; content_key: string; size_bytes: string; etag: string }[]>(
    'select key, content_key, size_bytes, etag from snapshot_objects where snapshot_id = ? order by key',
    [snapshotId],
  );
  return rows.map((row) => ({ key: row.key, contentKey: row.content_key, sizeBytes: Number(row.size_bytes), etag: row.etag }));
}

export function createSnapshotService({ em, user: caller, loaders }: PlatformScope) {
  return {
    /** Snapshots are reached through a visible job, so no visibility rule of their own here (batched per request). */
    byId: (id: string) => loaders.datasetSnapshot.load(id),

    /** The dataset's newest snapshots: every one for managers and admins, the caller's own for everyone else. */
    async ofDataset(datasetId: string, first: number): Promise<DatasetSnapshotRecord[]> {
      const user = requireUser(caller);
      wholeNumberIn('first', first, 0, 100);
      const where = canSeeAll(user) ? { datasetId } : { datasetId, createdBy: user.id };
      return em.find(DatasetSnapshot, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first });
    },
  };
}

export type SnapshotService = ReturnType<typeof createSnapshotService>;
