/**
 * `npm run bench:upload`: one large dataset file (BENCH_UPLOAD_MB, 1024 by default) uploaded the way
 * the console does it — `startDatasetUpload` through the gateway, each part PUT straight to its
 * presigned URL on the S3 server (BENCH_UPLOAD_CONCURRENCY parts at a time), confirmed, completed —
 * then `finalizeDataset`, which validates and streams the archive. Prints MB/s of the upload and of
 * finalize, and the resident memory (RSS) of the process running every service (gateway, subgraphs,
 * Labeler), sampled every 200 ms: flat memory means the peak stays near the start whatever the size.
 * Starts a throw-away PostgreSQL, the S3 server (s3rver, its own process) and the stack in a child
 * process on loopback; removes everything at the end. The part bytes are generated in this process
 * (one part buffer, reused), so the figure is the path to the bucket, not a disk read.
 *
 * With BENCH_UPLOAD_ZIP=1 the file is a zip (stored entries of BENCH_UPLOAD_ZIP_ENTRY_MB, PNG
 * signature first) that finalize expands into one image per entry before validating: the RSS
 * figures then cover reading the central directory and streaming every entry into its own object.
 */
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import os from 'node:os';
import { z } from 'zod';
import { parseEnv } from '../lib/env';
import { createGraphQLClient } from '../test/harness/graphql-client';
import { quietKnownWarnings } from './stack/output';
import { createBenchRun, exitWhenDone, say, startStackProcess } from './bench-harness';

quietKnownWarnings();

const settings = parseEnv({
  BENCH_UPLOAD_MB: z.coerce.number().int().min(1).max(10_240).default(1024),
  BENCH_UPLOAD_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(4),
  BENCH_UPLOAD_PART_MB: z.coerce.number().int().min(5).max(512).default(16),
  BENCH_UPLOAD_ZIP: z.enum(['0', '1']).default('0'),
  BENCH_UPLOAD_ZIP_ENTRY_MB: z.coerce.number().int().min(1).max(1024).default(8),
});

const START = `mutation BenchStartDatasetUpload($input: StartDatasetUploadInput!) {
  startDatasetUpload(input: $input) { id partSize partCount partUrls { partNumber url } }
}`;
const CONFIRM = `mutation BenchConfirmDatasetUploadPart($datasetId: ID!, $uploadId: ID!, $partNumber: Int!, $etag: String!) {
  confirmDatasetUploadPart(datasetId: $datasetId, uploadId: $uploadId, partNumber: $partNumber, etag: $etag) { partNumber }
}`;
const COMPLETE = `mutation BenchCompleteDatasetUpload($datasetId: ID!, $uploadId: ID!) { completeDatasetUpload(datasetId: $datasetId, uploadId: $uploadId) { state } }`;
const CREATE = `mutation BenchCreateDataset($input: CreateDatasetInput!) { createDataset(input: $input) { id } }`;
const FINALIZE = `mutation BenchFinalizeDataset($id: ID!) { finalizeDataset(id: $id) { numImages problems { path code } } }`;

/** Resident set size of a process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN; // the process has exited: the run fails on its next request
  }
}

/** Samples `pid`'s RSS every 200 ms until stopped; returns the peak. */
function sampleRss(pid: number) {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 200);
  return () => {
    clearInterval(timer);
    return Math.max(peak, rssMb(pid));
  };
}

/**
 * One part PUT, retried like the console retries (a kept-alive socket the S3 server has just closed
 * fails the write with EPIPE); retries are counted and printed.
 */
let retries = 0;
async function putWithRetry(url: string, body: Uint8Array<ArrayBuffer>, partNumber: number): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const res = await fetch(url, { method: 'PUT', body });
      if (res.status !== 200) throw new Error(`part ${partNumber}: ${res.status} ${await res.text()}`);
      return res.headers.get('etag')!;
    } catch (error) {
      if (attempt >= 3) throw error;
      retries += 1;
    }
  }
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A zip of `count` stored entries of `entryBytes` each (PNG signature, then the byte `i % 251`),
 * described by its segments so any byte range can be written without holding the zip.
 */
function virtualZip(count: number, entryBytes: number) {
  type Segment = { offset: number; length: number; bytes?: Buffer; entry?: number };
  const segments: Segment[] = [];
  const central: Buffer[] = [];
  const fill = Buffer.alloc(1024 * 1024);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const name = Buffer.from(`images/zipped_${String(i).padStart(5, '0')}.png`);
    fill.fill(i % 251);
    let crc = crc32(PNG_MAGIC);
    for (let done = 8; done < entryBytes; done += fill.length) crc = crc32(fill.subarray(0, Math.min(fill.length, entryBytes - done)), crc);
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(entryBytes, 18);
    local.writeUInt32LE(entryBytes, 22);
    local.writeUInt16LE(name.length, 26);
    name.copy(local, 30);
    const record = Buffer.alloc(46 + name.length);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(0x800, 8);
    record.writeUInt32LE(crc >>> 0, 16);
    record.writeUInt32LE(entryBytes, 20);
    record.writeUInt32LE(entryBytes, 24);
    record.writeUInt16LE(name.length, 28);
    record.writeUInt32LE(offset, 42);
    name.copy(record, 46);
    central.push(record);
    segments.push({ offset, length: local.length, bytes: local });
    offset += local.length;
    segments.push({ offset, length: entryBytes, entry: i });
    offset += entryBytes;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  segments.push({ offset, length: directory.length, bytes: directory });
  offset += directory.length;
  segments.push({ offset, length: end.length, bytes: end });
  offset += end.length;
  if (offset >= 2 ** 32) throw new Error('BENCH_UPLOAD_ZIP writes a zip under 4 GiB (no Zip64)');
  return {
    size: offset,
    /** Writes bytes [start, start + out.length) into `out`. */
    fill(out: Buffer, start: number, length: number) {
      for (const seg of segments) {
        const from = Math.max(start, seg.offset);
        const to = Math.min(start + length, seg.offset + seg.length);
        if (from >= to) continue;
        if (seg.bytes) seg.bytes.copy(out, from - start, from - seg.offset, to - seg.offset);
        else {
          out.fill(seg.entry! % 251, from - start, to - start);
          const magicEnd = Math.min(to, seg.offset + 8);
          if (from < magicEnd) PNG_MAGIC.copy(out, from - start, from - seg.offset, magicEnd - seg.offset);
        }
      }
    },
  };
}

