import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createTestBucket, createTestDatabase } from '../../test/harness/infra';
import { maskUrl } from '../log';

describe('test infrastructure', () => {
  it('gives each test file its own real PostgreSQL database', async () => {
    const url = await createTestDatabase('infra');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    await client.end();
    expect(url.endsWith(`/${rows[0]!.db}`)).toBe(true);
  });

  it('stores and serves objects through the S3 API, also via presigned URLs', async () => {
    const { storage } = await createTestBucket('infra');
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: 'datasets/x/a.txt', Body: 'pixels' }));
    const got = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: 'datasets/x/a.txt' }));
    expect(await got.Body?.transformToString()).toBe('pixels');
    const res = await fetch(await storage.presignGet('datasets/x/a.txt', 60));
    expect(await res.text()).toBe('pixels');
  });

  it('masks credentials in connection strings the way the seed logs them', () => {
    expect(maskUrl('postgresql://postgres:secret@db.example:5432/railway')).toBe('postgresql:***@db.example:5432/railway');
  });
});
