import type { GraphQLResolveInfo } from 'graphql';
import type { ProjectRecord } from '../project/project.entity';
import type { ProjectPage } from '../project/project.service';
import type { TrainingJobRecord } from '../training-job/training-job.entity';
import type { TrainingJobPage } from '../training-job/training-job.service';
import type { DatasetRef, DatasetSnapshotRecord } from '../snapshot/snapshot.entity';
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

/** A file the worker stored in the internal bucket (checkpoint or final weights). */
export type Checkpoint = {
  __typename?: 'Checkpoint';
  /** Upload time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Presigned GET URL (valid about an hour); the bytes never pass through GraphQL. */
  downloadUrl: Scalars['String']['output'];
  /** File name, e.g. `final.json` or `epoch-10.pt`. */
  name: Scalars['String']['output'];
  /** Size in bytes as stored. */
  sizeBytes: Scalars['Float']['output'];
};

/** What to train: a minimal `{ projectId, datasetId, name }` runs the reference trainer with defaults. */
export type CreateTrainingJobInput = {
  /** Configuration as a JSON object, Basic and Advanced fields together, e.g. `{"epochs": 20, "learningRate": 0.5}`. */
  config?: InputMaybe<Scalars['String']['input']>;
  /** Labeler dataset to train on; you need read permission on it. */
  datasetId: Scalars['ID']['input'];
  /** Training framework (`reference`, `ultralytics`); see `trainingConfigSchema`. */
  framework?: InputMaybe<Scalars['String']['input']>;
  /** Retrying a request with the same key returns the job the first attempt created (unique per user). */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** Model (default: the framework's default for the task). */
  model?: InputMaybe<Scalars['String']['input']>;
  /** Job name (1–200 characters). */
  name: Scalars['String']['input'];
  /** Project the job belongs to. */
  projectId: Scalars['ID']['input'];
  /** Task, e.g. `classification`, `detection`, `segmentation` (default: the framework's first). */
  task?: InputMaybe<Scalars['String']['input']>;
};

export type Dataset = {
  __typename?: 'Dataset';
  /** Labeler dataset id (`ds_…`). */
  id: Scalars['ID']['output'];
  /** Immutable snapshots the platform took of this dataset for training, newest first (your own; managers and admins see all). */
  snapshots: Array<DatasetSnapshot>;
  /** Training jobs on this dataset visible to the caller, newest first. */
  trainingJobs: TrainingJobConnection;
};


export type DatasetSnapshotsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type DatasetTrainingJobsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/**
 * An immutable copy of a dataset's objects taken when a job was created (T3): the manifest maps each
 * object key to content-addressed bytes in the internal bucket, so later changes to the dataset never
 * change what a job trained on.
 */
export type DatasetSnapshot = {
  __typename?: 'DatasetSnapshot';
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** Who created it (the owner of the job that needed it). */
  createdBy: User;
  /** The dataset it was taken from. */
  datasetId: Scalars['ID']['output'];
  /** Snapshot id (`snap_…`). */
  id: Scalars['ID']['output'];
  /** Number of objects (images, annotation files, …) in the snapshot. */
  objectCount: Scalars['Int']['output'];
  /** Sum of the objects' sizes in bytes. */
  totalBytes: Scalars['Float']['output'];
};

/** Severity of a training log line. */
export type LogLevel =
  /** Details for debugging. */
  | 'DEBUG'
  /** A failure. */
  | 'ERROR'
  /** Normal progress. */
  | 'INFO'
  /** Something unexpected that training survived. */
  | 'WARNING';

/** One log line of a training run. */
export type LogLine = {
  __typename?: 'LogLine';
  /** Opaque, increasing id (also the paging cursor). */
  id: Scalars['ID']['output'];
  /** Severity. */
  level: LogLevel;
  /** The text. */
  message: Scalars['String']['output'];
  /** When the worker logged it (ISO 8601). */
  time: Scalars['String']['output'];
};

/** A page of log lines, oldest first. */
export type LogLineConnection = {
  __typename?: 'LogLineConnection';
  /** The lines of this page. */
  nodes: Array<LogLine>;
  /** Paging information (`endCursor` continues after the last line). */
  pageInfo: PageInfo;
};

/** One value of a metric series (loss, accuracy, learning rate, …) reported by the worker. */
export type MetricPoint = {
  __typename?: 'MetricPoint';
  /** When the platform stored it (ISO 8601). */
  at: Scalars['String']['output'];
  /** Epoch the value belongs to. */
  epoch?: Maybe<Scalars['Int']['output']>;
  /** Metric name, e.g. `loss`. */
  name: Scalars['String']['output'];
  /** Step within the run, when the worker reports per step. */
  step?: Maybe<Scalars['Int']['output']>;
  /** The value. */
  value: Scalars['Float']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Cancel a queued or running job (its owner, a manager or an admin). CONFLICT when it already ended. */
  cancelTrainingJob: TrainingJob;
  /**
   * Create a job: checks through the Labeler that the dataset exists and you may read it, snapshots it,
   * then queues the job, atomically. FORBIDDEN without read permission, BAD_USER_INPUT (with
   * `extensions.fields`) for an invalid configuration, UPSTREAM_UNAVAILABLE when the Labeler is down.
   */
  createTrainingJob: TrainingJob;
  /** Queue a new job with the same snapshot and configuration as a FAILED or CANCELLED one (CONFLICT otherwise). */
  retryTrainingJob: TrainingJob;
};


export type MutationCancelTrainingJobArgs = {
  id: Scalars['ID']['input'];
};


export type MutationCreateTrainingJobArgs = {
  input: CreateTrainingJobInput;
};


export type MutationRetryTrainingJobArgs = {
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
  /**
   * The configuration form of a framework and task as JSON: `{ "basic": <JSON Schema>, "advanced": <JSON Schema>, "models": [...] }`;
   * null when the framework does not do that task.
   */
  trainingConfigSchema?: Maybe<Scalars['String']['output']>;
  /** One training job, or null when it does not exist or is not visible to the caller. */
  trainingJob?: Maybe<TrainingJob>;
  /** Training jobs visible to the caller (managers and admins see all; others their own), newest first. */
  trainingJobs: TrainingJobConnection;
};


export type QueryProjectsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryTrainingConfigSchemaArgs = {
  framework: Scalars['String']['input'];
  task: Scalars['String']['input'];
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

/** Resource use of the training process at one moment. */
export type SystemSample = {
  __typename?: 'SystemSample';
  /** When the worker measured it (ISO 8601). */
  at: Scalars['String']['output'];
  /** CPU use of the training process in percent of one core. */
  cpuPercent?: Maybe<Scalars['Float']['output']>;
  /** GPU memory in use, bytes (null without a GPU). */
  gpuMemoryBytes?: Maybe<Scalars['Float']['output']>;
  /** GPU utilisation in percent (null without a GPU). */
  gpuPercent?: Maybe<Scalars['Float']['output']>;
  /** Resident memory of the training process in bytes. */
  memoryBytes?: Maybe<Scalars['Float']['output']>;
};

/** One training run of a model on a snapshot of a dataset. */
export type TrainingJob = {
  __typename?: 'TrainingJob';
  /** How many times a worker claimed the job (a lost lease requeues it). */
  attempts: Scalars['Int']['output'];
  /** Checkpoints and weights the worker uploaded. */
  checkpoints: Array<Checkpoint>;
  /** Validated configuration with defaults filled in, as a JSON object. */
  config: Scalars['String']['output'];
  /** Creation time (ISO 8601). */
  createdAt: Scalars['String']['output'];
  /** The dataset trained on (owned by the Labeler); null with an error when the Labeler cannot resolve it. */
  dataset?: Maybe<Dataset>;
  /** The snapshot itself (null for jobs from before snapshots existed). */
  datasetSnapshot?: Maybe<DatasetSnapshot>;
  /** Id of the immutable dataset snapshot the job trains on. */
  datasetSnapshotId?: Maybe<Scalars['String']['output']>;
  /** Current epoch (0 before the first one ends). */
  epoch: Scalars['Int']['output'];
  /** Why the job failed or was cancelled. */
  errorMessage?: Maybe<Scalars['String']['output']>;
  /** Estimated seconds left, as reported by the worker. */
  etaSeconds?: Maybe<Scalars['Int']['output']>;
  /** Training framework, e.g. `reference` or `ultralytics`. */
  framework: Scalars['String']['output'];
  /** Job id. */
  id: Scalars['ID']['output'];
  /** Log lines, oldest first; `level` keeps that level and above. */
  logs: LogLineConnection;
  /** Names of the metric series this job reported. */
  metricNames: Array<Scalars['String']['output']>;
  /** Metric points, oldest first; `name` picks one series (e.g. `loss`). */
  metrics: Array<MetricPoint>;
  /** Model, e.g. `softmax` or `yolov8n`. */
  model: Scalars['String']['output'];
  /** Job name. */
  name: Scalars['String']['output'];
  /** Who started the job. */
  owner: User;
  /** Progress from 0 to 100. */
  progress: Scalars['Float']['output'];
  /** The project the job belongs to. */
  project: Project;
  /** The failed or cancelled job this one retries. */
  retryOf?: Maybe<TrainingJob>;
  /** Lifecycle status. */
  status: TrainingJobStatus;
  /** The latest resource samples, oldest first. */
  systemSamples: Array<SystemSample>;
  /** Task, e.g. `classification`. */
  task: Scalars['String']['output'];
  /** Epochs planned. */
  totalEpochs: Scalars['Int']['output'];
  /** Last change (ISO 8601). */
  updatedAt: Scalars['String']['output'];
};


/** One training run of a model on a snapshot of a dataset. */
export type TrainingJobLogsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  level?: InputMaybe<LogLevel>;
};


/** One training run of a model on a snapshot of a dataset. */
export type TrainingJobMetricsArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
};


