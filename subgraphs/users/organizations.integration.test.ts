import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Role } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { createTestDatabase } from '../../test/harness/infra';
import { codeOf, createGraphQLClient, type GraphQLClient } from '../../test/harness/graphql-client';
import { migrateUsersDb } from './db';
import { parseUsersEnv } from './env';
import { seedUsers } from './seed';
import { createUsersServer } from './server';
import { AUTH_FIELDS, LOGIN, type AuthPayload } from './testing/auth-documents';

const INVITE = `mutation ($input: InviteInput!) {
  inviteUser(input: $input) { token acceptUrl invitation { id email role status projectId datasetId expiresAt invitedBy { email } organization { id name } } }
}`;
const ACCEPT = `mutation ($t: String!, $p: String, $n: String) { acceptInvitation(token: $t, password: $p, fullName: $n) { ${AUTH_FIELDS} } }`;
const PREVIEW = 'query ($t: String!) { invitationPreview(token: $t) { email role organizationName status expiresAt } }';
const REVOKE = 'mutation ($id: ID!) { revokeInvitation(id: $id) { id status } }';
const ORGANIZATION = 'query ($id: ID!) { organization(id: $id) { id name members { email } invitations { email status } } }';

interface Created {
  inviteUser: {
    token: string;
    acceptUrl: string;
    invitation: { id: string; email: string; role: string; status: string; organization: { id: string; name: string } | null };
  };
}

