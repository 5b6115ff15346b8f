/**
 * A local S3 API server (s3rver) for development and tests. Node must run with
 * `--openssl-legacy-provider` (s3rver hashes with MD5 APIs OpenSSL 3 hides), see package.json.
 * `startS3Server` runs it in this process (tests: one process, simple); `startS3ServerProcess`
 * runs the same server in a child Node process, as a real S3 never shares the API's event loop
 * or CPU (benches: otherwise every request's server-side work is billed to the services).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';

export interface S3ServerHandle {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

export interface S3ServerOptions {
  directory: string;
  port: number;
  buckets: string[];
}

export async function startS3Server(opts: S3ServerOptions): Promise<S3ServerHandle> {
  const directory = path.resolve(opts.directory);
  mkdirSync(directory, { recursive: true });
  // Loaded when a server is started: s3rver is a development dependency, and `db-migrate` (which
  // imports this module with the rest of the stack's infrastructure) runs where it is not installed.
  const { default: S3rver } = await import('s3rver');
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    directory,
    silent: true,
    configureBuckets: opts.buckets.map((name) => ({ name, configs: [CORS] })),
    allowMismatchedSignatures: true,
  });
  await checkPartsOnComplete(server);
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    stop: async () => {
      await server.close();
    },
  };
}

/** What `checkPartsOnComplete` uses of s3rver's file store (no types ship for it). */
interface PartStore {
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  putObjectMultipart(bucket: string, uploadId: string, parts: Array<{ number: number; etag: string }>): Promise<unknown>;
}

/**
 * s3rver assembles a multipart upload from the part files it finds and takes any ETag it is given;
 * a part it never stored makes it throw from a file stream nobody listens to, which ends the
 * process it runs in (all of `npm start`, or the test run). S3, R2 and MinIO answer `InvalidPart`
 * to both, a part not uploaded and an ETag that is not the part's, and `NoSuchUpload` to an upload
 * they do not know. The store is made to answer the same before it assembles anything: s3rver
 * keeps each part's MD5 (its ETag) beside the part.
 */
async function checkPartsOnComplete(server: object): Promise<void> {
  // @ts-expect-error s3rver ships no types for its error model
  const { default: S3Error } = (await import('s3rver/lib/models/error.js')) as {
    default: new (code: string, message: string, detail?: Record<string, unknown>) => Error;
  };
  const store = (server as { store: PartStore }).store;
  const assemble = store.putObjectMultipart.bind(store);
  store.putObjectMultipart = async (bucket, uploadId, parts) => {
    const dir = path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
    if (!(await stat(path.join(dir, 'key')).catch(() => undefined)))
      throw new S3Error(
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        {
          UploadId: uploadId,
        },
      );
    for (const part of parts) {
      const md5 = await readFile(path.join(dir, `${part.number}.md5`), 'utf8').catch(() => undefined);
      if (md5 !== part.etag)
        throw new S3Error(
          'InvalidPart',
          "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
          { UploadId: uploadId, PartNumber: part.number, ETag: part.etag },
        );
    }
    return assemble(bucket, uploadId, parts);
  };
}

const CHILD_ENTRY = fileURLToPath(new URL('./s3-server.child.ts', import.meta.url));

/** The same server in a child Node process; it stops with `stop()` or when this process goes away. */
export async function startS3ServerProcess(opts: S3ServerOptions): Promise<S3ServerHandle & { pid: number }> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', CHILD_ENTRY, JSON.stringify(opts)], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<{ endpoint: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('S3 server process did not start within 30 s')), 30_000);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as { endpoint: string; port: number });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`S3 server process exited (${code}) before listening: ${stderr.trim()}`));
    });
  }).catch(async (error: Error) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    ...ready,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
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
