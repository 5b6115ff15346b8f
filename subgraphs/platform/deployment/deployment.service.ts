/**
 * Deployments of model versions (T6): create one (PENDING, then READY once its ONNX model loads, or
 * FAILED with the reason), stop it, and manage its API keys. A deployment is visible exactly when
 * its model version is (so when its project is); creating, stopping and managing keys is for the
 * project's owners and members (and managers and admins), like registering and exporting.
 */
import { randomBytes } from 'node:crypto';
import { appError, badInput, conflict, mustBe, notFound, wholeNumberIn } from '../../../lib/errors';
import { displayNameProblem } from '../../../lib/shown-text';
import { requireUser } from '../../../lib/auth';
import type { PlatformScope } from '../context';
import { ModelExport } from '../model/model.entity';
import { requireJobStarter } from '../project/project-access';
import { Project } from '../project/project.entity';
import { visibleProjects } from '../project/project.service';
import { API_KEY_PREFIX, hashApiKey } from './inference.routes';
import type { DeploymentRow, ModelSource } from './runtime';

export interface DeploymentApiKeyRow {
  id: string;
  deployment_id: string;
  name: string;
  prefix: string;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;
const MAX_LIST = 100;

function checkName(name: string, field: string): string {
  const trimmed = name.trim();
  const problem = displayNameProblem(trimmed, 120);
  if (problem) throw mustBe(field, problem);
  return trimmed;
}

export function createDeploymentService(scope: PlatformScope) {
  const { em, loaders } = scope;
  const models = loaders.models;

  const runtime = () => {
    if (!scope.inference.runtime) throw new Error('The inference runtime is not running in this process.');
    return scope.inference.runtime;
  };

  /** The deployment when the caller may see it (its model version is visible), else null. */
  async function visible(id: string): Promise<DeploymentRow | null> {
    const [row] = await em.execute<DeploymentRow[]>('select * from deployments where id = ?', [id]);
    return row && (await models.version.load(row.model_version_id)) ? row : null;
  }

  /** The deployment's project, with the caller checked as one who may change its deployments. */
  async function requireChanger(row: DeploymentRow, action: string) {
    const project = await loaders.project.load(row.project_id);
    if (!project) throw notFound('Deployment', row.id);
    await requireJobStarter(loaders.access, project, action);
  }

  async function requireVisible(id: string): Promise<DeploymentRow> {
    const row = await visible(id);
    if (!row) throw notFound('Deployment', id);
    return row;
  }

  return {
    byId: visible,
    requireById: requireVisible,

    /** Deployments of a version, newest first. */
    async ofVersion(modelVersionId: string): Promise<DeploymentRow[]> {
      if (!(await models.version.load(modelVersionId))) return [];
      return em.execute<DeploymentRow[]>('select * from deployments where model_version_id = ? order by created_at desc, id desc limit ?', [
        modelVersionId,
        MAX_LIST,
      ]);
    },

    /**
     * The caller's visible deployments (of one project when given), newest first, at most `first`
     * (0–100: the operation cost the gateway estimated is `first` times the fields asked).
     */
    async list(args: { projectId?: string | null; first?: number | null }): Promise<DeploymentRow[]> {
      const user = requireUser(scope.user);
      const first = wholeNumberIn('first', args.first ?? 20, 0, MAX_LIST);
      if (first === 0) return [];
      // The projects to read: null for every project (managers and admins see all).
      const visibleFilter = await visibleProjects(em, user, loaders.access);
      let projectIds =
        Object.keys(visibleFilter).length === 0 ? null : (await em.find(Project, visibleFilter, { fields: ['id'] })).map((project) => project.id);
      if (args.projectId) projectIds = projectIds ? projectIds.filter((id) => id === args.projectId) : [args.projectId];
      if (projectIds?.length === 0) return [];
      const where = projectIds ? `where project_id in (${projectIds.map(() => '?').join(', ')})` : '';
      return em.execute<DeploymentRow[]>(`select * from deployments ${where} order by created_at desc, id desc limit ?`, [...(projectIds ?? []), first]);
    },

    async create(input: { modelVersionId: string; exportId?: string | null; name: string }): Promise<DeploymentRow> {
      const user = requireUser(scope.user);
      const name = checkName(input.name, 'name');
      const version = await models.version.load(input.modelVersionId);
      if (!version) throw notFound('Model version', input.modelVersionId);
      const model = (await models.model.load(version.modelId))!;
      const project = (await loaders.project.load(model.projectId))!;
      await requireJobStarter(loaders.access, project, 'deploy models');

      let source: ModelSource;
      let exportId: string | null = null;
      if (input.exportId) {
        const chosen = await em.findOne(ModelExport, { id: input.exportId, modelVersionId: version.id });
        if (!chosen)
          throw badInput(`Export ${input.exportId} is not an export of model version ${version.id}.`, { exportId: 'an export of this model version' });
        if (chosen.format !== 'onnx')
          throw badInput(`Export ${chosen.id} is ${chosen.format.toUpperCase()}; deployments serve ONNX models.`, { exportId: 'an ONNX export' });
        if (chosen.status !== 'completed' || !chosen.key) throw conflict(`Export ${chosen.id} is ${chosen.status}; deploy a completed export.`);
        source = { kind: 'export', key: chosen.key };
        exportId = chosen.id;
      } else {
        const latest = await em.findOne(ModelExport, { modelVersionId: version.id, format: 'onnx', status: 'completed' }, { orderBy: { createdAt: 'desc' } });
        if (latest?.key) {
          source = { kind: 'export', key: latest.key };
          exportId = latest.id;
        } else if (version.framework === 'reference') {
          source = { kind: 'checkpoint', jobId: version.jobId };
        } else {
          throw conflict(`Model version ${version.id} has no completed ONNX export; export it to ONNX first, then deploy.`);
        }
      }
      const id = newId('dep');
      const [row] = await em.execute<DeploymentRow[]>(
        `insert into deployments (id, project_id, model_version_id, export_id, name, status, status_reason, created_by)
         values (?, ?, ?, ?, ?, 'pending', ?, ?) returning *`,
        [id, project.id, version.id, exportId, name, exportId ? `Loading ONNX export ${exportId}` : `Exporting job ${version.jobId}'s model to ONNX`, user.id],
      );
      // Loading runs after the answer; the deployment's status says when it is READY (or why it FAILED).
      void runtime().activate(id, source);
      return row!;
    },

    async stop(id: string): Promise<DeploymentRow> {
      const user = requireUser(scope.user);
      const row = await requireVisible(id);
      await requireChanger(row, 'stop deployments');
      const [stopped] = await em.execute<DeploymentRow[]>(
        `update deployments set status = 'stopped', status_reason = ?, stopped_at = now(), updated_at = now()
         where id = ? and status in ('pending', 'ready') returning *`,
        [`Stopped by user ${user.id}`, id],
      );
      if (!stopped) throw appError('DEPLOYMENT_NOT_READY', `Deployment ${id} is already ${row.status.toUpperCase()}.`, { status: row.status.toUpperCase() });
      await runtime().unload(id);
      return stopped;
    },

    /** Keys of a deployment (never the keys themselves); empty for callers who may not manage them. */
    async apiKeys(row: DeploymentRow): Promise<DeploymentApiKeyRow[]> {
      const project = await loaders.project.load(row.project_id);
      const role = project ? await loaders.access.roleIn(project) : null;
      if (role !== 'owner' && role !== 'member') return [];
      return em.execute<DeploymentApiKeyRow[]>(
        'select id, deployment_id, name, prefix, created_by, created_at, last_used_at, revoked_at from deployment_api_keys where deployment_id = ? order by created_at desc, id desc',
        [row.id],
      );
    },

    async createApiKey(deploymentId: string, nameInput: string): Promise<{ apiKey: DeploymentApiKeyRow; key: string }> {
      const user = requireUser(scope.user);
      const name = checkName(nameInput, 'name');
      const row = await requireVisible(deploymentId);
      await requireChanger(row, 'manage deployment keys');
      const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
      const [apiKey] = await em.execute<DeploymentApiKeyRow[]>(
        `insert into deployment_api_keys (id, deployment_id, name, prefix, key_hash, created_by) values (?, ?, ?, ?, ?, ?)
         returning id, deployment_id, name, prefix, created_by, created_at, last_used_at, revoked_at`,
        [newId('dpk'), row.id, name, key.slice(0, API_KEY_PREFIX.length + 6), hashApiKey(key), user.id],
      );
      return { apiKey: apiKey!, key };
    },

    async revokeApiKey(id: string): Promise<DeploymentApiKeyRow> {
      requireUser(scope.user);
      const [found] = await em.execute<{ deployment_id: string }[]>('select deployment_id from deployment_api_keys where id = ?', [id]);
      const row = found ? await visible(found.deployment_id) : null;
      if (!row) throw notFound('API key', id);
      await requireChanger(row, 'manage deployment keys');
      const [revoked] = await em.execute<DeploymentApiKeyRow[]>(
        `update deployment_api_keys set revoked_at = coalesce(revoked_at, now()) where id = ?
         returning id, deployment_id, name, prefix, created_by, created_at, last_used_at, revoked_at`,
        [id],
      );
      return revoked!;
    },

    figures: (id: string) => runtime().figures(id),
  };
}

export type DeploymentService = ReturnType<typeof createDeploymentService>;
