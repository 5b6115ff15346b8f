/**
 * Per-request context of the datasets subgraph: the caller and the dataset service, built on the
 * Labeler bound to the request id, capped at `maxCallsPerRequest` calls (lib/labeler/call-budget.ts),
 * and fresh DataLoaders (decisions.md #18).
 */
import { vouchedForDatasets } from '../../lib/auth';
import type { BaseRequestContext } from '../../lib/subgraph';
import { createDatasetLoaders } from './dataset/dataset.loaders';
import { createDatasetService, type DatasetService } from './dataset/dataset.service';
import { createUploadService, type UploadService } from './dataset/dataset.upload';
import type { LabelerClient } from '../../lib/labeler/labeler-client';
import { withCallBudget } from '../../lib/labeler/call-budget';
import type { LabelerMetadataCache } from './dataset/dataset.cache';
import type { LegacyDatasets } from './dataset/dataset.legacy';

export interface DatasetsContext extends BaseRequestContext {
  datasets: DatasetService;
  uploads: UploadService;
}

export interface DatasetsContextDeps {
  labeler: LabelerClient;
  maxBatchSize: number;
  /** Ask the batch call for the caller's permission too (contract extension). */
  batchPermissions: boolean;
  /** Most Labeler calls one GraphQL request may make (LABELER_MAX_CALLS_PER_REQUEST). */
  maxCallsPerRequest: number;
  /** Labeler metadata and permissions remembered across requests (dataset.cache.ts). */
  metadataCache?: LabelerMetadataCache;
  /** The Platform DB's legacy datasets (PLATFORM_DATABASE_URL), when configured. */
  legacy?: LegacyDatasets;
}

export function createDatasetsContext(base: BaseRequestContext, deps: DatasetsContextDeps): DatasetsContext {
  const labeler = withCallBudget(deps.labeler.forRequest(base.requestId), deps.maxCallsPerRequest);
  const loaders = createDatasetLoaders(labeler, {
    maxBatchSize: deps.maxBatchSize,
    // Platform admins see everything: their permission is never asked of the Labeler.
    permissionsFor: deps.batchPermissions && base.user && !vouchedForDatasets(base.user) ? base.user.id : undefined,
    cache: deps.metadataCache,
    legacy: deps.legacy,
  });
  return { ...base, datasets: createDatasetService({ user: base.user, labeler, loaders }), uploads: createUploadService(base.user, labeler) };
}
