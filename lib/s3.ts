/** S3 clients (R2, MinIO or the local s3rver) configured the one way that works for all three. */
import { S3Client, HeadBucketCommand, CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

export interface StorageSettings {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
}

export interface Storage {
  client: S3Client;
  bucket: string;
  presignGet(key: string, expiresInSeconds: number): Promise<string>;
  presignPut(key: string, expiresInSeconds: number, contentType?: string): Promise<string>;
  ensureBucket(): Promise<void>;
}

export function createStorage(settings: StorageSettings): Storage {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    forcePathStyle: true,
    // Without these, streamed uploads get an aws-chunked body that some S3 servers store verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return {
    client,
    bucket: settings.bucket,
    presignGet: (key, expiresIn) => getSignedUrl(client, new GetObjectCommand({ Bucket: settings.bucket, Key: key }), { expiresIn }),
    presignPut: (key, expiresIn, contentType) =>
      getSignedUrl(client, new PutObjectCommand({ Bucket: settings.bucket, Key: key, ContentType: contentType }), { expiresIn }),
    ensureBucket: async () => {
      try {
        await client.send(new HeadBucketCommand({ Bucket: settings.bucket }));
      } catch {
        await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
      }
    },
  };
}

/** Read `<PREFIX>_ENDPOINT`, `_REGION`, `_ACCESS_KEY`, `_SECRET_KEY`, `_BUCKET` from a parsed env. */
export function storageSettings(env: Record<string, unknown>, prefix: 'EXTERNAL_STORAGE' | 'INTERNAL_STORAGE'): StorageSettings {
  return {
    endpoint: env[`${prefix}_ENDPOINT`] as string,
    region: env[`${prefix}_REGION`] as string,
    accessKeyId: env[`${prefix}_ACCESS_KEY`] as string,
    secretAccessKey: env[`${prefix}_SECRET_KEY`] as string,
    bucket: env[`${prefix}_BUCKET`] as string,
  };
}
