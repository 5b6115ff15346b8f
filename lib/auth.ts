/**
 * Tokens and roles. Users log in through the users subgraph, which signs a JWT; every other
 * service verifies it again (the gateway first, each subgraph as the final word). Only the
 * configured HMAC algorithm is accepted, so `alg: none` and RS/HS confusion are refused.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { unauthenticated, forbidden } from './errors';

export const ROLES = ['admin', 'manager', 'advanced_engineer', 'standard_engineer', 'guest'] as const;
export type Role = (typeof ROLES)[number];

/** Higher rank = more power. Used for "at least" checks. */
export const ROLE_RANK: Record<Role, number> = {
  guest: 0,
  standard_engineer: 1,
  advanced_engineer: 2,
  manager: 3,
  admin: 4,
};

export interface AuthUser {
  id: string;
  email: string;
  role: Role;
}

export interface JwtSettings {
  secret: string;
  algorithm: 'HS256' | 'HS384' | 'HS512';
  /** Lifetime of the access tokens this process signs (default one hour). */
  expiresInSeconds?: number;
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signAccessToken(user: AuthUser, settings: JwtSettings): Promise<{ token: string; expiresAt: Date }> {
  const ttl = settings.expiresInSeconds ?? 3600;
  const expiresAt = new Date(Date.now() + ttl * 1000);
  const token = await new SignJWT({ email: user.email, role: user.role, typ: 'access' })
    .setProtectedHeader({ alg: settings.algorithm, typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(settings.secret));
  return { token, expiresAt };
}

export class TokenError extends Error {}

/** Most tokens remembered as verified by one process; the oldest is forgotten first. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Tokens this process has verified, until they expire. Every service verifies the caller's token
 * on every request, and jose does it through WebCrypto, which hands each HMAC to libuv's thread
 * pool and back: a cross-thread wake-up that costs far more than the HMAC itself. The key holds
 * the whole token (signature included) and the verification settings, so an entry is only ever
 * hit by the exact bytes that passed under the same secret and algorithm; expiry is checked on
 * every hit, and an expired token goes back through jose, which says so.
 */
const verified = new Map<string, { user: AuthUser; exp: number }>();

/** Verify a bearer token; throws TokenError with a reason a client may see. */
export async function verifyAccessToken(token: string, settings: JwtSettings): Promise<AuthUser> {
  const cacheKey = `${settings.algorithm}\u0000${settings.secret}\u0000${token}`;
  const hit = verified.get(cacheKey);
  if (hit && Math.floor(Date.now() / 1000) < hit.exp) return { ...hit.user };
  if (hit) verified.delete(cacheKey);
  try {
    // A token without `exp` would be valid forever: refused, whoever signed it.
    const { payload } = await jwtVerify(token, key(settings.secret), { algorithms: [settings.algorithm], requiredClaims: ['exp'] });
    const role = payload.role as Role;
    if (typeof payload.sub !== 'string' || typeof payload.email !== 'string' || !ROLES.includes(role) || payload.typ !== 'access') {
      throw new TokenError('Token claims are invalid.');
    }
    const user: AuthUser = { id: payload.sub, email: payload.email, role };
    if (payload.nbf === undefined) {
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
      verified.set(cacheKey, { user, exp: payload.exp! });
    }
    return { ...user };
  } catch (error) {
    if (error instanceof TokenError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new TokenError('Token has expired.');
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'exp') throw new TokenError('Token has no expiry.');
    throw new TokenError('Token is invalid.');
  }
}

/**
 * The gateway's own identity towards subgraph subscription servers (docs/permissions.md, "Service
 * subscriptions"): a short-lived JWT signed with the shared JWT secret, `typ: 'service'` and
 * `scope: 'subscribe'`. `verifyAccessToken` refuses it (wrong `typ`), so it opens no HTTP API and no
 * user path; only a subgraph's subscription socket accepts it, for subscription operations only.
 */
export const SERVICE_SUBSCRIBER_ID = 'service:gateway';

export async function signServiceToken(settings: JwtSettings, ttlSeconds = 300): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = await new SignJWT({ typ: 'service', scope: 'subscribe' })
    .setProtectedHeader({ alg: settings.algorithm, typ: 'JWT' })
    .setSubject(SERVICE_SUBSCRIBER_ID)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key(settings.secret));
  return { token, expiresAt };
}

/** The users service's stream of access changes, opened with the service token (subgraphs/users/access-changes.ts). */
export const ACCESS_CHANGES_PATH = '/internal/access-changes';

/**
 * The User DB's NOTIFY channel for access changes (`{"userId":…}` on commit of a change of a role,
 * active state, organization or project membership; migration 20261206100000). The users service
 * relays it to the gateway; the platform listens to it itself (it reads the User DB anyway).
 */
export const ACCESS_CHANGED_CHANNEL = 'access_changed';

/** Whether `token` is a valid, unexpired service subscription token (never throws). */
export async function isServiceToken(token: string, settings: JwtSettings): Promise<boolean> {
  try {
    const { payload } = await jwtVerify(token, key(settings.secret), { algorithms: [settings.algorithm], requiredClaims: ['exp'] });
    return payload.typ === 'service' && payload.scope === 'subscribe' && payload.sub === SERVICE_SUBSCRIBER_ID;
  } catch {
    return false;
  }
}

/** Extract the token from an `Authorization: Bearer …` header value. */
export function bearerToken(header: string | string[] | undefined | null): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+(.+)$/i.exec(value.trim());
  return match ? match[1]!.trim() : null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether an Authorization header is `Bearer <secret>` for a fixed shared secret (a service key, a
 * metrics token). Both sides are hashed first, so the comparison takes the same time whatever the
 * length or content of the guess.
 */
export function bearerSecretCheck(secret: string): (header: string | string[] | undefined | null) => boolean {
  const expected = sha256(secret);
  return (header) => {
    const token = bearerToken(header);
    return token !== null && timingSafeEqual(sha256(token), expected);
  };
}

/**
 * Resolve the caller from an Authorization header: no header → null (anonymous);
 * a present but bad token → UNAUTHENTICATED (never silently anonymous).
 */
export async function userFromAuthorization(header: string | string[] | undefined | null, settings: JwtSettings): Promise<AuthUser | null> {
  const token = bearerToken(header);
  if (header && !token) throw unauthenticated('Authorization header must be "Bearer <token>".');
  if (!token) return null;
  try {
    return await verifyAccessToken(token, settings);
  } catch (error) {
    throw unauthenticated(error instanceof Error ? error.message : 'Token is invalid.');
  }
}

export function requireUser(user: AuthUser | null | undefined): AuthUser {
  if (!user) throw unauthenticated();
  return user;
}

export function requireRole(user: AuthUser | null | undefined, minimum: Role): AuthUser {
  const u = requireUser(user);
  if (ROLE_RANK[u.role] < ROLE_RANK[minimum]) throw forbidden(`This requires the ${minimum} role or higher.`);
  return u;
}

/**
 * Platform admins read and write every dataset: the platform vouches for them at the Labeler (its
 * calls name no user for them) instead of asking about their own grants.
 */
export const vouchedForDatasets = (user: AuthUser) => user.role === 'admin';

/** Roles that see every project and job (managers supervise teams). */
export const canSeeAll = (user: AuthUser) => ROLE_RANK[user.role] >= ROLE_RANK.manager;
