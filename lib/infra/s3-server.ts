/**
 * A local S3 API server (s3rver) for development and tests. Node must run with
 * `--openssl-legacy-provider` (s3rver hashes with MD5 APIs OpenSSL 3 hides), see package.json.
 * `startS3Server` runs it in this process (tests: one process, simple); `startS3ServerProcess`
 * runs the same server in a child Node process, as a real S3 never shares the API's event loop
 * or CPU (benches: otherwise every request's server-side work is billed to the services).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
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
  const address = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    stop: async () => {
      await server.close();
    },
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
