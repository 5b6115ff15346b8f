/**
 * Invitations by e-mail to an organization, a project or a dataset. The token is random and
 * returned once; only its SHA-256 is stored. Accepting creates the account (or links an existing
 * one after checking its password), adds the organization and project membership, and logs in —
 * all in one transaction, claimed by a conditional update so a token works exactly once.
 */
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { requireUser, ROLE_RANK, type AuthUser, type Role } from '../../../lib/auth';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../../../lib/errors';
import type { LabelerApi } from '../../../lib/labeler/labeler-client';
import type { Logger } from '../../../lib/log';
import { Organization } from '../organization/organization.entity';
import { ProjectMember } from '../project-member/project-member.entity';
import type { AuthResult, SessionService } from '../session/session.service';
import { hashPassword, verifyPassword } from '../user/password';
import { normalizeEmail, User, type UserRecord } from '../user/user.entity';
import { parseUserId } from '../user/user.loaders';
import { assertFields, emailProblem, MAX_PASSWORD_LENGTH, nameProblem, passwordProblem, randomToken, tokenHash } from '../validation';
import { Invitation, type InvitationRecord } from './invitation.entity';

export type InvitationStatus = 'PENDING' | 'ACCEPTED' | 'REVOKED' | 'EXPIRED';

export function invitationStatus(invitation: Pick<InvitationRecord, 'acceptedAt' | 'revokedAt' | 'expiresAt'>, now = new Date()): InvitationStatus {
  if (invitation.acceptedAt) return 'ACCEPTED';
  if (invitation.revokedAt) return 'REVOKED';
  return invitation.expiresAt <= now ? 'EXPIRED' : 'PENDING';
}

const UNUSABLE: Record<Exclude<InvitationStatus, 'PENDING'>, string> = {
  ACCEPTED: 'This invitation has already been accepted; log in instead.',
  REVOKED: 'This invitation was revoked; ask for a new one.',
  EXPIRED: 'This invitation has expired; ask for a new one.',
};
const INVALID_TOKEN = 'This invitation link is not valid.';

export interface InviteInput {
  email: string;
  role: Role;
  organizationId?: string | null;
  projectId?: string | null;
  datasetId?: string | null;
  datasetPermission?: DatasetInvitationPermission | null;
  expiresInHours?: number | null;
}

export type DatasetInvitationPermission = 'viewer' | 'editor';
/** The Labeler level each invitation permission grants. */
const LABELER_LEVEL = { viewer: 'read_only', editor: 'read_write' } as const;
const RANK = { read_only: 1, read_write: 2, admin: 3 } as const;

export interface InvitationServiceDeps {
  em: EntityManager;
  /** The caller and their account row, both null when anonymous (a signed-in caller's row is read when the context is built). */
  caller: AuthUser | null;
  viewer: UserRecord | null;
  sessions: SessionService;
  publicAppUrl: string;
  log: Logger;
  /** The Labeler bound to this request: dataset invitations are checked and granted there. */
  labeler: LabelerApi;
}

