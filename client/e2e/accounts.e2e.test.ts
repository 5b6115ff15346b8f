/**
 * Accounts in Chromium against the whole in-process stack: an admin changes a role and
 * deactivates an account, a manager invites a colleague who accepts in another browser context,
 * each role sees only the controls it may use (forbidden ones disabled with the reason), and an
 * expired session is renewed with the refresh token or ends on the login page.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { signAccessToken } from '../../lib/auth';
import type { Stack } from '../../test/harness/stack';
import { addQueuedJob } from './arrange';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { logIn, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;

/** Stored by the console (client/src/session.ts). */
const ACCESS_KEY = 'vpg.accessToken';
const REFRESH_KEY = 'vpg.refreshToken';

suite('accounts and roles in the web console', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let origin: string;
  let guestJobId: string;
  const sessions: ConsoleSession[] = [];

  beforeAll(async () => {
    ({ stack, browser, origin } = consoleSuite = await startConsoleSuite());
    guestJobId = await addQueuedJob(stack.dbUrls.platform, {
      ownerId: stack.userIds.guest,
      datasetId: stack.datasetIds[0] ?? null,
      name: 'guest-queued-for-accounts',
    });
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close(sessions);
  });

  async function logInAs(email: string): Promise<Page> {
    const session = await logIn(browser, origin, email);
    sessions.push(session);
    return session.page;
  }

  const openMenu = async (page: Page, label: string) => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  };

  /** The button is disabled, its tooltip gives the reason, and the same reason is visible on the page. */
  async function expectDisabledWithReason(page: Page, name: string, reason: RegExp) {
    const button = page.getByRole('button', { name, exact: true }).first();
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    await expect(button.getAttribute('title')).resolves.toMatch(reason);
    await expect(page.getByText(reason).first().isVisible()).resolves.toBe(true);
  }

  describe('as admin', () => {
    it('changes a user’s role after confirming, and the user’s next login carries the new role', async () => {
      const page = await logInAs('admin@example.com');
      await openMenu(page, 'Users');
      await page.getByRole('heading', { name: 'Users' }).waitFor();
      await page.getByTestId('user-row').first().waitFor();
      expect(await page.getByTestId('user-row').count()).toBeGreaterThanOrEqual(5);
      // The admin cannot lock themselves out from here: their own row says why.
      const ownRole = page.getByLabel('Role of admin@example.com');
      expect(await ownRole.isDisabled()).toBe(true);
      await expect(ownRole.getAttribute('title')).resolves.toMatch(/cannot change your own account/);
      // ACCOUNTS_SCREENSHOTS=/tmp npm test -- accounts  → admin.png and org.png to look at.
      if (process.env.ACCOUNTS_SCREENSHOTS) await page.screenshot({ path: `${process.env.ACCOUNTS_SCREENSHOTS}/admin.png`, fullPage: true });

      await page.getByLabel('Search users').fill('advanced');
      await page.locator('[data-testid="user-row"][data-email="manager@example.com"]').waitFor({ state: 'detached' });
      expect(await page.getByTestId('user-row').count()).toBe(1);

      await page.getByLabel('Role of advanced_engineer@example.com').selectOption('MANAGER');
      const dialog = page.getByRole('dialog', { name: 'Change role?' });
      await expect(dialog.textContent()).resolves.toContain('Manager');
      await dialog.getByRole('button', { name: 'Change role' }).click();
      await dialog.waitFor({ state: 'hidden' });
      // The list refetches after the mutation (urql's document cache invalidates results holding a User).
      await page.locator('[data-testid="user-row"][data-email="advanced_engineer@example.com"][data-role="MANAGER"]').waitFor();
      await expect(page.getByLabel('Role of advanced_engineer@example.com').inputValue()).resolves.toBe('MANAGER');

      const token = await stack.login('advanced_engineer@example.com');
      const { me } = await stack.graphql.data<{ me: { role: string } }>('{ me { role } }', {}, { token });
      expect(me.role).toBe('MANAGER');
    });

    it('deactivates a user after confirming, and that user can no longer log in', async () => {
      const page = sessions[0]!.page;
      const row = page.locator('[data-testid="user-row"][data-email="advanced_engineer@example.com"]');
      await row.getByRole('button', { name: 'Deactivate advanced_engineer@example.com' }).click();
      const dialog = page.getByRole('dialog', { name: 'Deactivate this account?' });
      await dialog.getByRole('button', { name: 'Deactivate' }).click();
      await page.locator('[data-testid="user-row"][data-email="advanced_engineer@example.com"][data-active="false"]').waitFor();
      await expect(row.getByTestId('user-status').textContent()).resolves.toBe('Deactivated');

      await expect(stack.login('advanced_engineer@example.com')).rejects.toThrow(/login as advanced_engineer@example.com failed/);
      const context = await browser.newContext();
      const login = await context.newPage();
      await login.goto(`${origin}/`);
      await login.getByLabel('E-mail').fill('advanced_engineer@example.com');
      await login.getByLabel('Password').fill('devpass');
      await login.getByRole('button', { name: 'Log in' }).click();
      await login.getByRole('alert').waitFor();
      await expect(login.getByTestId('current-user').count()).resolves.toBe(0);
      await context.close();
    });
  });

  describe('as manager', () => {
    const colleague = 'new.colleague@example.com';
    let acceptLink = '';
    let manager: Page;

    it('invites a colleague and is shown the accept link once', async () => {
      manager = await logInAs('manager@example.com');
      await expect(manager.getByRole('link', { name: 'Users', exact: true }).count()).resolves.toBe(0);
      await openMenu(manager, 'Organization');
      await manager.getByRole('heading', { name: 'Vision Demo' }).waitFor();
      await manager.locator('[data-testid="member-row"][data-email="guest@example.com"]').waitFor();

      await manager.getByRole('button', { name: 'Invite', exact: true }).click();
      const form = manager.getByRole('form', { name: 'Invite a colleague' });
      // A manager cannot hand out more power than a manager has.
      await expect(form.locator('option[value="ADMIN"]').isDisabled()).resolves.toBe(true);
      await expect(form.getByText(/Only admins can invite someone with the Admin role/).isVisible()).resolves.toBe(true);
      await form.getByLabel('E-mail').fill(colleague);
      await form.getByLabel('Role').selectOption('ADVANCED_ENGINEER');
      await form.getByLabel('Link valid for').selectOption('72');
      await form.getByRole('button', { name: 'Send invitation' }).click();

      const link = manager.getByTestId('accept-link');
      await link.waitFor();
      acceptLink = await link.inputValue();
      expect(acceptLink).toMatch(new RegExp(`^${origin}/invite/[A-Za-z0-9_-]{20,}`));
      await manager.locator(`[data-testid="invitation-row"][data-email="${colleague}"][data-status="PENDING"]`).waitFor();
      if (process.env.ACCOUNTS_SCREENSHOTS) await manager.screenshot({ path: `${process.env.ACCOUNTS_SCREENSHOTS}/org.png`, fullPage: true });

      await manager.getByRole('button', { name: 'Done' }).click();
      await expect(manager.getByTestId('accept-link').count()).resolves.toBe(0);
    });

    it('lets the colleague accept in another browser context, refusing a weak password field by field, and lands them logged in with the invited role', async () => {
      const context = await browser.newContext();
      sessions.push({ page: await context.newPage(), sockets: { sent: [], received: [] }, cspViolations: [], close: () => context.close() });
      const page = sessions.at(-1)!.page;
      await page.goto(acceptLink);
      const summary = page.getByTestId('invitation-summary');
      await summary.waitFor();
      await expect(summary.textContent()).resolves.toMatch(/new\.colleague@example\.com is invited to Vision Demo as Advanced engineer/);

      await page.getByLabel('Full name').fill('New Colleague');
      await page.getByLabel('Password').fill('1234567');
      await page.getByRole('button', { name: 'Accept invitation' }).click();
      const passwordError = page.getByTestId('field-error');
      await passwordError.waitFor();
      await expect(passwordError.textContent()).resolves.toMatch(/at least 8 characters/i);
      await expect(page.getByLabel('Password').getAttribute('aria-invalid')).resolves.toBe('true');
      if (process.env.ACCOUNTS_SCREENSHOTS) await page.screenshot({ path: `${process.env.ACCOUNTS_SCREENSHOTS}/accept-invitation.png`, fullPage: true });

      await page.getByLabel('Password').fill('a-long-enough-passphrase');
      await page.getByRole('button', { name: 'Accept invitation' }).click();
      const who = page.getByTestId('current-user').filter({ hasText: colleague });
      await who.waitFor();
      await expect(who.textContent()).resolves.toContain('Advanced engineer');
      expect(new URL(page.url()).pathname).toBe('/');
      await expect(page.evaluate((key) => localStorage.getItem(key), REFRESH_KEY)).resolves.toBeTruthy();

      await manager.reload();
      await manager.locator(`[data-testid="invitation-row"][data-email="${colleague}"][data-status="ACCEPTED"]`).waitFor();
      await manager.locator(`[data-testid="member-row"][data-email="${colleague}"]`).waitFor();
    });

    it('revokes a pending invitation after confirming, and its link then says so', async () => {
      const invitee = 'changed.mind@example.com';
      await manager.getByRole('button', { name: 'Invite', exact: true }).click();
      const form = manager.getByRole('form', { name: 'Invite a colleague' });
      await form.getByLabel('E-mail').fill(invitee);
      await form.getByRole('button', { name: 'Send invitation' }).click();
      const link = await manager.getByTestId('accept-link').inputValue();
      await manager.getByRole('button', { name: 'Done' }).click();

      await manager.getByRole('button', { name: `Revoke the invitation of ${invitee}` }).click();
      await manager.getByRole('dialog', { name: 'Revoke this invitation?' }).getByRole('button', { name: 'Revoke' }).click();
      await manager.locator(`[data-testid="invitation-row"][data-email="${invitee}"][data-status="REVOKED"]`).waitFor();

      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(link);
      await page
        .getByRole('status')
        .filter({ hasText: /invitation was revoked/ })
        .waitFor();
      await expect(page.getByRole('button', { name: 'Accept invitation' }).count()).resolves.toBe(0);
      await context.close();
    });
  });

  describe('as standard_engineer', () => {
    it('has no admin menu, and sees Invite disabled with the reason', async () => {
      const page = await logInAs('standard_engineer@example.com');
      const nav = page.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Organization' }).waitFor();
      await expect(nav.getByRole('link', { name: 'Users', exact: true }).count()).resolves.toBe(0);

      await openMenu(page, 'Organization');
      await expectDisabledWithReason(page, 'Invite', /Only managers and admins can invite/);
      await expectDisabledWithReason(page, 'Rename', /Only admins can rename/);
      if (process.env.ACCOUNTS_SCREENSHOTS) await page.screenshot({ path: `${process.env.ACCOUNTS_SCREENSHOTS}/org-standard-engineer.png`, fullPage: true });
    });

    it('shows field-level errors when the new password is weak', async () => {
      const page = sessions.at(-1)!.page;
      await openMenu(page, 'Profile');
      await page.getByLabel('Current password').fill('devpass');
      await page.getByLabel('New password', { exact: true }).fill('12345678');
      await page.getByLabel('Repeat new password').fill('12345678');
      await page.getByRole('button', { name: 'Change password' }).click();
      const error = page.getByTestId('field-error');
      await error.waitFor();
      await expect(error.textContent()).resolves.toMatch(/more than digits/);
      await expect(page.getByLabel('New password', { exact: true }).getAttribute('aria-invalid')).resolves.toBe('true');
    });
  });

  describe('as guest', () => {
    it('sees Cancel and Invite disabled, each with the reason', async () => {
      const page = await logInAs('guest@example.com');
      await expectDisabledWithReason(page, 'Cancel guest-queued-for-accounts', /read-only/);
      await openMenu(page, 'Organization');
      await expectDisabledWithReason(page, 'Invite', /Only managers and admins can invite/);
      await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users', exact: true }).count()).resolves.toBe(0);
    });

    it('sees the job page’s Cancel disabled, with the reason, instead of a server error', async () => {
      const page = await logInAs('guest@example.com');
      await page.goto(`${origin}/jobs/${guestJobId}`);
      await page.getByRole('heading', { name: 'guest-queued-for-accounts' }).waitFor({ timeout: 15_000 });
      await expectDisabledWithReason(page, 'Cancel', /cancelling a job needs the Standard engineer role/);
      await expect(
        page
          .getByTestId('denial-hint')
          .filter({ hasText: /cancelling a job/ })
          .count(),
      ).resolves.toBe(1);
    });
  });

  describe('sessions', () => {
    const expiredTokenOf = async (role: 'standard_engineer' | 'guest') =>
      (await signAccessToken({ id: stack.userIds[role], email: `${role}@example.com`, role }, { ...stack.jwt, expiresInSeconds: -60 })).token;

    async function openWithTokens(accessToken: string, refreshToken: string | null): Promise<Page> {
      const context = await browser.newContext();
      const page = await context.newPage();
      sessions.push({ page, sockets: { sent: [], received: [] }, cspViolations: [], close: () => context.close() });
      await page.goto(`${origin}/`);
      await page.evaluate(
        ([access, refresh, keys]) => {
          localStorage.setItem(keys[0]!, access!);
          if (refresh) localStorage.setItem(keys[1]!, refresh);
          else localStorage.removeItem(keys[1]!);
        },
        [accessToken, refreshToken, [ACCESS_KEY, REFRESH_KEY]] as const,
      );
      await page.reload();
      return page;
    }

    it('sends a user whose access token expired and who has no refresh token back to login with "Your session has expired"', async () => {
      const page = await openWithTokens(await expiredTokenOf('standard_engineer'), null);
      await page
        .getByRole('status')
        .filter({ hasText: /Your session has expired/ })
        .waitFor();
      await expect(page.getByRole('button', { name: 'Log in' }).isVisible()).resolves.toBe(true);
      await expect(page.evaluate((key) => localStorage.getItem(key), ACCESS_KEY)).resolves.toBeNull();
    });

    it('renews an expired access token with the refresh token, once, and stays logged in', async () => {
      const { login } = await stack.graphql.data<{ login: { refreshToken: string } }>(
        'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { refreshToken } }',
        { email: 'guest@example.com', password: 'devpass' },
      );
      const expired = await expiredTokenOf('guest');
      const page = await openWithTokens(expired, login.refreshToken);
      await page.getByTestId('current-user').filter({ hasText: 'guest@example.com' }).waitFor();
      await expect(page.evaluate((key) => localStorage.getItem(key), ACCESS_KEY)).resolves.not.toBe(expired);
      // Refresh tokens rotate: the one used is spent.
      await expect(page.evaluate((key) => localStorage.getItem(key), REFRESH_KEY)).resolves.not.toBe(login.refreshToken);
    });

    it('logs out on the server too: the refresh token no longer renews the session', async () => {
      const page = sessions.at(-1)!.page;
      const refreshToken = await page.evaluate((key) => localStorage.getItem(key), REFRESH_KEY);
      await page.getByRole('button', { name: 'Log out' }).click();
      await page.getByRole('status').filter({ hasText: 'You have logged out.' }).waitFor();
      await expect(stack.graphql.data('mutation ($t: String!) { refreshToken(refreshToken: $t) { accessToken } }', { t: refreshToken })).rejects.toThrow(
        /GraphQL call failed/,
      );
    });
  });
});
