/**
 * `npm run db:init:users` (seed Stage 1.2, `init_railway_user_db`): bring an empty User DB to the
 * latest schema and create the first admin from ADMIN_EMAIL / ADMIN_PASSWORD — or, without a
 * password, generate one and hand it back once to be printed. Idempotent: once an active admin
 * exists nothing is created, and no password is ever hard-coded.
 */
import { randomBytes } from 'node:crypto';
import { createUsersOrm, migrateUsersDb } from './db';
import { hashPassword } from './user/password';
import { normalizeEmail, User } from './user/user.entity';
import { emailProblem, passwordProblem } from './validation';

export interface InitUsersResult {
  /** Users in the database after the run. */
  userCount: number;
  /** The admin account created by this run, if any. */
  createdAdmin: { id: number; email: string } | null;
  /** Set only when this run generated the password: print it once, store it nowhere. */
  generatedPassword: string | null;
  /** Active admins found before this run (0 on a fresh database). */
  existingAdmins: number;
}

export async function initUsersDb(url: string, opts: { adminEmail?: string; adminPassword?: string }): Promise<InitUsersResult> {
  const email = normalizeEmail(opts.adminEmail ?? 'admin@example.com');
  const emailError = emailProblem(email);
  if (emailError) throw new Error(`ADMIN_EMAIL: ${emailError}`);
  if (opts.adminPassword) {
    const problem = passwordProblem(opts.adminPassword, email);
    if (problem) throw new Error(`ADMIN_PASSWORD: ${problem}`);
  }

  await migrateUsersDb(url);
  const orm = await createUsersOrm(url);
  try {
    const em = orm.em.fork();
    const existingAdmins = await em.count(User, { role: 'admin', isActive: true });
    if (existingAdmins > 0) {
      return { userCount: await em.count(User, {}), createdAdmin: null, generatedPassword: null, existingAdmins };
    }
    if (await em.count(User, { email })) {
      throw new Error(`ADMIN_EMAIL ${email} belongs to an existing account that is not an active admin; choose another e-mail or promote that account.`);
    }
    const generatedPassword = opts.adminPassword ? null : randomBytes(18).toString('base64url');
    const admin = em.create(User, {
      email,
      hashedPassword: await hashPassword(opts.adminPassword || generatedPassword!),
      fullName: 'Administrator',
      role: 'admin',
      isActive: true,
    });
    await em.flush();
    return { userCount: await em.count(User, {}), createdAdmin: { id: admin.id, email }, generatedPassword, existingAdmins };
  } finally {
    await orm.close(true);
  }
}
