/**
 * Labeler login against the shared User DB (seed Stage 1.5): the same `users` table and the same
 * scrypt hash format as the platform's users subgraph, so an account created by either service
 * logs in through both. With `JWT_SECRET` set (the platform's), the token it issues is the
 * platform's access token: same claims, same algorithm, accepted by every subgraph.
 *
 *   POST /api/v1/auth/login  { email, password } → { access_token?, token_type, expires_in?, user }
 *                            429 + Retry-After while the account or the address is locked
 *   GET  /api/v1/auth/me     Authorization: Bearer <access token> → { user }
 *
 * Mounted before the service-key check: users, not platform services, call these.
 */
import express, { Router, type Request, type Response } from 'express';
import pg from 'pg';
import { signAccessToken, verifyAccessToken, bearerToken, ROLES, type Role } from '../lib/auth';
import { maskUrl, type Logger } from '../lib/log';
import { clientAddress, createLoginThrottle } from '../lib/login-throttle';
import { spendDummyVerification, verifyPassword } from '../subgraphs/users/user/password';
import type { LabelerEnv } from './env';
import { loginRateLimited } from './rate-limit';

interface UserRow {
  id: number;
  email: string;
  hashed_password: string;
  full_name: string | null;
  role: Role;
  organization_id: number | null;
  is_active: boolean;
}

const MAX_INPUT = 1024;
const INVALID = { error: 'invalid_credentials', message: 'Invalid e-mail or password' };

const publicUser = (row: UserRow) => ({
  id: row.id,
  email: row.email,
  full_name: row.full_name,
  role: row.role,
  organization_id: row.organization_id,
  is_active: row.is_active,
});

export function createUserDbAuthRouter(settings: LabelerEnv['auth'], log: Logger): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb' }));
  const { userDatabaseUrl, jwt, login, trustedProxyHops } = settings;
  if (!userDatabaseUrl) {
    router.use((_req: Request, res: Response) => void res.status(503).json({ error: 'auth_not_configured', message: 'Set USER_DATABASE_URL to enable login' }));
    return router;
  }
  log.info(`[CONFIG] Using shared PostgreSQL User DB: ${maskUrl(userDatabaseUrl)}`);
  // Idle connections close themselves, so the Labeler's shutdown needs no extra step for this pool.
  const users = new pg.Pool({ connectionString: userDatabaseUrl, max: 5, idleTimeoutMillis: 1000, allowExitOnIdle: true });
  users.on('error', (err) => log.warn({ err }, 'idle User DB connection lost'));
  // The users subgraph's throttle on the same User DB table: failures here count there and back.
  const throttle = createLoginThrottle({ db: users, limits: login, log });
  const findUser = async (where: 'email' | 'id', value: string | number) =>
    (
      await users.query<UserRow>(
        `select id, email, hashed_password, full_name, role::text as role, organization_id, is_active from users where ${where} = $1`,
        [value],
      )
    ).rows[0];

  router.post('/login', async (req: Request, res: Response) => {
    const body = (req.body ?? {}) as { email?: unknown; password?: unknown };
    if (typeof body.email !== 'string' || typeof body.password !== 'string') {
      return void res.status(400).json({ error: 'invalid_request', message: 'email and password are required strings' });
    }
    if (body.email.includes('\u0000') || body.password.includes('\u0000')) {
      return void res.status(400).json({ error: 'invalid_request', message: 'email and password must not contain NUL (U+0000) characters' });
    }
    // Counted before the password is checked; while locked even the right password is refused.
    const attempt = await throttle.begin(body.email, clientAddress(req, trustedProxyHops));
    if (attempt.locked) {
      res.setHeader('Retry-After', String(attempt.retryAfterSeconds));
      return void res.status(429).json(loginRateLimited(attempt.scope, attempt.limit, attempt.retryAfterSeconds));
    }
    const email = body.email.trim().toLowerCase();
    const row = email.length <= MAX_INPUT && body.password.length <= MAX_INPUT ? await findUser('email', email) : undefined;
    if (!row) {
      // Spend the same time as a real check: no account enumeration by timing.
      await spendDummyVerification(body.password.slice(0, MAX_INPUT));
      return void res.status(401).json(INVALID);
    }
    const matches = await verifyPassword(body.password, row.hashed_password);
    if (!matches || !row.is_active || !(ROLES as readonly string[]).includes(row.role)) return void res.status(401).json(INVALID);
    await attempt.succeeded();
    if (!jwt) return void res.json({ token_type: 'bearer', user: publicUser(row) });
    const { token, expiresAt } = await signAccessToken({ id: String(row.id), email: row.email, role: row.role }, jwt);
    res.json({ access_token: token, token_type: 'bearer', expires_in: Math.round((expiresAt.getTime() - Date.now()) / 1000), user: publicUser(row) });
  });

  router.get('/me', async (req: Request, res: Response) => {
    const token = bearerToken(req.headers.authorization);
    if (!jwt || !token) return void res.status(401).json({ error: 'unauthorized', message: 'A valid access token is required' });
    try {
      const caller = await verifyAccessToken(token, jwt);
      const row = await findUser('id', Number(caller.id));
      if (!row || !row.is_active) return void res.status(401).json({ error: 'unauthorized', message: 'This account no longer exists or has been deactivated' });
      res.json({ user: publicUser(row) });
    } catch {
      res.status(401).json({ error: 'unauthorized', message: 'A valid access token is required' });
    }
  });
  return router;
}
