import { describe, expect, it } from '@jest/globals';
import { manifestHash, sha256Hex, type OperationsManifest } from '../lib/operations-manifest';
import { createTrustedDocuments, REGISTERED_MAX_CHARS } from './trusted-documents';

const CONSOLE_BODY = 'query Me { me { id } }';
const TEST_BODY = 'query OnlyInATest { me { email } }';
const manifest: OperationsManifest = {
  operations: [
    { hash: manifestHash(CONSOLE_BODY), name: 'Me', source: 'client/src/Me.tsx', body: CONSOLE_BODY, origin: 'console' },
    { hash: manifestHash(TEST_BODY), name: 'OnlyInATest', source: 'test/a.test.ts', body: TEST_BODY, origin: 'test' },
  ],
};
const guest = { id: '2', email: 'guest@example.com', role: 'guest' as const };
const admin = { id: '1', email: 'admin@example.com', role: 'admin' as const };

describe('trusted documents', () => {
  it("knows the hashes of the clients' manifest entries under Apollo's APQ keys, not those of tests", async () => {
    const documents = createTrustedDocuments('allow-unknown', manifest);
    await expect(documents.cache.get(`apq:${sha256Hex(CONSOLE_BODY)}`)).resolves.toBe(CONSOLE_BODY);
    await expect(documents.lookup(sha256Hex(TEST_BODY))).resolves.toBeUndefined();
    expect(documents.known).toBe(1);
  });

  it('in `only` mode refuses unknown text to everyone but admins, and registers nothing', async () => {
    const documents = createTrustedDocuments('only', manifest);
    expect(documents.refusal(CONSOLE_BODY, guest)).toBeUndefined();
    expect(documents.refusal(TEST_BODY, guest)?.extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(documents.refusal(TEST_BODY, null)?.extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect(documents.refusal(TEST_BODY, admin)).toBeUndefined();
    await documents.cache.set(`apq:${sha256Hex(TEST_BODY)}`, TEST_BODY);
    await expect(documents.lookup(sha256Hex(TEST_BODY))).resolves.toBeUndefined();
  });

  it('in `allow-unknown` mode runs anything and keeps registered documents within a size bound, oldest out first', async () => {
    const documents = createTrustedDocuments('allow-unknown', manifest);
    expect(documents.refusal(TEST_BODY, guest)).toBeUndefined();
    const big = (n: number) => `query Q${n} { me { id } }`.padEnd(REGISTERED_MAX_CHARS / 2 - 10, ' ');
    for (const n of [1, 2, 3]) await documents.cache.set(`apq:h${n}`, big(n));
    await expect(documents.lookup('h1')).resolves.toBeUndefined();
    await expect(documents.lookup('h2')).resolves.toBe(big(2));
    await expect(documents.lookup('h3')).resolves.toBe(big(3));
    await expect(documents.lookup(sha256Hex(CONSOLE_BODY))).resolves.toBe(CONSOLE_BODY);
  });

  it('`off` loads no manifest', async () => {
    const documents = createTrustedDocuments('off', null);
    expect(documents.known).toBe(0);
    expect(documents.refusal(TEST_BODY, guest)).toBeUndefined();
  });
});
