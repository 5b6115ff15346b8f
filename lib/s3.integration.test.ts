/**
 * Presigned GET URLs, signed directly with SigV4 (lib/s3.ts): against the real S3 API server they
 * fetch exactly the stored bytes, also for keys that need escaping. The embedded server does not
 * check signatures, while R2 and S3 do, so each signature is also recomputed here from the AWS
 * SigV4 rules, byte by byte, independently of the SDK.
 */
import { createHash, createHmac } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Storage, StorageSettings } from './s3';
import { createTestBucket } from '../test/harness/infra';

let storage: Storage;
let settings: StorageSettings;
const KEYS = ['datasets/ds_s3test/dataset.tar.gz', 'datasets/ds_s3test/images/a b+c(1)!*~.png', 'datasets/ds_s3test/images/zürich ünïcode.png'];

beforeAll(async () => {
  ({ storage, settings } = await createTestBucket('presign'));
  for (const [i, key] of KEYS.entries()) {
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: Buffer.from(`object ${i}: ${key}`) }));
  }
});

describe('presignGet', () => {
  it('gives URLs that download exactly the stored object, whatever characters its key has', async () => {
    for (const [i, key] of KEYS.entries()) {
      const res = await fetch(await storage.presignGet(key, 60));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(`object ${i}: ${key}`);
    }
  });

  it('signs exactly what AWS Signature Version 4 prescribes for a query-string GET', async () => {
    for (const key of KEYS) {
      const url = new URL(await storage.presignGet(key, 120));
      expect(url.pathname).toBe(`/${[settings.bucket, ...key.split('/')].map(awsEncode).join('/')}`);
      expect(url.searchParams.get('X-Amz-Expires')).toBe('120');
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
      expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedSignature(url, settings));
    }
  });
});

/** UriEncode of the SigV4 rules: every byte but A–Z a–z 0–9 - _ . ~ as %XX. */
function awsEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');
}

function expectedSignature(url: URL, s: StorageSettings): string {
  const params = [...url.searchParams].filter(([name]) => name !== 'X-Amz-Signature').map(([name, value]) => [awsEncode(name), awsEncode(value)]);
  params.sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  const canonicalRequest = ['GET', url.pathname, params.map(([n, v]) => `${n}=${v}`).join('&'), `host:${url.host}`, '', 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const amzDate = url.searchParams.get('X-Amz-Date')!;
  const scope = `${amzDate.slice(0, 8)}/${s.region}/s3/aws4_request`;
  expect(url.searchParams.get('X-Amz-Credential')).toBe(`${s.accessKeyId}/${scope}`);
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${s.secretAccessKey}`, amzDate.slice(0, 8)), s.region), 's3'), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex');
}
