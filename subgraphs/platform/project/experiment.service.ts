/**
 * The experiment service of one request. Experiments (T6): named groups of jobs inside a project, starred per user and compared side by
 * side. An experiment is visible exactly when its project is. Lists are batched per request:
 * the experiments of many projects, and the stars of many experiments, each cost one query.
 */
import { randomBytes } from 'node:crypto';
import DataLoader from 'dataloader';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUser, type AuthUser } from '../../../lib/auth';
import { badInput, conflict, forbidden, notFound } from '../../../lib/errors';
import { ANY_OF_JSON, jsonIds } from '../training-job/training-job.batch';
import { notifyTrainingJobUpdated } from '../training-job/training-job.events';
import { TrainingJob, type TrainingJobRecord } from '../training-job/training-job.entity';
import { isJobVisible, visibleJobsWhere } from '../training-job/training-job.visibility';
import type { PlatformScope } from '../context';
import { requireJobStarter, type ProjectAccess } from './project-access';
import { Project, type ProjectRecord } from './project.entity';
import { nameAndDescriptionProblems } from './project.service';
import { Experiment, type ExperimentRecord } from './experiment.entity';

/** Most jobs an experiment lists or compares (an experiment is a handful of runs, not a job queue). */
export const EXPERIMENT_JOBS_MAX = 500;

export interface ExperimentStars {
  count: number;
  mine: boolean;
}

