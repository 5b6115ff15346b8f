import { describe, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import { bearerSecretCheck, bearerToken, signAccessToken, userFromAuthorization, verifyAccessToken, type JwtSettings } from './auth';

const settings: JwtSettings = { secret: 'test-secret-with-enough-length', algorithm: 'HS256' };
const user = { id: '7', email: 'standard_engineer@example.com', role: 'standard_engineer' as const };

describe('access tokens', () => {
  it('round-trips the user through a signed token', async () => {
    const { token } = await signAccessToken(user, settings);
    await expect(verifyAccessToken(token, settings)).resolves.toEqual(user);
  });

  it('refuses a token signed with another secret', async () => {
    const { token } = await signAccessToken(user, { ...settings, secret: 'another-secret-of-enough-length' });
    await expect(verifyAccessToken(token, settings)).rejects.toThrow('Token is invalid.');
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const token = new UnsecuredJWT({ email: user.email, role: 'admin', typ: 'access' }).setSubject('1').setExpirationTime('1h').encode();
    await expect(verifyAccessToken(token, settings)).rejects.toThrow('Token is invalid.');
  });

  it('refuses a token signed with a different algorithm than configured', async () => {
    const { token } = await signAccessToken(user, { ...settings, algorithm: 'HS512' });
    await expect(verifyAccessToken(token, settings)).rejects.toThrow('Token is invalid.');
  });

  it('says an expired token has expired', async () => {
    const token = await new SignJWT({ email: user.email, role: user.role, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(settings.secret));
    await expect(verifyAccessToken(token, settings)).rejects.toThrow('Token has expired.');
  });

  it('refuses a token without an expiry, even one signed with the right secret', async () => {
    const token = await new SignJWT({ email: user.email, role: user.role, typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuedAt()
      .sign(new TextEncoder().encode(settings.secret));
    await expect(verifyAccessToken(token, settings)).rejects.toThrow('Token has no expiry.');
  });

  it('accepts a token it has verified before only while it is valid, and never under other settings or with other bytes', async () => {
    const { token } = await signAccessToken(user, { ...settings, expiresInSeconds: 2 });
    await expect(verifyAccessToken(token, settings)).resolves.toEqual(user);
    await expect(verifyAccessToken(token, settings)).resolves.toEqual(user);
    await expect(verifyAccessToken(token, { ...settings, secret: 'another-secret-of-enough-length' })).rejects.toThrow('Token is invalid.');
    await expect(verifyAccessToken(token, { ...settings, algorithm: 'HS512' })).rejects.toThrow('Token is invalid.');
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })).toString('base64url');
    await expect(verifyAccessToken(`${header}.${forgedPayload}.${signature}`, settings)).rejects.toThrow('Token is invalid.');
    // The cached answer ends with the token: once `exp` has passed, it is refused as expired.
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { exp: number }).exp;
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await expect(verifyAccessToken(token, settings)).rejects.toThrow('Token has expired.');
  });

  it('treats a missing header as anonymous but a malformed one as an error', async () => {
    await expect(userFromAuthorization(undefined, settings)).resolves.toBeNull();
    await expect(userFromAuthorization('Basic abc', settings)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
  });
});

describe('bearerSecretCheck', () => {
  it('accepts only `Bearer <secret>`, whatever the scheme case or surrounding spaces', () => {
    const check = bearerSecretCheck('service-key-123');
    expect(['Bearer service-key-123', 'bearer service-key-123', '  Bearer   service-key-123 ', ['Bearer service-key-123']].map((h) => check(h))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      [undefined, null, '', 'service-key-123', 'Basic service-key-123', 'Bearer service-key-12', 'Bearer service-key-1234', 'Bearer '].map((h) => check(h)),
    ).toEqual([false, false, false, false, false, false, false, false]);
  });
});