describe('organizations, invitations and project members', () => {
  let service: RunningService;
  let databaseUrl: string;
  let userIds: Record<Role, string>;
  let organizationId: string;
  let api: GraphQLClient;
  const tokens = {} as Record<Role, string>;

  const invite = (token: string, input: Record<string, unknown>) => api.request<Created>(INVITE, { input }, { token });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('users_orgs');
    await migrateUsersDb(databaseUrl);
    ({ userIds, organizationId } = await seedUsers(databaseUrl, { password: 'devpass' }));
    service = await createUsersServer(
      parseUsersEnv({
        USER_DATABASE_URL: databaseUrl,
        USERS_PORT: '0',
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        JWT_SECRET: 'orgs-test-secret-0123456789',
        SIGNUP_MODE: 'invite',
        PUBLIC_APP_URL: 'https://console.example.com/',
      }),
    );
    api = createGraphQLClient(`${service.url}/graphql`);
    for (const role of Object.keys(userIds) as Role[]) {
      tokens[role] = (await api.request<{ login: AuthPayload }>(LOGIN, { email: `${role}@example.com`, password: 'devpass' })).data!.login.accessToken;
    }
  });

  afterAll(async () => {
    await service?.close();
  });

  it('lets admins create and rename organizations, and nobody else', async () => {
    const created = await api.request<{ createOrganization: { id: string; name: string } }>(
      'mutation { createOrganization(name: " Acme ") { id name } }',
      {},
      { token: tokens.admin },
    );
    expect(created.data!.createOrganization.name).toBe('Acme');
    const id = created.data!.createOrganization.id;
    const RENAME = 'mutation ($id: ID!, $n: String!) { renameOrganization(id: $id, name: $n) { id name } }';
    expect((await api.request(RENAME, { id, n: 'Acme Vision' }, { token: tokens.admin })).data).toEqual({ renameOrganization: { id, name: 'Acme Vision' } });
    expect((await api.request(RENAME, { id, n: '' }, { token: tokens.admin })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { name: 'Enter a name.' },
    });
    expect((await api.request(RENAME, { id, n: 'Mine' }, { token: tokens.manager })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Names tell organizations apart: another one by the same name (in any case) is refused, renaming to its own name is not.
    const twin = await api.request('mutation { createOrganization(name: "acme VISION") { id } }', {}, { token: tokens.admin });
    expect(twin.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['CONFLICT', 'An organization named "Acme Vision" already exists.']]);
    const seeded = (await api.request<{ organization: { name: string } }>(ORGANIZATION, { id: organizationId }, { token: tokens.admin })).data!.organization
      .name;
    expect(codeOf(await api.request(RENAME, { id, n: seeded }, { token: tokens.admin }))).toBe('CONFLICT');
    expect((await api.request(RENAME, { id, n: 'Acme Vision' }, { token: tokens.admin })).errors).toBeUndefined();
    expect((await api.request('mutation { createOrganization(name: "X") { id } }')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Not a member of the new organization: a manager does not see it, an admin does.
    expect((await api.request(ORGANIZATION, { id }, { token: tokens.manager })).data).toEqual({ organization: null });
    expect((await api.request(ORGANIZATION, { id }, { token: tokens.admin })).data).toEqual({
      organization: { id, name: 'Acme Vision', members: [], invitations: [] },
    });
  });

  it("shows members of the caller's organization to every member, invitations only to its managers", async () => {
    await invite(tokens.manager, { email: 'visible@example.com', role: 'GUEST' });
    const asManager = (
      await api.request<{ organization: { members: { email: string }[]; invitations: { email: string }[] } }>(
        ORGANIZATION,
        { id: organizationId },
        { token: tokens.manager },
      )
    ).data!.organization;
    expect(asManager.members.map((m) => m.email)).toEqual(expect.arrayContaining(['admin@example.com', 'guest@example.com']));
    expect(asManager.invitations.map((i) => i.email)).toContain('visible@example.com');
    const asGuest = (
      await api.request<{ organization: { members: unknown[]; invitations: unknown[] } }>(ORGANIZATION, { id: organizationId }, { token: tokens.guest })
    ).data!.organization;
    expect(asGuest.members.length).toBe(asManager.members.length);
    expect(asGuest.invitations).toEqual([]);
    expect((await api.request('{ me { organization { id name } } }', {}, { token: tokens.guest })).data).toEqual({
      me: { organization: { id: organizationId, name: 'Vision Demo' } },
    });
  });

  it('invites by e-mail with a one-time token, a console link and a public preview', async () => {
    const res = await invite(tokens.manager, {
      email: 'Colleague@Example.com',
      role: 'STANDARD_ENGINEER',
      projectId: 'proj-7',
    });
    expect(res.errors).toBeUndefined();
    const { token, acceptUrl, invitation } = res.data!.inviteUser;
    expect(acceptUrl).toBe(`https://console.example.com/invite/${token}`);
    expect(invitation).toMatchObject({
      email: 'colleague@example.com',
      role: 'STANDARD_ENGINEER',
      status: 'PENDING',
      projectId: 'proj-7',
      datasetId: null,
      invitedBy: { email: 'manager@example.com' },
      organization: { id: organizationId },
    });
    const preview = await api.request(PREVIEW, { t: token });
    expect(preview.data).toEqual({
      invitationPreview: {
        email: 'colleague@example.com',
        role: 'STANDARD_ENGINEER',
        organizationName: 'Vision Demo',
        status: 'PENDING',
        expiresAt: expect.any(String),
      },
    });
    expect((await api.request(PREVIEW, { t: 'unknown' })).data).toEqual({ invitationPreview: null });
  });

  it('accepts an invitation: creates the account with the role, the organization and the project membership, and logs in', async () => {
    const { token } = (await invite(tokens.manager, { email: 'newhire@example.com', role: 'ADVANCED_ENGINEER', projectId: 'proj-42' })).data!.inviteUser;
    const weak = await api.request(ACCEPT, { t: token, p: 'short' });
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { password: 'Use at least 8 characters.' } });
    const accepted = await api.request<{ acceptInvitation: AuthPayload }>(ACCEPT, { t: token, p: 'a good passphrase', n: 'New Hire' });
    expect(accepted.errors).toBeUndefined();
    const payload = accepted.data!.acceptInvitation;
    expect(payload.user).toMatchObject({ email: 'newhire@example.com', role: 'ADVANCED_ENGINEER', fullName: 'New Hire', organization: { id: organizationId } });
    // The platform shows these rows on `Project.members` (where project visibility applies).
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const members = await db
      .query<{ email: string; role: string }>('select u.email, m.role from project_members m join users u on u.id = m.user_id where m.project_id = $1', [
        'proj-42',
      ])
      .finally(() => db.end());
    expect(members.rows).toEqual([{ email: 'newhire@example.com', role: 'member' }]);
    const again = await api.request(ACCEPT, { t: token, p: 'a good passphrase' });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { token: expect.stringMatching(/already been accepted/) } });
    expect((await api.request(PREVIEW, { t: token })).data).toMatchObject({ invitationPreview: { status: 'ACCEPTED' } });
  });

  it('links an existing account only with its password', async () => {
    const { token } = (await invite(tokens.admin, { email: 'guest@example.com', role: 'GUEST', projectId: 'proj-9' })).data!.inviteUser;
    expect((await api.request(ACCEPT, { t: token })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { password: expect.any(String) },
    });
    expect((await api.request(ACCEPT, { t: token, p: 'wrong password' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const linked = await api.request<{ acceptInvitation: AuthPayload }>(ACCEPT, { t: token, p: 'devpass' });
    expect(linked.data!.acceptInvitation.user).toMatchObject({ id: userIds.guest, role: 'GUEST' });
  });

  it('keeps an existing account in its one organization: an invitation to another organization alone is refused and stays pending', async () => {
    const created = await api.request<{ createOrganization: { id: string } }>(
      'mutation ($n: String!) { createOrganization(name: $n) { id } }',
      { n: 'Second org' },
      { token: tokens.admin },
    );
    const secondOrg = created.data!.createOrganization.id;
    const { token } = (await invite(tokens.admin, { email: 'standard_engineer@example.com', role: 'STANDARD_ENGINEER', organizationId: secondOrg })).data!
      .inviteUser;
    const refused = await api.request(ACCEPT, { t: token, p: 'devpass' });
    expect(refused.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      [
        'CONFLICT',
        'Your account belongs to another organization, and an account belongs to one organization: this invitation cannot move it. Ask who invited you to invite you to a project or dataset instead.',
      ],
    ]);
    expect((await api.request(PREVIEW, { t: token })).data).toMatchObject({ invitationPreview: { status: 'PENDING' } });
    expect(
      (await api.request<{ organization: { members: unknown[] } }>(ORGANIZATION, { id: secondOrg }, { token: tokens.admin })).data!.organization.members,
    ).toEqual([]);

    // With a project it links the account to the project; the organization stays the account's own.
    const withProject = (
      await invite(tokens.admin, { email: 'standard_engineer@example.com', role: 'STANDARD_ENGINEER', organizationId: secondOrg, projectId: 'proj-77' })
    ).data!.inviteUser;
    const linked = await api.request<{ acceptInvitation: AuthPayload }>(ACCEPT, { t: withProject.token, p: 'devpass' });
    expect(linked.errors).toBeUndefined();
    expect(linked.data!.acceptInvitation.user).toMatchObject({ id: userIds.standard_engineer, organization: { id: organizationId } });
  });

  it('refuses revoked and expired invitations with a message on the token field', async () => {
    const revoked = (await invite(tokens.manager, { email: 'revoked@example.com', role: 'GUEST' })).data!.inviteUser;
    expect((await api.request(REVOKE, { id: revoked.invitation.id }, { token: tokens.advanced_engineer })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.request(REVOKE, { id: revoked.invitation.id }, { token: tokens.manager })).data).toEqual({
      revokeInvitation: { id: revoked.invitation.id, status: 'REVOKED' },
    });
    expect((await api.request(ACCEPT, { t: revoked.token, p: 'a good passphrase' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { token: 'This invitation was revoked; ask for a new one.' },
    });

    const expired = (await invite(tokens.manager, { email: 'late@example.com', role: 'GUEST', expiresInHours: 1 })).data!.inviteUser;
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query(`update invitations set expires_at = now() - interval '1 minute' where id = $1`, [Number(expired.invitation.id)]);
    await db.end();
    expect((await api.request(PREVIEW, { t: expired.token })).data).toMatchObject({ invitationPreview: { status: 'EXPIRED' } });
    expect((await api.request(ACCEPT, { t: expired.token, p: 'a good passphrase' })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { token: 'This invitation has expired; ask for a new one.' },
    });
  });

  it("keeps invitations within the inviter's power: no higher role, no other organization, valid fields", async () => {
    expect((await invite(tokens.manager, { email: 'boss@example.com', role: 'ADMIN' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const other = (
      await api.request<{ createOrganization: { id: string } }>('mutation { createOrganization(name: "Other") { id } }', {}, { token: tokens.admin })
    ).data!.createOrganization.id;
    expect((await invite(tokens.manager, { email: 'x@example.com', role: 'GUEST', organizationId: other })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await invite(tokens.admin, { email: 'x@example.com', role: 'ADMIN', organizationId: other })).errors).toBeUndefined();
    expect((await invite(tokens.manager, { email: 'nope', role: 'GUEST', expiresInHours: 0 })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { email: 'This is not a valid e-mail address.', expiresInHours: 'Between 1 and 720 hours.' },
    });
    expect((await invite(tokens.standard_engineer, { email: 'x@example.com', role: 'GUEST' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('signs up with an invitation token when sign-up is invite-only, for the invited e-mail only', async () => {
    const { token } = (await invite(tokens.manager, { email: 'invited@example.com', role: 'STANDARD_ENGINEER' })).data!.inviteUser;
    const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { ${AUTH_FIELDS} } }`;
    const wrongEmail = await api.request(SIGN_UP, { input: { email: 'someone-else@example.com', password: 'a good passphrase', invitationToken: token } });
    expect(wrongEmail.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { email: expect.any(String) } });
    const ok = await api.request<{ signUp: AuthPayload }>(SIGN_UP, {
      input: { email: 'invited@example.com', password: 'a good passphrase', invitationToken: token },
    });
    expect(ok.data!.signUp.user).toMatchObject({ email: 'invited@example.com', role: 'STANDARD_ENGINEER' });
  });

  it('lets managers add and remove project members', async () => {
    const ADD = 'mutation ($p: ID!, $u: ID!, $r: String) { addProjectMember(projectId: $p, userId: $u, role: $r) { user { email } role } }';
    const REMOVE = 'mutation ($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) }';
    expect((await api.request(ADD, { p: 'proj-1', u: userIds.guest }, { token: tokens.manager })).data).toEqual({
      addProjectMember: { user: { email: 'guest@example.com' }, role: 'member' },
    });
    expect((await api.request(ADD, { p: 'proj-1', u: userIds.guest, r: 'viewer' }, { token: tokens.manager })).data).toEqual({
      addProjectMember: { user: { email: 'guest@example.com' }, role: 'viewer' },
    });
    expect((await api.request(ADD, { p: 'proj-1', u: userIds.guest, r: 'boss' }, { token: tokens.manager })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: { role: expect.any(String) },
    });
    expect((await api.request(ADD, { p: 'proj-1', u: '999999' }, { token: tokens.manager })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await api.request(ADD, { p: 'proj-1', u: userIds.guest }, { token: tokens.advanced_engineer })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await api.request(REMOVE, { p: 'proj-1', u: userIds.guest }, { token: tokens.manager })).data).toEqual({ removeProjectMember: true });
    expect((await api.request(REMOVE, { p: 'proj-1', u: userIds.guest }, { token: tokens.manager })).data).toEqual({ removeProjectMember: false });
  });
});
