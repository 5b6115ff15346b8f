import { describe, expect, it } from '@jest/globals';
import { hashPassword, spendDummyVerification, verifyPassword } from './password';

describe('password hashing', () => {
  it('stores scrypt hashes with their cost parameters and a random salt', async () => {
    const first = await hashPassword('devpass');
    const second = await hashPassword('devpass');
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(first).not.toBe(second);
  });

  it('accepts the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse');
    await expect(verifyPassword('correct horse', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horsE', stored)).resolves.toBe(false);
  });

  it('still verifies hashes made with an older, cheaper cost', async () => {
    const stored = await hashPassword('devpass', { N: 1024, r: 8, p: 1 });
    await expect(verifyPassword('devpass', stored)).resolves.toBe(true);
  });

  it('never matches a malformed or tampered hash', async () => {
    await expect(verifyPassword('devpass', '')).resolves.toBe(false);
    await expect(verifyPassword('devpass', 'bcrypt$2b$10$abc')).resolves.toBe(false);
    await expect(verifyPassword('devpass', 'scrypt$1073741824$8$1$c2FsdA==$aGFzaA==')).resolves.toBe(false);
    await expect(verifyPassword('devpass', 'scrypt$1000$8$1$c2FsdA==$aGFzaA==')).resolves.toBe(false);
  });

  it('spends a hash for an unknown account', async () => {
    const started = performance.now();
    await spendDummyVerification('whatever');
    await spendDummyVerification('whatever');
    expect(performance.now() - started).toBeGreaterThan(5);
  });
});