export function createInvitationService({ em, caller: requestCaller, viewer: requestViewer, sessions, publicAppUrl, log, labeler }: InvitationServiceDeps) {
  /** The caller and their account row; the context guarantees both exist together. */
  const signedIn = (): { caller: AuthUser; viewer: UserRecord } => {
    const caller = requireUser(requestCaller);
    if (!requestViewer) throw unauthenticated();
    return { caller, viewer: requestViewer };
  };
  const byToken = (token: string) =>
    token.length > 0 && token.length <= 200 ? em.findOne(Invitation, { tokenHash: tokenHash(token) }, { populate: ['organization'] }) : Promise.resolve(null);

  /** A manager manages invitations of their own organization; an admin any. */
  const assertManages = (caller: AuthUser, viewer: UserRecord, organizationId: number | null) => {
    if (caller.role === 'admin') return;
    if (organizationId === null || viewer.organization?.id !== organizationId) {
      throw forbidden('You can only manage invitations of your own organization.');
    }
  };

  /**
   * Sharing a dataset needs the right to grant on it: its owner or an admin grant at the Labeler, or
   * a platform admin. An unknown dataset is NOT_FOUND (the Labeler's 404).
   */
  const assertMayShare = async (caller: AuthUser, datasetId: string) => {
    if (caller.role === 'admin') {
      await labeler.getDataset(datasetId);
      return;
    }
    const permission = await labeler.getPermission(datasetId, caller.id);
    if (permission.permission_level !== 'admin') {
      throw forbidden(`You cannot share dataset ${datasetId}: only its owner, a user it grants admin, or a platform admin can.`);
    }
  };

  return {
    /** The invitation behind a token (any status), or null when the token is unknown. */
    preview: byToken,

    async invite(input: InviteInput) {
      const { caller, viewer } = signedIn();
      const email = normalizeEmail(input.email);
      const hours = input.expiresInHours ?? 168;
      assertFields({
        email: emailProblem(email),
        expiresInHours: hours < 1 || hours > 720 ? 'Between 1 and 720 hours.' : null,
        projectId: input.projectId !== undefined && input.projectId !== null && !input.projectId.trim() ? 'Enter a project id or leave it out.' : null,
        datasetId:
          input.datasetId !== undefined && input.datasetId !== null && !/^ds_[0-9a-z]{1,64}$/i.test(input.datasetId) ? 'A dataset id looks like ds_… .' : null,
        datasetPermission: input.datasetPermission && !input.datasetId ? 'Only with a dataset: choose the dataset to share or leave this out.' : null,
      });
      if (ROLE_RANK[input.role] > ROLE_RANK[caller.role]) throw forbidden(`You cannot invite with the ${input.role} role, which is above your own.`);
      let organizationId: number | null = viewer.organization?.id ?? null;
      if (input.organizationId) {
        organizationId = parseUserId(input.organizationId);
        if (organizationId === null || !(await em.count(Organization, { id: organizationId }))) throw notFound('Organization', input.organizationId);
      }
      if (organizationId === null && caller.role !== 'admin') {
        throw badInput('You belong to no organization.', { organizationId: 'Choose the organization to invite to.' });
      }
      assertManages(caller, viewer, organizationId);
      if (input.datasetId) await assertMayShare(caller, input.datasetId);
      const token = randomToken();
      const invitation = em.create(Invitation, {
        email,
        tokenHash: tokenHash(token),
        organization: organizationId,
        projectId: input.projectId?.trim() || null,
        datasetId: input.datasetId || null,
        datasetPermission: input.datasetId ? (input.datasetPermission ?? 'viewer') : null,
        role: input.role,
        expiresAt: new Date(Date.now() + hours * 3600 * 1000),
        createdBy: viewer.id,
      });
      await em.flush();
      log.info({ invitationId: invitation.id, by: caller.id, organizationId, role: input.role }, 'invitation created');
      return { invitation, token, acceptUrl: `${publicAppUrl.replace(/\/+$/, '')}/invite/${encodeURIComponent(token)}` };
    },

    async revoke(id: string): Promise<InvitationRecord> {
      const { caller, viewer } = signedIn();
      const numeric = parseUserId(id);
      const invitation = numeric === null ? null : await em.findOne(Invitation, { id: numeric });
      // Invitations of other organizations do not exist for a manager.
      if (!invitation) throw notFound('Invitation', id);
      if (caller.role !== 'admin' && viewer.organization?.id !== invitation.organization?.id) throw notFound('Invitation', id);
      if (invitation.acceptedAt) throw conflict('This invitation was already accepted; deactivate the account instead.');
      if (!invitation.revokedAt) {
        invitation.revokedAt = new Date();
        await em.flush();
      }
      return invitation;
    },

    async accept(token: string, opts: { password?: string | null; fullName?: string | null }): Promise<AuthResult> {
      const found = await byToken(token);
      if (!found) throw badInput(INVALID_TOKEN, { token: INVALID_TOKEN });
      const status = invitationStatus(found);
      if (status !== 'PENDING') throw badInput(UNUSABLE[status], { token: UNUSABLE[status] });
      const password = opts.password ?? '';

      const user = await em
        .transactional(async (tx) => {
          let account = await tx.findOne(User, { email: found.email }, { populate: ['hashedPassword'] });
          if (account) {
            // Linking an existing account: holding the link is not enough, its password must match.
            if (!password)
              throw badInput('Enter the password of your existing account.', { password: 'An account with this e-mail exists; enter its password.' });
            if (password.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(password, account.hashedPassword)) || !account.isActive) {
              throw unauthenticated('Invalid e-mail or password.');
            }
            if (found.organization && account.organization && account.organization.id !== found.organization.id && !found.projectId && !found.datasetId) {
              // An account belongs to one organization; an invitation to another one alone would grant nothing.
              throw conflict(
                'Your account belongs to another organization, and an account belongs to one organization: this invitation cannot move it. Ask who invited you to invite you to a project or dataset instead.',
              );
            }
            if (!account.organization && found.organization) account.organization = tx.getReference(Organization, found.organization.id, { wrapped: true });
          } else {
            assertFields({
              password: password ? passwordProblem(password, found.email) : 'Choose a password.',
              fullName: opts.fullName ? nameProblem(opts.fullName, 'name') : null,
            });
            account = tx.create(User, {
              email: found.email,
              hashedPassword: await hashPassword(password),
              fullName: opts.fullName?.trim() || null,
              role: found.role,
              organization: found.organization?.id ?? null,
              isActive: true,
            });
          }
          await tx.flush();
          if (found.projectId) {
            if (!(await tx.count(ProjectMember, { projectId: found.projectId, user: account.id }))) {
              tx.create(ProjectMember, { projectId: found.projectId, user: account.id, role: 'member' });
              await tx.flush();
            }
          }
          const claimed = await tx.nativeUpdate(
            Invitation,
            { id: found.id, acceptedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
            { acceptedAt: new Date() },
          );
          if (claimed !== 1) throw badInput(UNUSABLE.ACCEPTED, { token: UNUSABLE.ACCEPTED });
          // Last, inside the transaction: when the Labeler cannot grant, nothing is accepted and the
          // link still works. (A grant whose commit then fails names an id never handed out.)
          if (found.datasetId) {
            const level = LABELER_LEVEL[found.datasetPermission ?? 'viewer'];
            // An existing account that already holds as much (or more) keeps what it has.
            const current = account.id ? (await labeler.getPermission(found.datasetId, String(account.id))).permission_level : null;
            if (!current || RANK[current] < RANK[level]) await labeler.grantPermission(found.datasetId, String(account.id), level);
          }
          return account;
        })
        .catch((error: unknown) => {
          // Two accepts racing to create the same account: the unique e-mail index lets one win.
          if (error instanceof UniqueConstraintViolationException) throw badInput(UNUSABLE.ACCEPTED, { token: UNUSABLE.ACCEPTED });
          throw error;
        });
      log.info({ invitationId: found.id, userId: user.id }, 'invitation accepted');
      return sessions.issue(user);
    },

    listForOrganization(organizationId: number): Promise<InvitationRecord[]> {
      return em.find(Invitation, { organization: organizationId }, { orderBy: { createdAt: 'desc', id: 'desc' } });
    },
  };
}

export type InvitationService = ReturnType<typeof createInvitationService>;
