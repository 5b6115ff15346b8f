/**
 * What every platform resolver receives: the caller and the services of one request, built on one
 * scope (an EntityManager fork, its DataLoaders, the Labeler bound to the request id and capped at
 * `labelerMaxCallsPerRequest` calls, lib/labeler/call-budget.ts). Resolvers
 * call these services and nothing else (decisions.md #18).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountStatus } from '../../lib/account-status';
import { requestError } from '../../lib/errors';
import type { PgPubSub } from '../../lib/pubsub';
import type { BaseRequestContext } from '../../lib/subgraph';
import type { LabelerApi, LabelerClient } from '../../lib/labeler/labeler-client';
import { withCallBudget } from '../../lib/labeler/call-budget';
import type { PlatformOrm } from './db';
import type { InferenceRuntime } from './deployment/runtime';
import { createLoaders, type PlatformLoaders } from './loaders';
import { createModelService, type ModelService } from './model/model.service';
import { createDeploymentService, type DeploymentService } from './deployment/deployment.service';
import { createExperimentService, type ExperimentService } from './project/experiment.service';
import type { AccessCheckClock, AccessWatch } from './project/access-watch';
import type { MembershipStore } from './project/project-access';
import { createProjectService, type ProjectService } from './project/project.service';
import { createSnapshotService, type SnapshotService, type SnapshotStores } from './snapshot/snapshot.service';
import type { DeltaFeeds } from './training-job/training-job.feeds';
import type { RevisionCache } from './training-job/training-job.revisions';
import { createTrainingJobService, type TrainingJobService } from './training-job/training-job.service';
import type { StreamSettings } from './training-job/training-job.streams';

/** Process-wide parts, shared by every request of the process. */
export interface PlatformDeps {
  orm: PlatformOrm;
  /** Project memberships in the shared User DB (process-wide pool; per-request caching is in `loaders.access`). */
  memberships: MembershipStore;
  /** The caller's current role and status (the HTTP path reads it in lib/subgraph.ts; events here). */
  accounts: AccountStatus;
  /** The User DB's access changes: when a delta stream's viewer must be checked again (project/access-watch.ts). */
  access: AccessWatch;
  pubsub: PgPubSub;
  /** One reader per delta source for all its viewers (training-job/training-job.feeds.ts). */
  deltaFeeds: DeltaFeeds;
  /** Revision states heard with their events, for the gateway's query as of each (training-job/training-job.revisions.ts). */
  revisions: RevisionCache;
  labeler: LabelerClient;
  /** Most Labeler calls one GraphQL request (or subscription event) may make (LABELER_MAX_CALLS_PER_REQUEST). */
  labelerMaxCallsPerRequest: number;
  stores: SnapshotStores;
  /** Starts the copy of a snapshot's content after its job's commit (the server awaits running copies on close). */
  onSnapshotCopy: (snapshotId: string) => void;
  presignExpiresSeconds: number;
  /** Live monitoring: delta stream pacing and how long a worker counts as connected. */
  live: LiveSettings;
  /** The process's inference runtime (deployment activation, served models, their figures); set once the routes are mounted. */
  inference: { runtime: InferenceRuntime | null };
}

export interface LiveSettings {
  streams: StreamSettings;
  /** A worker heard from within this many seconds counts as connected (`TrainingJob.queueReason`). */
  workerPresenceSeconds: number;
}

/** What one request (or one subscription event) works with; every service is built on it. */
export interface PlatformScope extends Omit<PlatformDeps, 'orm' | 'memberships' | 'accounts' | 'access' | 'labeler' | 'labelerMaxCallsPerRequest'> {
  user: BaseRequestContext['user'];
  requestId: string;
  /** A fork of the ORM's EntityManager: one unit of work per request (or per subscription event). */
  em: EntityManager;
  loaders: PlatformLoaders;
  labeler: LabelerApi;
}

export interface PlatformServices {
  jobs: TrainingJobService;
  projects: ProjectService;
  experiments: ExperimentService;
  snapshots: SnapshotService;
  models: ModelService;
  deployments: DeploymentService;
}

export interface PlatformContext extends BaseRequestContext, PlatformServices {
  /**
   * Subscriptions: the revision of the `trainingJobUpdated` event being resolved, which the socket
   * sends with it as `extensions.revision` (the gateway resolves the event's selection as of it).
   */
  eventRevision?: string;
  /**
   * Subscription contexts live as long as the subscription: before each event, the services get a
   * fresh scope (EntityManager and DataLoaders) so the event sees committed rows (and current
   * memberships), not cached ones, for the caller's current role (UNAUTHENTICATED once deactivated).
   */
  renewScope(): Promise<void>;
  /** A clock for one delta stream of this caller: `due()` when its access may have changed since its last check. */
  accessClock(): AccessCheckClock;
}

/** `eventRevision`: the request resolves a subscription event as of this job revision (the gateway's header). */
function createServices(base: BaseRequestContext, deps: PlatformDeps, eventRevision?: string | null): PlatformServices {
  const em = deps.orm.em.fork() as EntityManager;
  const scope: PlatformScope = {
    user: base.user,
    requestId: base.requestId,
    em,
    loaders: createLoaders(em, base.user, deps.memberships, eventRevision, deps.revisions),
    labeler: withCallBudget(deps.labeler.forRequest(base.requestId), deps.labelerMaxCallsPerRequest),
    pubsub: deps.pubsub,
    deltaFeeds: deps.deltaFeeds,
    revisions: deps.revisions,
    stores: deps.stores,
    onSnapshotCopy: deps.onSnapshotCopy,
    presignExpiresSeconds: deps.presignExpiresSeconds,
    live: deps.live,
    inference: deps.inference,
  };
  return {
    jobs: createTrainingJobService(scope),
    projects: createProjectService(scope),
    experiments: createExperimentService(scope),
    snapshots: createSnapshotService(scope),
    models: createModelService(scope),
    deployments: createDeploymentService(scope),
  };
}

export function createPlatformContext(base: BaseRequestContext, deps: PlatformDeps, eventRevision?: string | null): PlatformContext {
  return {
    ...base,
    ...createServices(base, deps, eventRevision),
    // On `this`, the object the resolvers hold: a server may hand them a copy of the context.
    async renewScope(this: PlatformContext) {
      // The gateway's service subscriber is no account: nothing to re-read.
      const user = base.user && !base.service ? await deps.accounts.current(base.user, '') : base.user;
      if (base.user && !user) throw requestError('UNAUTHENTICATED', 'This account is deactivated or no longer exists.');
      Object.assign(this, { user }, createServices({ ...base, user }, deps));
    },
    accessClock: () => deps.access.clock(base.user && !base.service ? base.user.id : null),
  };
}
