/** Reading a dataset's folder in the external bucket: list every object, read one as bytes. */
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
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
