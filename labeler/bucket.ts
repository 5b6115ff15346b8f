/** A dataset's folder in the external bucket: list every object, read one as bytes, write one from a stream. */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { Storage } from '../lib/s3';

export interface StoredObject {
  key: string;
  size: number;
}

/** Every object under `prefix`, sorted by key (ListObjectsV2 pages through 1000 at a time). */
export async function listObjects(storage: Storage, prefix: string): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  let token: string | undefined;
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) objects.push({ key: o.Key, size: o.Size ?? 0 });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export async function readObject(storage: Storage, key: string): Promise<Buffer> {
  const out = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

/** Streams `source` into `key` as a multipart upload, holding one part in memory; returns the byte count. */
export async function uploadStream(storage: Storage, key: string, contentType: string, partBytes: number, source: AsyncIterable<Buffer>): Promise<number> {
  const { UploadId } = await storage.client.send(new CreateMultipartUploadCommand({ Bucket: storage.bucket, Key: key, ContentType: contentType }));
  const parts: Array<{ PartNumber: number; ETag: string }> = [];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let total = 0;
  const flush = async () => {
    const PartNumber = parts.length + 1;
    const out = await storage.client.send(
      new UploadPartCommand({ Bucket: storage.bucket, Key: key, UploadId, PartNumber, Body: Buffer.concat(pending, pendingBytes) }),
    );
    parts.push({ PartNumber, ETag: out.ETag! });
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const chunk of source) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      total += chunk.length;
      if (pendingBytes >= partBytes) await flush();
    }
    if (pendingBytes > 0 || parts.length === 0) await flush();
    await storage.client.send(new CompleteMultipartUploadCommand({ Bucket: storage.bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
    return total;
  } catch (error) {
    await storage.client.send(new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: key, UploadId })).catch(() => undefined);
    throw error;
  }
}
