/** S3 clients (R2, MinIO or the local s3rver) configured the one way that works for all three. */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { S3Client, HeadBucketCommand, CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl, S3RequestPresigner } from '@aws-sdk/s3-request-presigner';

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
  /** `downloadName`: the file name a browser saves the object as (`response-content-disposition`, signed). */
  presignGet(key: string, expiresInSeconds: number, opts?: { downloadName?: string }): Promise<string>;
  presignPut(key: string, expiresInSeconds: number, contentType?: string): Promise<string>;
  ensureBucket(): Promise<void>;
  /** The bucket answers with these credentials (readiness). */
  ping(): Promise<void>;
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
    presignGet: createGetPresigner(settings),
    presignPut: (key, expiresIn, contentType) =>
      getSignedUrl(client, new PutObjectCommand({ Bucket: settings.bucket, Key: key, ContentType: contentType }), { expiresIn }),
    ping: async () => void (await client.send(new HeadBucketCommand({ Bucket: settings.bucket }))),
    ensureBucket: async () => {
      try {
        await client.send(new HeadBucketCommand({ Bucket: settings.bucket }));
      } catch {
        await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
      }
    },
  };
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

const toBuffer = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 / HMAC-SHA-256 over node:crypto, in the shape the SigV4 signer expects. */
class Sha256 {
  private hash!: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.reset();
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }
}

/** RFC 3986 escaping, as SigV4 canonicalises query values and key segments. */
const escapeUri = (value: string) => encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Presigned GET URLs (downloads, thumbnails) signed directly with SigV4 instead of through
 * `getSignedUrl(client, new GetObjectCommand…)`, which runs the client's whole middleware stack
 * for every URL: about ten times the CPU, and a thumbnail grid presigns a dozen at once. Path
 * style, like the client (`forcePathStyle`); only the `host` header is signed.
 */
/** `attachment` with an ASCII fallback name and the exact name in RFC 5987 form. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function createGetPresigner(settings: StorageSettings): Storage['presignGet'] {
  const endpoint = new URL(settings.endpoint);
  const presigner = new S3RequestPresigner({
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    region: settings.region,
    sha256: Sha256,
  });
  const base = endpoint.pathname.replace(/\/+$/, '');
  return async (key, expiresIn, opts) => {
    const path = `${base}/${escapeUri(settings.bucket)}/${key.split('/').map(escapeUri).join('/')}`;
    const signed = await presigner.presign(
      {
        method: 'GET',
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port ? Number(endpoint.port) : undefined,
        path,
        query: opts?.downloadName ? { 'response-content-disposition': contentDisposition(opts.downloadName) } : {},
        headers: { host: endpoint.host },
      },
      { expiresIn },
    );
    const query = Object.entries(signed.query ?? {})
      .map(([name, value]) => `${escapeUri(name)}=${escapeUri(String(value))}`)
      .join('&');
    return `${endpoint.protocol}//${endpoint.host}${path}?${query}`;
  };
}
