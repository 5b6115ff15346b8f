import type { GraphQLResolveInfo } from 'graphql';
import type { ProjectRecord } from '../project/project.entity';
import type { ProjectPage } from '../project/project.service';
import type { TrainingJobRecord } from '../training-job/training-job.entity';
import type { TrainingJobPage } from '../training-job/training-job.service';
import type { PlatformContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

export type Dataset = {
  __typename?: 'Dataset';
  id: Scalars['ID']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Cancel a queued or running job (its owner, a manager or an admin). CONFLICT when it already ended. */
  cancelTrainingJob: TrainingJob;
};


export type MutationCancelTrainingJobArgs = {
  id: Scalars['ID']['input'];
};

/** Paging information for a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** Cursor to pass as `after` for the next page. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** True when more items follow `endCursor`. */
  hasNextPage: Scalars['Boolean']['output'];
};

/** A group of training jobs with members and an owner. */
export type Project = {
  __typename?: 'Project';
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Free-text description. */
  description?: Maybe<Scalars['String']['output']>;
  /** Project id. */
  id: Scalars['ID']['output'];
  /** Project name. */
  name: Scalars['String']['output'];
  /** Who created the project. */
  owner: User;
};

/** A page of projects. */
export type ProjectConnection = {
  __typename?: 'ProjectConnection';
  /** The projects of this page. */
  nodes: Array<Project>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of projects visible to the caller. */
  totalCount: Scalars['Int']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** Projects visible to the caller. */
  projects: ProjectConnection;
  /** One training job, or null when it does not exist or is not visible to the caller. */
  trainingJob?: Maybe<TrainingJob>;
  /** Training jobs visible to the caller (managers and admins see all; others their own), newest first. */
  trainingJobs: TrainingJobConnection;
};


export type QueryProjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryTrainingJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryTrainingJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Emits the job each time it changes (status, progress, …). Requires a token in `connection_init`. */
  trainingJobUpdated: TrainingJob;
};


export type SubscriptionTrainingJobUpdatedArgs = {
  id: Scalars['ID']['input'];
};

/** One training run of a model on a snapshot of a dataset. */
export type TrainingJob = {
  __typename?: 'TrainingJob';
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** The dataset trained on (owned by the Labeler); null with an error when the Labeler cannot resolve it. */
  dataset?: Maybe<Dataset>;
  /** Id of the immutable dataset snapshot the job trains on. */
  datasetSnapshotId?: Maybe<Scalars['String']['output']>;
  /** Current epoch (0 before the first one ends). */
  epoch: Scalars['Int']['output'];
  /** Why the job failed or was cancelled. */
  errorMessage?: Maybe<Scalars['String']['output']>;
  /** Job id. */
  id: Scalars['ID']['output'];
  /** Job name. */
  name: Scalars['String']['output'];
  /** Who started the job. */
  owner: User;
  /** Progress from 0 to 100. */
  progress: Scalars['Float']['output'];
  /** The project the job belongs to. */
  project: Project;
  /** Lifecycle status. */
  status: TrainingJobStatus;
  /** Epochs planned. */
  totalEpochs: Scalars['Int']['output'];
  /** Last change (ISO 8601). */
  updatedAt: Scalars['String']['output'];
};

/** A page of training jobs. */
export type TrainingJobConnection = {
  __typename?: 'TrainingJobConnection';
  /** The jobs of this page, newest first. */
  nodes: Array<TrainingJob>;
  /** Paging information. */
  pageInfo: PageInfo;
  /** Number of jobs visible to the caller, across all pages. */
  totalCount: Scalars['Int']['output'];
};

/** Where a training job is in its lifecycle: QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED. */
export type TrainingJobStatus =
  /** Stopped by a user. */
  | 'CANCELLED'
  /** Finished successfully. */
  | 'COMPLETED'
  /** Stopped by an error. */
  | 'FAILED'
  /** Waiting for a worker. */
  | 'QUEUED'
  /** A worker is training it. */
  | 'RUNNING';

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
};

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
  Project: Project;
  TrainingJob: TrainingJob;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Project:
    ( { __typename: 'Project' }
    & GraphQLRecursivePick<FederationTypes['Project'], {"id":true}> );
  TrainingJob:
    ( { __typename: 'TrainingJob' }
    & GraphQLRecursivePick<FederationTypes['TrainingJob'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Dataset: ResolverTypeWrapper<Dataset>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Project: ResolverTypeWrapper<ProjectRecord>;
  ProjectConnection: ResolverTypeWrapper<ProjectPage>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TrainingJob: ResolverTypeWrapper<TrainingJobRecord>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  TrainingJobConnection: ResolverTypeWrapper<TrainingJobPage>;
  TrainingJobStatus: TrainingJobStatus;
  User: ResolverTypeWrapper<User>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Dataset: Dataset;
  ID: Scalars['ID']['output'];
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Project: ProjectRecord;
  ProjectConnection: ProjectPage;
  Int: Scalars['Int']['output'];
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  TrainingJob: TrainingJobRecord;
  Float: Scalars['Float']['output'];
  TrainingJobConnection: TrainingJobPage;
  User: User;
  String: Scalars['String']['output'];
}>;

export type AccessDirectiveArgs = {
  role: Scalars['String']['input'];
};

export type AccessDirectiveResolver<Result, Parent, ContextType = PlatformContext, Args = AccessDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type DatasetResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  cancelTrainingJob?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationCancelTrainingJobArgs, 'id'>>;
}>;

export type PageInfoResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProjectResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Project'] = ResolversParentTypes['Project'], FederationReferenceType extends FederationReferenceTypes['Project'] = FederationReferenceTypes['Project']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Project']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
}>;

export type ProjectConnectionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['ProjectConnection'] = ResolversParentTypes['ProjectConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['Project']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  projects?: Resolver<ResolversTypes['ProjectConnection'], ParentType, ContextType, RequireFields<QueryProjectsArgs, 'first'>>;
  trainingJob?: Resolver<Maybe<ResolversTypes['TrainingJob']>, ParentType, ContextType, RequireFields<QueryTrainingJobArgs, 'id'>>;
  trainingJobs?: Resolver<ResolversTypes['TrainingJobConnection'], ParentType, ContextType, RequireFields<QueryTrainingJobsArgs, 'first'>>;
}>;

export type SubscriptionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  trainingJobUpdated?: SubscriptionResolver<ResolversTypes['TrainingJob'], "trainingJobUpdated", ParentType, ContextType, RequireFields<SubscriptionTrainingJobUpdatedArgs, 'id'>>;
}>;

export type TrainingJobResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['TrainingJob'] = ResolversParentTypes['TrainingJob'], FederationReferenceType extends FederationReferenceTypes['TrainingJob'] = FederationReferenceTypes['TrainingJob']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['TrainingJob']> | FederationReferenceType, FederationReferenceType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  datasetSnapshotId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  epoch?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TrainingJobStatus'], ParentType, ContextType>;
  totalEpochs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TrainingJobConnectionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['TrainingJobConnection'] = ResolversParentTypes['TrainingJobConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['TrainingJob']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = PlatformContext> = ResolversObject<{
  Dataset?: DatasetResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Project?: ProjectResolvers<ContextType>;
  ProjectConnection?: ProjectConnectionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TrainingJob?: TrainingJobResolvers<ContextType>;
  TrainingJobConnection?: TrainingJobConnectionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = PlatformContext> = ResolversObject<{
  access?: AccessDirectiveResolver<any, any, ContextType>;
}>;