export function createExperimentLoaders(em: EntityManager, user: AuthUser | null, access: ProjectAccess, projects: DataLoader<string, ProjectRecord | null>) {
  const userId = user?.id ?? '';
  return {
    /** By id; null when missing or its project is not visible. */
    experiment: new DataLoader<string, ExperimentRecord | null>(async (ids) => {
      const rows = await em.find(Experiment, { id: { $in: [...ids] } });
      const visible = await Promise.all(rows.map(async (row) => ((await projects.load(row.projectId)) ? row : null)));
      const byId = new Map(visible.filter((row) => row !== null).map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    /** Per project (already checked visible by the caller): starred by the caller first, then newest. */
    byProject: new DataLoader<string, ExperimentRecord[]>(async (projectIds) => {
      const rows = await em.execute<Record<string, unknown>[]>(
        `select e.*, exists (select 1 from experiment_stars s where s.experiment_id = e.id and s.user_id = ?) as starred_by_me
         from experiments e where e.project_id = ${ANY_OF_JSON}
         order by starred_by_me desc, e.created_at desc, e.id desc`,
        [userId, jsonIds(projectIds)],
      );
      const byProject = new Map<string, ExperimentRecord[]>(projectIds.map((id) => [id, []]));
      for (const { starred_by_me: _mine, ...row } of rows) byProject.get(String(row.project_id))?.push(em.map(Experiment, row));
      return projectIds.map((id) => byProject.get(id)!);
    }),
    stars: new DataLoader<string, ExperimentStars>(async (experimentIds) => {
      const rows = await em.execute<{ experiment_id: string; total: number; mine: boolean }[]>(
        `select experiment_id, count(*)::int as total, bool_or(user_id = ?) as mine
         from experiment_stars where experiment_id = ${ANY_OF_JSON} group by experiment_id`,
        [userId, jsonIds(experimentIds)],
      );
      const byId = new Map(rows.map((row) => [row.experiment_id, { count: Number(row.total), mine: row.mine }]));
      return experimentIds.map((id) => byId.get(id) ?? { count: 0, mine: false });
    }),
    /** Per experiment: its jobs the caller may see, newest first (`trainingJobs` and `comparison` share one query). */
    jobs: new DataLoader<string, TrainingJobRecord[]>(async (experimentIds) => {
      if (!user) return experimentIds.map(() => []);
      const rows = await em.find(
        TrainingJob,
        { $and: [{ experimentId: { $in: [...experimentIds] } }, await visibleJobsWhere(user, access)] },
        { orderBy: { createdAt: 'desc', id: 'desc' } },
      );
      return experimentIds.map((id) => rows.filter((row) => row.experimentId === id).slice(0, EXPERIMENT_JOBS_MAX));
    }),
  };
}

export type ExperimentLoaders = ReturnType<typeof createExperimentLoaders>;

/** For `CreateTrainingJobInput.experimentId`: the experiment must exist in the job's project. */
export async function requireExperimentOfProject(em: EntityManager, experimentId: string, projectId: string): Promise<ExperimentRecord> {
  const experiment = await em.findOne(Experiment, { id: experimentId });
  if (!experiment || experiment.projectId !== projectId) {
    throw badInput(`Experiment ${experimentId} is not an experiment of project ${projectId}.`, { experimentId: 'an experiment of this project' });
  }
  return experiment;
}

export function createExperimentService({ em, user: caller, loaders }: PlatformScope) {
  const { access, experiments } = loaders;
  return {
    /** Null when missing or its project is not visible (batched per request). */
    byId: (id: string) => experiments.experiment.load(id),
    /** The experiments of a project already checked visible. */
    ofProject: (projectId: string) => experiments.byProject.load(projectId),
    stars: (id: string) => experiments.stars.load(id),
    jobs: (id: string) => experiments.jobs.load(id),

    /** Its jobs side by side with their final metrics; one query for the jobs and one for every job's metrics. */
    async comparison(id: string) {
      const jobs = await experiments.jobs.load(id);
      const rows = await Promise.all(jobs.map(async (job) => ({ trainingJob: job, finalMetrics: await loaders.finalMetrics.load(job.id) })));
      const metricNames = [...new Set(rows.flatMap((row) => row.finalMetrics.map((metric) => metric.name)))].sort();
      return { metricNames, rows };
    },

    async create(input: { projectId: string; name: string; description?: string | null }): Promise<ExperimentRecord> {
      const user = requireUser(caller);
      const name = input.name.trim();
      const description = input.description?.trim() || null;
      const fields = nameAndDescriptionProblems(name, description);
      if (Object.keys(fields).length > 0) throw badInput('Invalid experiment.', fields);
      const project = await em.findOne(Project, { id: input.projectId });
      if (!project) throw notFound('Project', input.projectId);
      await requireJobStarter(access, project, 'create experiments in it');
      try {
        return await em.fork().transactional(async (tx) => {
          const experiment = tx.create(Experiment, {
            id: `exp_${randomBytes(8).toString('hex')}`,
            projectId: project.id,
            name,
            description,
            createdBy: user.id,
          });
          await tx.flush();
          return experiment;
        });
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) {
          throw conflict(`Project "${project.name}" already has an experiment named "${name}".`);
        }
        throw error;
      }
    },

    /** Idempotent: starring twice keeps one star, unstarring without a star is a no-op. */
    async star(id: string, starred: boolean): Promise<ExperimentRecord> {
      const user = requireUser(caller);
      const experiment = await experiments.experiment.load(id);
      if (!experiment) throw notFound('Experiment', id);
      if (starred) {
        await em.execute('insert into experiment_stars (experiment_id, user_id) values (?, ?) on conflict do nothing', [id, user.id]);
      } else {
        await em.execute('delete from experiment_stars where experiment_id = ? and user_id = ?', [id, user.id]);
      }
      experiments.stars.clear(id);
      return experiment;
    },

    /** Move a job into an experiment of its project, or out of any (`experimentId` null). */
    async moveJob(jobId: string, experimentId: string | null | undefined): Promise<TrainingJobRecord> {
      const user = requireUser(caller);
      const job = await em.findOne(TrainingJob, { id: jobId });
      if (!job || !(await isJobVisible(em, user, access, job))) throw notFound('Training job', jobId);
      const project = await em.findOneOrFail(Project, { id: job.project.id });
      if (job.ownerId !== user.id && (await access.roleIn(project)) !== 'owner') {
        throw forbidden('Only the job owner, a project owner, a manager or an admin can change the experiment of this job.');
      }
      if (experimentId) await requireExperimentOfProject(em, experimentId, project.id);
      job.experimentId = experimentId ?? null;
      await em.flush();
      await notifyTrainingJobUpdated(em, job.id);
      return job;
    },
  };
}

export type ExperimentService = ReturnType<typeof createExperimentService>;
