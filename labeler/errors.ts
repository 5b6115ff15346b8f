/** Error bodies of the Labeler contract (seed 2.5.2): `{ error, message, …details }`. */
import type { LabelerErrorBody } from '../lib/labeler/contract';

export const datasetNotFound = (datasetId: string): LabelerErrorBody => ({
  error: 'dataset_not_found',
  message: `Dataset ${datasetId} does not exist`,
  dataset_id: datasetId,
});

export const permissionDenied = (requiredPermission: string): LabelerErrorBody => ({
  error: 'permission_denied',
  message: 'User does not have access to this dataset',
  required_permission: requiredPermission,
});

export const invalidRequest = (message: string): LabelerErrorBody => ({ error: 'invalid_request', message });

/** One parameter at fault: `field` (the contract's name) and what it must be, which a client can show beside its own field. */
export const invalidField = (field: string, expected: string): LabelerErrorBody => ({
  error: 'invalid_request',
  message: `${field} must be ${expected}`,
  field,
  expected,
});

export const unauthorized = (): LabelerErrorBody => ({
  error: 'unauthorized',
  message: 'A valid service key is required: Authorization: Bearer <LABELER_SERVICE_KEY>',
});

export const routeNotFound = (method: string, path: string): LabelerErrorBody => ({
  error: 'not_found',
  message: `No route ${method} ${path}`,
});

export const payloadTooLarge = (limitBytes: number): LabelerErrorBody => ({
  error: 'payload_too_large',
  message: `The request body is larger than ${Math.round(limitBytes / 1024)} kB`,
});

export const unsupportedMediaType = (message: string): LabelerErrorBody => ({ error: 'unsupported_media_type', message });

export const internalError = (requestId: string): LabelerErrorBody => ({
  error: 'internal_error',
  message: `Unexpected failure; the Labeler log has the details under request id ${requestId}`,
  request_id: requestId,
});