/** One training run of a model on a snapshot of a dataset. */
export type TrainingJobSystemSamplesArgs = {
  last?: InputMaybe<Scalars['Int']['input']>;
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
  Dataset: Dataset;
  Project: Project;
  TrainingJob: TrainingJob;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Dataset:
    ( { __typename: 'Dataset' }
    & GraphQLRecursivePick<FederationTypes['Dataset'], {"id":true}> );
  Project:
    ( { __typename: 'Project' }
    & GraphQLRecursivePick<FederationTypes['Project'], {"id":true}> );
  TrainingJob:
    ( { __typename: 'TrainingJob' }
    & GraphQLRecursivePick<FederationTypes['TrainingJob'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Checkpoint: ResolverTypeWrapper<Checkpoint>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  CreateTrainingJobInput: CreateTrainingJobInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Dataset: ResolverTypeWrapper<DatasetRef>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DatasetSnapshot: ResolverTypeWrapper<DatasetSnapshotRecord>;
  LogLevel: LogLevel;
  LogLine: ResolverTypeWrapper<LogLine>;
  LogLineConnection: ResolverTypeWrapper<LogLineConnection>;
  MetricPoint: ResolverTypeWrapper<MetricPoint>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Project: ResolverTypeWrapper<ProjectRecord>;
  ProjectConnection: ResolverTypeWrapper<ProjectPage>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SystemSample: ResolverTypeWrapper<SystemSample>;
  TrainingJob: ResolverTypeWrapper<TrainingJobRecord>;
  TrainingJobConnection: ResolverTypeWrapper<TrainingJobPage>;
  TrainingJobStatus: TrainingJobStatus;
  User: ResolverTypeWrapper<User>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Checkpoint: Checkpoint;
  Float: Scalars['Float']['output'];
  CreateTrainingJobInput: CreateTrainingJobInput;
  ID: Scalars['ID']['output'];
  Dataset: DatasetRef;
  Int: Scalars['Int']['output'];
  DatasetSnapshot: DatasetSnapshotRecord;
  LogLine: LogLine;
  LogLineConnection: LogLineConnection;
  MetricPoint: MetricPoint;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Project: ProjectRecord;
  ProjectConnection: ProjectPage;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  SystemSample: SystemSample;
  TrainingJob: TrainingJobRecord;
  TrainingJobConnection: TrainingJobPage;
  User: User;
  String: Scalars['String']['output'];
}>;

export type AccessDirectiveArgs = {
  role: Scalars['String']['input'];
};

export type AccessDirectiveResolver<Result, Parent, ContextType = PlatformContext, Args = AccessDirectiveArgs> = DirectiveResolverFn<Result, Parent, ContextType, Args>;

export type CheckpointResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Checkpoint'] = ResolversParentTypes['Checkpoint']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  downloadUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sizeBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type DatasetResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Dataset'] = ResolversParentTypes['Dataset'], FederationReferenceType extends FederationReferenceTypes['Dataset'] = FederationReferenceTypes['Dataset']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Dataset']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  snapshots?: Resolver<Array<ResolversTypes['DatasetSnapshot']>, ParentType, ContextType, RequireFields<DatasetSnapshotsArgs, 'first'>>;
  trainingJobs?: Resolver<ResolversTypes['TrainingJobConnection'], ParentType, ContextType, RequireFields<DatasetTrainingJobsArgs, 'first'>>;
}>;

