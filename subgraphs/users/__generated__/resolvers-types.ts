import type { GraphQLResolveInfo } from 'graphql';
import type { UserRecord } from '../user/user.entity';
import type { OrganizationRecord } from '../organization/organization.entity';
import type { InvitationRecord } from '../invitation/invitation.entity';
import type { ProjectMemberRecord } from '../project-member/project-member.entity';
import type { UsersContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** What a successful login returns. */
export type AuthPayload = {
  __typename?: 'AuthPayload';
  /** JWT to send as `Authorization: Bearer <token>` (HTTP) or in `connection_init` (WebSocket). */
  accessToken: Scalars['String']['output'];
  /** When the access token stops working (ISO 8601). */
  expiresAt: Scalars['String']['output'];
  /**
   * Opaque token for `refreshToken` (stored hashed, single use: each refresh returns a new one)
   * and `logout`. Keep it out of URLs and logs.
   */
  refreshToken: Scalars['String']['output'];
  /** The logged-in user. */
  user: User;
};

/** A new invitation with its secret token, which is shown only in this answer (only a hash is stored). */
export type CreatedInvitation = {
  __typename?: 'CreatedInvitation';
  /** The console link that accepts the invitation (contains the token). */
  acceptUrl: Scalars['String']['output'];
  /** The stored invitation. */
  invitation: Invitation;
  /** The secret token to send to the invitee. */
  token: Scalars['String']['output'];
};

/** What a dataset invitation grants at the Labeler when it is accepted. */
export type DatasetInvitationPermission =
  /** Read and upload to the dataset (the Labeler's `read_write`). */
  | 'EDITOR'
  /** Read the dataset (the Labeler's `read_only`). */
  | 'VIEWER';

/** An invitation by e-mail to an organization, a project or a dataset. */
export type Invitation = {
  __typename?: 'Invitation';
  /** When it was accepted (ISO 8601), or null. */
  acceptedAt?: Maybe<Scalars['String']['output']>;
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** The Labeler dataset the invitation is about, if any (the Labeler grants dataset permissions). */
  datasetId?: Maybe<Scalars['ID']['output']>;
  /** What accepting grants on `datasetId` at the Labeler; null without a dataset. */
  datasetPermission?: Maybe<DatasetInvitationPermission>;
  /** Who is invited (lowercased). */
  email: Scalars['String']['output'];
  /** When the invitation stops working (ISO 8601). */
  expiresAt: Scalars['String']['output'];
  /** Invitation id. */
  id: Scalars['ID']['output'];
  /** Who sent it; null when that account was removed. */
  invitedBy?: Maybe<User>;
  /** The organization the invitee joins. */
  organization?: Maybe<Organization>;
  /** The platform project the invitee joins as a member, if any. */
  projectId?: Maybe<Scalars['ID']['output']>;
  /** The role a new account gets when it accepts. */
  role: UserRole;
  /** Lifecycle status, computed from the acceptance, revocation and expiry times. */
  status: InvitationStatus;
};

/** What anyone holding an invitation link may see before accepting it. */
export type InvitationPreview = {
  __typename?: 'InvitationPreview';
  /** Who is invited. */
  email: Scalars['String']['output'];
  /** When the invitation stops working (ISO 8601). */
  expiresAt: Scalars['String']['output'];
  /** Name of the organization to join, if any. */
  organizationName?: Maybe<Scalars['String']['output']>;
  /** The role a new account gets. */
  role: UserRole;
  /** Lifecycle status; only PENDING invitations can be accepted. */
  status: InvitationStatus;
};

/** Where an invitation is in its lifecycle. */
export type InvitationStatus =
  /** Accepted: the account exists and holds what the invitation grants. */
  | 'ACCEPTED'
  /** Not accepted before `expiresAt`. */
  | 'EXPIRED'
  /** Sent, not yet accepted, not expired. */
  | 'PENDING'
  /** Withdrawn by a manager or an admin. */
  | 'REVOKED';

/** Invite someone by e-mail. */
export type InviteInput = {
  /**
   * A Labeler dataset to share: accepting grants `datasetPermission` on it. The inviter must be allowed
   * to share it (its owner, an admin grant, or a platform admin).
   */
  datasetId?: InputMaybe<Scalars['ID']['input']>;
  /** What accepting grants on `datasetId` (default VIEWER); only with `datasetId`. */
  datasetPermission?: InputMaybe<DatasetInvitationPermission>;
  /** Who to invite. */
  email: Scalars['String']['input'];
  /** Hours until the invitation expires (1 to 720). */
  expiresInHours?: InputMaybe<Scalars['Int']['input']>;
  /** The organization to join; defaults to the inviter's. */
  organizationId?: InputMaybe<Scalars['ID']['input']>;
  /** A platform project to join as a member. */
  projectId?: InputMaybe<Scalars['ID']['input']>;
  /** The role a new account gets; at most the inviter's own role. */
  role: UserRole;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Accept an invitation: creates the account (password required) or links the existing one (its
   * password required), adds the organization (to an account without one; an invitation to another
   * organization alone is refused with CONFLICT for an account that has one) and the project
   * membership, and logs in.
   */
  acceptInvitation: AuthPayload;
  /** Add a user to a project (`owner`, `member` or `viewer`); updates the role when already a member. */
  addProjectMember: ProjectMember;
  /** Change the caller's password; every other session (refresh token) is revoked. */
  changePassword: Scalars['Boolean']['output'];
  /** Create an organization. A name another organization has (in any case) is CONFLICT. */
  createOrganization: Organization;
  /** Deactivate an account: it can no longer log in, and its sessions are revoked. */
  deactivateUser: User;
  /** Invite someone by e-mail to the caller's organization (admins: any), optionally to a project or dataset. */
  inviteUser: CreatedInvitation;
  /**
   * Exchange e-mail and password for an access token and a refresh token. A wrong e-mail and a wrong
   * password get the same error; repeated failures per account and per address get RATE_LIMITED.
   */
  login: AuthPayload;
  /** Revoke a refresh token. True when it was active. */
  logout: Scalars['Boolean']['output'];
  /** Exchange a refresh token for new tokens; the old refresh token stops working (rotation). */
  refreshToken: AuthPayload;
  /** Remove a user from a project. True when they were a member. */
  removeProjectMember: Scalars['Boolean']['output'];
  /** Rename an organization. A name another organization has (in any case) is CONFLICT. */
  renameOrganization: Organization;
  /** Withdraw a pending invitation. */
  revokeInvitation: Invitation;
  /** Create an account: open sign-up, or with an invitation token (SIGNUP_MODE=open|invite). */
  signUp: AuthPayload;
  /** Change the caller's display name. */
  updateProfile: User;
  /** Change a user's role. The last active admin cannot be demoted. */
  updateUserRole: User;
};


export type MutationAcceptInvitationArgs = {
  fullName?: InputMaybe<Scalars['String']['input']>;
  password?: InputMaybe<Scalars['String']['input']>;
  token: Scalars['String']['input'];
};


export type MutationAddProjectMemberArgs = {
  projectId: Scalars['ID']['input'];
  role?: InputMaybe<Scalars['String']['input']>;
  userId: Scalars['ID']['input'];
};


export type MutationChangePasswordArgs = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


export type MutationCreateOrganizationArgs = {
  name: Scalars['String']['input'];
};


export type MutationDeactivateUserArgs = {
  userId: Scalars['ID']['input'];
};


export type MutationInviteUserArgs = {
  input: InviteInput;
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationLogoutArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationRefreshTokenArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationRemoveProjectMemberArgs = {
  projectId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationRenameOrganizationArgs = {
  id: Scalars['ID']['input'];
  name: Scalars['String']['input'];
};


export type MutationRevokeInvitationArgs = {
  id: Scalars['ID']['input'];
};


export type MutationSignUpArgs = {
  input: SignUpInput;
};


export type MutationUpdateProfileArgs = {
  fullName: Scalars['String']['input'];
};


export type MutationUpdateUserRoleArgs = {
  role: UserRole;
  userId: Scalars['ID']['input'];
};

/** A group of users who share projects and datasets. */
export type Organization = {
  __typename?: 'Organization';
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Organization id. */
  id: Scalars['ID']['output'];
  /** Invitations to the organization, newest first. Empty unless the caller is a manager of it or an admin. */
  invitations: Array<Invitation>;
  /** Users of the organization, by id. */
  members: Array<User>;
  /** Display name. */
  name: Scalars['String']['output'];
};

/** Paging information for a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor to pass as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow `endCursor`. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A user's membership in a platform project (the platform shows them on `Project.members`). */
export type ProjectMember = {
  __typename?: 'ProjectMember';
  /** When the user was added (ISO 8601). */
  addedAt: Scalars['String']['output'];
  /** `owner`, `member` or `viewer`. */
  role: Scalars['String']['output'];
  /** The member. */
  user: User;
};

export type Query = {
  __typename?: 'Query';
  /** What an invitation link is about, for the sign-up page; null when the token is unknown. */
  invitationPreview?: Maybe<InvitationPreview>;
  /** The logged-in user, or null when the request carries no token. */
  me?: Maybe<User>;
  /** One organization; null unless the caller is a member of it or an admin. */
  organization?: Maybe<Organization>;
  /** One user by id. Requires a logged-in user. */
  user?: Maybe<User>;
  /** All users, by id, optionally filtered by e-mail or name (`search`). */
  users: UserConnection;
};


export type QueryInvitationPreviewArgs = {
  token: Scalars['String']['input'];
};


export type QueryOrganizationArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUsersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  search?: InputMaybe<Scalars['String']['input']>;
};

/** Create an account. */
export type SignUpInput = {
  /** Login e-mail. */
  email: Scalars['String']['input'];
  /** Display name. */
  fullName?: InputMaybe<Scalars['String']['input']>;
  /** An invitation token; required when sign-up is by invitation only (SIGNUP_MODE=invite). */
  invitationToken?: InputMaybe<Scalars['String']['input']>;
  /** At least 8 characters, not only digits, not the e-mail. */
  password: Scalars['String']['input'];
};

/**
 * A person who uses the platform. Users live in the User DB shared with the Labeler: an account
 * created by either service logs in through both.
 */
export type User = {
  __typename?: 'User';
  /** When the account was created. */
  createdAt: Scalars['String']['output'];
  /** Login e-mail, unique. */
  email: Scalars['String']['output'];
  /** Display name. */
  fullName?: Maybe<Scalars['String']['output']>;
  /** Stable numeric id, shared with the Labeler (`owner_id`, `user_id`). */
  id: Scalars['ID']['output'];
  /** False once an admin deactivated the account: it can no longer log in or refresh its session. */
  isActive: Scalars['Boolean']['output'];
  /** The organization the user belongs to, if any. */
  organization?: Maybe<Organization>;
  /** What the user may do; see docs/permissions.md. */
  role: UserRole;
};

/** A page of users. */
export type UserConnection = {
  __typename?: 'UserConnection';
  /** The users of this page, by id. */
  nodes: Array<User>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of users matching, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** Roles, from most to least powerful. Stored lowercase in the PostgreSQL enum `user_role`. */
export type UserRole =
  /** Everything, including user and organization management. */
  | 'ADMIN'
  /** Trains with advanced options. */
  | 'ADVANCED_ENGINEER'
  /** Read-only access. */
  | 'GUEST'
  /** Sees and manages every project and job. */
  | 'MANAGER'
  /** Trains with basic options. */
  | 'STANDARD_ENGINEER';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Organization: Organization;
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Organization:
    ( { __typename: 'Organization' }
    & GraphQLRecursivePick<FederationTypes['Organization'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AuthPayload: ResolverTypeWrapper<Omit<AuthPayload, 'user'> & { user: ResolversTypes['User'] }>;
  CreatedInvitation: ResolverTypeWrapper<Omit<CreatedInvitation, 'invitation'> & { invitation: ResolversTypes['Invitation'] }>;
  DatasetInvitationPermission: DatasetInvitationPermission;
  Invitation: ResolverTypeWrapper<InvitationRecord>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  InvitationPreview: ResolverTypeWrapper<InvitationPreview>;
  InvitationStatus: InvitationStatus;
  InviteInput: InviteInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Organization: ResolverTypeWrapper<OrganizationRecord>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  ProjectMember: ResolverTypeWrapper<ProjectMemberRecord>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SignUpInput: SignUpInput;
  User: ResolverTypeWrapper<UserRecord>;
  UserConnection: ResolverTypeWrapper<Omit<UserConnection, 'nodes'> & { nodes: Array<ResolversTypes['User']> }>;
  UserRole: UserRole;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AuthPayload: Omit<AuthPayload, 'user'> & { user: ResolversParentTypes['User'] };
  CreatedInvitation: Omit<CreatedInvitation, 'invitation'> & { invitation: ResolversParentTypes['Invitation'] };
  Invitation: InvitationRecord;
  ID: Scalars['ID']['output'];
  InvitationPreview: InvitationPreview;
  InviteInput: InviteInput;
  Int: Scalars['Int']['output'];
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  Organization: OrganizationRecord;
  PageInfo: PageInfo;
  ProjectMember: ProjectMemberRecord;
  Query: Record<PropertyKey, never>;
  SignUpInput: SignUpInput;
  User: UserRecord;
  UserConnection: Omit<UserConnection, 'nodes'> & { nodes: Array<ResolversParentTypes['User']> };
  String: Scalars['String']['output'];
}>;

export type AccessDirectiveArgs = {
  role: Scalars['String']['input'];
};

export type AccessDirectiveResolver<Result, Parent, ContextType = UsersContext, Args = AccessDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type AuthPayloadResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = ResolversObject<{
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  refreshToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type CreatedInvitationResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['CreatedInvitation'] = ResolversParentTypes['CreatedInvitation']> = ResolversObject<{
  acceptUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  invitation?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type InvitationResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Invitation'] = ResolversParentTypes['Invitation']> = ResolversObject<{
  acceptedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  datasetId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  datasetPermission?: Resolver<Maybe<ResolversTypes['DatasetInvitationPermission']>, ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invitedBy?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  projectId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['UserRole'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['InvitationStatus'], ParentType, ContextType>;
}>;

export type InvitationPreviewResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['InvitationPreview'] = ResolversParentTypes['InvitationPreview']> = ResolversObject<{
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  organizationName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['UserRole'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['InvitationStatus'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  acceptInvitation?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationAcceptInvitationArgs, 'token'>>;
  addProjectMember?: Resolver<ResolversTypes['ProjectMember'], ParentType, ContextType, RequireFields<MutationAddProjectMemberArgs, 'projectId' | 'role' | 'userId'>>;
  changePassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationChangePasswordArgs, 'currentPassword' | 'newPassword'>>;
  createOrganization?: Resolver<ResolversTypes['Organization'], ParentType, ContextType, RequireFields<MutationCreateOrganizationArgs, 'name'>>;
  deactivateUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationDeactivateUserArgs, 'userId'>>;
  inviteUser?: Resolver<ResolversTypes['CreatedInvitation'], ParentType, ContextType, RequireFields<MutationInviteUserArgs, 'input'>>;
  login?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'email' | 'password'>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationLogoutArgs, 'refreshToken'>>;
  refreshToken?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRefreshTokenArgs, 'refreshToken'>>;
  removeProjectMember?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRemoveProjectMemberArgs, 'projectId' | 'userId'>>;
  renameOrganization?: Resolver<ResolversTypes['Organization'], ParentType, ContextType, RequireFields<MutationRenameOrganizationArgs, 'id' | 'name'>>;
  revokeInvitation?: Resolver<ResolversTypes['Invitation'], ParentType, ContextType, RequireFields<MutationRevokeInvitationArgs, 'id'>>;
  signUp?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationSignUpArgs, 'input'>>;
  updateProfile?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateProfileArgs, 'fullName'>>;
  updateUserRole?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationUpdateUserRoleArgs, 'role' | 'userId'>>;
}>;

export type OrganizationResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Organization'] = ResolversParentTypes['Organization'], FederationReferenceType extends FederationReferenceTypes['Organization'] = FederationReferenceTypes['Organization']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Organization']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  invitations?: Resolver<Array<ResolversTypes['Invitation']>, ParentType, ContextType>;
  members?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProjectMemberResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['ProjectMember'] = ResolversParentTypes['ProjectMember']> = ResolversObject<{
  addedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  role?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  invitationPreview?: Resolver<Maybe<ResolversTypes['InvitationPreview']>, ParentType, ContextType, RequireFields<QueryInvitationPreviewArgs, 'token'>>;
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType, RequireFields<QueryOrganizationArgs, 'id'>>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
  users?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, RequireFields<QueryUsersArgs, 'first'>>;
}>;

export type UserResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fullName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  isActive?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  role?: Resolver<ResolversTypes['UserRole'], ParentType, ContextType>;
}>;

export type UserConnectionResolvers<ContextType = UsersContext, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['User']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = UsersContext> = ResolversObject<{
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  CreatedInvitation?: CreatedInvitationResolvers<ContextType>;
  Invitation?: InvitationResolvers<ContextType>;
  InvitationPreview?: InvitationPreviewResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Organization?: OrganizationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  ProjectMember?: ProjectMemberResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = UsersContext> = ResolversObject<{
  access?: AccessDirectiveResolver<any, any, ContextType>;
}>;
