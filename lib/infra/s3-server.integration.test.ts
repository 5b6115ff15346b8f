import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createStorage } from '../s3';
import { startS3ServerProcess } from './s3-server';

describe('s3rver in a child process', () => {
  it('serves the S3 API from another process and is gone after stop()', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'vpg-s3-child-'));
    const server = await startS3ServerProcess({ directory, port: 0, buckets: ['child-bucket'] });
    try {
      expect(server.pid).not.toBe(process.pid);
      const storage = createStorage({
        endpoint: server.endpoint,
        region: 'us-east-1',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        bucket: 'child-bucket',
      });
      await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: 'a.txt', Body: 'bytes' }));
      const got = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: 'a.txt' }));
      expect(await got.Body?.transformToString()).toBe('bytes');
    } finally {
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    }
    expect(() => process.kill(server.pid, 0)).toThrow();
  });
});