export type DatasetSnapshotResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['DatasetSnapshot'] = ResolversParentTypes['DatasetSnapshot']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdBy?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  datasetId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  objectCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type LogLineResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['LogLine'] = ResolversParentTypes['LogLine']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['LogLevel'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  time?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type LogLineConnectionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['LogLineConnection'] = ResolversParentTypes['LogLineConnection']> = ResolversObject<{
  nodes?: Resolver<Array<ResolversTypes['LogLine']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type MetricPointResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['MetricPoint'] = ResolversParentTypes['MetricPoint']> = ResolversObject<{
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  epoch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  step?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  cancelTrainingJob?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationCancelTrainingJobArgs, 'id'>>;
  createTrainingJob?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationCreateTrainingJobArgs, 'input'>>;
  retryTrainingJob?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationRetryTrainingJobArgs, 'id'>>;
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
  trainingConfigSchema?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType, RequireFields<QueryTrainingConfigSchemaArgs, 'framework' | 'task'>>;
  trainingJob?: Resolver<Maybe<ResolversTypes['TrainingJob']>, ParentType, ContextType, RequireFields<QueryTrainingJobArgs, 'id'>>;
  trainingJobs?: Resolver<ResolversTypes['TrainingJobConnection'], ParentType, ContextType, RequireFields<QueryTrainingJobsArgs, 'first'>>;
}>;

export type SubscriptionResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  trainingJobUpdated?: SubscriptionResolver<ResolversTypes['TrainingJob'], "trainingJobUpdated", ParentType, ContextType, RequireFields<SubscriptionTrainingJobUpdatedArgs, 'id'>>;
}>;

export type SystemSampleResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['SystemSample'] = ResolversParentTypes['SystemSample']> = ResolversObject<{
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cpuPercent?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  gpuMemoryBytes?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  gpuPercent?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  memoryBytes?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type TrainingJobResolvers<ContextType = PlatformContext, ParentType extends ResolversParentTypes['TrainingJob'] = ResolversParentTypes['TrainingJob'], FederationReferenceType extends FederationReferenceTypes['TrainingJob'] = FederationReferenceTypes['TrainingJob']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['TrainingJob']> | FederationReferenceType, FederationReferenceType, ContextType>;
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  checkpoints?: Resolver<Array<ResolversTypes['Checkpoint']>, ParentType, ContextType>;
  config?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  dataset?: Resolver<Maybe<ResolversTypes['Dataset']>, ParentType, ContextType>;
  datasetSnapshot?: Resolver<Maybe<ResolversTypes['DatasetSnapshot']>, ParentType, ContextType>;
  datasetSnapshotId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  epoch?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  errorMessage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  etaSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  framework?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  logs?: Resolver<ResolversTypes['LogLineConnection'], ParentType, ContextType, RequireFields<TrainingJobLogsArgs, 'first'>>;
  metricNames?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  metrics?: Resolver<Array<ResolversTypes['MetricPoint']>, ParentType, ContextType, Partial<TrainingJobMetricsArgs>>;
  model?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  owner?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  project?: Resolver<ResolversTypes['Project'], ParentType, ContextType>;
  retryOf?: Resolver<Maybe<ResolversTypes['TrainingJob']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TrainingJobStatus'], ParentType, ContextType>;
  systemSamples?: Resolver<Array<ResolversTypes['SystemSample']>, ParentType, ContextType, RequireFields<TrainingJobSystemSamplesArgs, 'last'>>;
  task?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
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
  Checkpoint?: CheckpointResolvers<ContextType>;
  Dataset?: DatasetResolvers<ContextType>;
  DatasetSnapshot?: DatasetSnapshotResolvers<ContextType>;
  LogLine?: LogLineResolvers<ContextType>;
  LogLineConnection?: LogLineConnectionResolvers<ContextType>;
  MetricPoint?: MetricPointResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Project?: ProjectResolvers<ContextType>;
  ProjectConnection?: ProjectConnectionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SystemSample?: SystemSampleResolvers<ContextType>;
  TrainingJob?: TrainingJobResolvers<ContextType>;
  TrainingJobConnection?: TrainingJobConnectionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
}>;

export type DirectiveResolvers<ContextType = PlatformContext> = ResolversObject<{
  access?: AccessDirectiveResolver<any, any, ContextType>;
}>;
