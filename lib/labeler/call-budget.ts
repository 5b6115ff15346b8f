/**
 * A cap on the Labeler calls one GraphQL request may make. The Labeler's per-minute window is
 * shared by every user of the platform (D4), so a single request — however many aliases or
 * entity representations it carries — may only spend `max` calls of it. The calls beyond the cap
 * are not sent: their fields fail with OPERATION_TOO_COMPLEX (`limit: "labelerCalls"`, `max`) and
 * the rest of the answer stands. Identical calls are shared before they get here (the per-request
 * DataLoaders), so only distinct calls count.
 */
import { appError } from '../errors';
import type { LabelerApi } from './labeler-client';

export const labelerCallsExceeded = (max: number) =>
  appError('OPERATION_TOO_COMPLEX', `This request needs more than ${max} Labeler calls; ask for fewer datasets or image lists in one request.`, {
    limit: 'labelerCalls',
    max,
  });

/** `api` with at most `max` calls; each call beyond them rejects without reaching the Labeler. */
export function withCallBudget(api: LabelerApi, max: number): LabelerApi {
  let used = 0;
  const spend = <R>(call: () => Promise<R>): Promise<R> => {
    if (used >= max) return Promise.reject(labelerCallsExceeded(max));
    used += 1;
    return call();
  };
  return {
    getDataset: (id) => spend(() => api.getDataset(id)),
    listDatasets: (query) => spend(() => api.listDatasets(query)),
    batchGetDatasets: (ids, userId) => spend(() => api.batchGetDatasets(ids, userId)),
    getPermission: (datasetId, userId) => spend(() => api.getPermission(datasetId, userId)),
    createDownloadUrl: (datasetId, input) => spend(() => api.createDownloadUrl(datasetId, input)),
    getImages: (datasetId, input) => spend(() => api.getImages(datasetId, input)),
    createDataset: (input) => spend(() => api.createDataset(input)),
    startUpload: (datasetId, input) => spend(() => api.startUpload(datasetId, input)),
    getUpload: (datasetId, uploadId, actingUserId) => spend(() => api.getUpload(datasetId, uploadId, actingUserId)),
    recordUploadPart: (datasetId, uploadId, input) => spend(() => api.recordUploadPart(datasetId, uploadId, input)),
    completeUpload: (datasetId, uploadId, actingUserId) => spend(() => api.completeUpload(datasetId, uploadId, actingUserId)),
    finalizeDataset: (datasetId, actingUserId) => spend(() => api.finalizeDataset(datasetId, actingUserId)),
    grantPermission: (datasetId, userId, level) => spend(() => api.grantPermission(datasetId, userId, level)),
    revokePermission: (datasetId, userId) => spend(() => api.revokePermission(datasetId, userId)),
  };
}
