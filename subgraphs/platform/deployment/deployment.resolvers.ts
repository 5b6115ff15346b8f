/** Thin GraphQL layer over the deployment service (`ctx.deployments`): shape conversion only. */
import type { DeploymentStatus, Resolvers } from '../__generated__/resolvers-types';
import { INFERENCE_PREFIX } from './inference.routes';

const user = (id: string) => ({ __typename: 'User' as const, id });
const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

export const deploymentResolvers: Resolvers = {
  Query: {
    deployment: (_parent, { id }, ctx) => ctx.deployments.byId(id),
    deployments: (_parent, args, ctx) => ctx.deployments.list(args),
  },
  Mutation: {
    createDeployment: (_parent, args, ctx) => ctx.deployments.create(args),
    stopDeployment: (_parent, { id }, ctx) => ctx.deployments.stop(id),
    createDeploymentApiKey: (_parent, { deploymentId, name }, ctx) => ctx.deployments.createApiKey(deploymentId, name),
    revokeDeploymentApiKey: (_parent, { id }, ctx) => ctx.deployments.revokeApiKey(id),
  },
  ModelVersion: {
    deployments: (version, _args, ctx) => ctx.deployments.ofVersion(version.id),
  },
  Deployment: {
    __resolveReference: (ref, ctx) => ctx.deployments.byId(ref.id),
    status: (row) => row.status.toUpperCase() as DeploymentStatus,
    statusReason: (row) => row.status_reason,
    modelVersion: (row, _args, ctx) => ctx.models.requireVersion(row.model_version_id),
    export: (row, _args, ctx) => (row.export_id ? ctx.models.exportById(row.export_id) : null),
    project: (row, _args, ctx) => ctx.projects.requireById(row.project_id),
    endpointPath: (row) => `${INFERENCE_PREFIX}/deployments/${row.id}/predict`,
    modelSha256: (row) => row.model_sha256,
    metrics: (row, _args, ctx) => ctx.deployments.figures(row.id),
    apiKeys: (row, _args, ctx) => ctx.deployments.apiKeys(row),
    createdBy: (row) => user(row.created_by),
    createdAt: (row) => new Date(row.created_at).toISOString(),
    updatedAt: (row) => new Date(row.updated_at).toISOString(),
    readyAt: (row) => iso(row.ready_at),
    stoppedAt: (row) => iso(row.stopped_at),
  },
  DeploymentApiKey: {
    createdBy: (row) => user(row.created_by),
    createdAt: (row) => new Date(row.created_at).toISOString(),
    lastUsedAt: (row) => iso(row.last_used_at),
    revokedAt: (row) => iso(row.revoked_at),
  },
};
