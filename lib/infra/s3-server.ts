/**
 * A local S3 API server (s3rver) for development and tests. Node must run with
 * `--openssl-legacy-provider` (s3rver hashes with MD5 APIs OpenSSL 3 hides), see package.json.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import S3rver from 's3rver';
import type { AddressInfo } from 'node:net';

export interface S3ServerHandle {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export async function startS3Server(opts: { directory: string; port: number; buckets: string[] }): Promise<S3ServerHandle> {
  const directory = path.resolve(opts.directory);
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    directory,
    silent: true,
    configureBuckets: opts.buckets.map((name) => ({ name, configs: [CORS] })),
    allowMismatchedSignatures: true,
  });
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    stop: async () => {
      await server.close();
    },
  };
}

/** Browsers fetch images and upload objects straight from/to presigned URLs. */
const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;