async function main() {
  const run = createBenchRun('upload');
  try {
    const where = await run.startInfra({ s3: 'process' });
    const partMb = settings.BENCH_UPLOAD_PART_MB;
    const stack = await startStackProcess(run, {
      logLevel: 'error',
      env: {
        labeler: {
          LABELER_UPLOAD_PART_BYTES: String(partMb * 1024 * 1024),
          LABELER_RATE_LIMIT_USER_PER_MIN: '100000',
          LABELER_RATE_LIMIT_SERVICE_PER_MIN: '100000',
        },
        gateway: { RATE_LIMIT_PER_USER: '0', RATE_LIMIT_PER_ADDRESS: '0' },
      },
    });
    const client = createGraphQLClient(stack.graphqlUrl).withToken(await stack.login('standard_engineer@example.com'));
    const zipped = settings.BENCH_UPLOAD_ZIP === '1';
    const entryBytes = settings.BENCH_UPLOAD_ZIP_ENTRY_MB * 1024 * 1024;
    const zip = zipped ? virtualZip(Math.max(1, Math.round(settings.BENCH_UPLOAD_MB / settings.BENCH_UPLOAD_ZIP_ENTRY_MB)), entryBytes) : null;
    const size = zip ? zip.size : settings.BENCH_UPLOAD_MB * 1024 * 1024;
    say(
      `setup: ${where}; services in one child process (pid ${stack.pid}); ${os.cpus().length} cores; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    const { createDataset } = await client.data<{ createDataset: { id: string } }>(CREATE, { input: { name: 'bench upload', format: 'coco' } });
    const datasetId = createDataset.id;
    const baseline = rssMb(stack.pid);
    const stopUpload = sampleRss(stack.pid);
    const started = performance.now();
    const { startDatasetUpload: up } = await client.data<{
      startDatasetUpload: { id: string; partSize: number; partCount: number; partUrls: Array<{ partNumber: number; url: string }> };
    }>(START, {
      input: zip
        ? { datasetId, path: 'large.zip', sizeBytes: size, contentType: 'application/zip' }
        : { datasetId, path: 'images/large.png', sizeBytes: size, contentType: 'image/png' },
    });
    // One buffer per worker, refilled per part: this process holds `concurrency` parts at most.
    const queue = [...up.partUrls];
    const worker = async () => {
      const buffer = Buffer.alloc(up.partSize);
      for (let next = queue.shift(); next; next = queue.shift()) {
        const start = (next.partNumber - 1) * up.partSize;
        const length = Math.min(up.partSize, size - start);
        if (zip) zip.fill(buffer, start, length);
        else {
          buffer.fill(next.partNumber % 251, 0, length);
          if (next.partNumber === 1) PNG_MAGIC.copy(buffer, 0);
        }
        const etag = await putWithRetry(next.url, new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, length), next.partNumber);
        await client.data(CONFIRM, { datasetId, uploadId: up.id, partNumber: next.partNumber, etag });
      }
    };
    await Promise.all(Array.from({ length: settings.BENCH_UPLOAD_CONCURRENCY }, worker));
    await client.data(COMPLETE, { datasetId, uploadId: up.id });
    const uploadSeconds = (performance.now() - started) / 1000;
    const uploadPeak = stopUpload();

    const stopFinalize = sampleRss(stack.pid);
    const finalizeStarted = performance.now();
    const { finalizeDataset } = await client.data<{ finalizeDataset: { numImages: number; problems: unknown[] } }>(FINALIZE, { id: datasetId }, {});
    const finalizeSeconds = (performance.now() - finalizeStarted) / 1000;
    const finalizePeak = stopFinalize();

    const mb = size / 1024 / 1024;
    say(
      `file: ${zip ? `a zip of ${Math.round(size / entryBytes)} stored ${settings.BENCH_UPLOAD_ZIP_ENTRY_MB} MB images, ` : ''}${mb.toFixed(0)} MB in ${up.partCount} parts of ${up.partSize / 1024 / 1024} MB, ${settings.BENCH_UPLOAD_CONCURRENCY} at a time, ${retries} part PUT(s) retried`,
    );
    say(`upload (presigned parts to s3rver, confirm, complete): ${uploadSeconds.toFixed(1)} s, ${(mb / uploadSeconds).toFixed(1)} MB/s`);
    say(
      `finalize (${zip ? 'expand the zip, ' : ''}validate, stream the archive through gzip into the bucket): ${finalizeSeconds.toFixed(1)} s, ${(mb / finalizeSeconds).toFixed(1)} MB/s, ${finalizeDataset.numImages} image(s), ${finalizeDataset.problems.length} problem(s)`,
    );
    say(
      `services RSS: ${baseline.toFixed(0)} MB before, peak ${uploadPeak.toFixed(0)} MB during the upload, peak ${finalizePeak.toFixed(0)} MB during finalize`,
    );
    say(
      `load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await run.cleanUp();
  }
}

exitWhenDone(main);
