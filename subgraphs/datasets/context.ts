/** Per-request context of the datasets subgraph: the caller, the Labeler bound to the request id, DataLoaders. */
import type { BaseRequestContext } from '../../lib/subgraph';
import type { DatasetLoaders } from './dataset/dataset.loaders';
import type { LabelerApi } from '../../lib/labeler/labeler-client';

export interface DatasetsContext extends BaseRequestContext {
  labeler: LabelerApi;
  loaders: DatasetLoaders;
}
