/**
 * `Dataset.trainingJobs` for many datasets at once: the gateway resolves a list of datasets as one
 * `_entities` call, so a per-request DataLoader collects every (dataset, first, after) and answers
 * each distinct (first, after) with ONE windowed page query plus ONE grouped count query, instead
 * of two queries per dataset.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeeAll, type AuthUser } from '../../../lib/auth';
import { decodeCursor, pageSize, toPage } from '../paging';
import type { ProjectAccess } from '../project/project-access';
import { TrainingJob, type TrainingJobRecord } from './training-job.entity';
import type { TrainingJobPage } from './training-job.service';

export interface DatasetJobsKey {
  datasetId: string;
  first?: number | null;
  after?: string | null;
}

/** Text values bound as one JSON parameter (knex would expand a JS array into a list of placeholders). */
export const jsonIds = (ids: readonly string[]) => JSON.stringify(ids);
export const ANY_OF_JSON = 'any(array(select jsonb_array_elements_text(?::jsonb)))';

/** The visibility rule of `visibleJobsWhere` as SQL over `training_jobs j join projects p`. */
async function visibilitySql(user: AuthUser, access: ProjectAccess): Promise<{ sql: string; params: unknown[] }> {
  if (canSeeAll(user)) return { sql: 'true', params: [] };
  return {
    sql: `(j.owner_id = ? or p.owner_id = ? or j.project_id = ${ANY_OF_JSON})`,
    params: [user.id, user.id, jsonIds(await access.memberProjectIds())],
  };
}

async function loadGroup(
  em: EntityManager,
  user: AuthUser,
  access: ProjectAccess,
  datasetIds: string[],
  first: number | null | undefined,
  after: string | null | undefined,
) {
  const limit = pageSize(first);
  const cursor = after ? decodeCursor(after) : null;
  const visible = await visibilitySql(user, access);
  const from = `from training_jobs j join projects p on p.id = j.project_id where j.dataset_id = ${ANY_OF_JSON} and ${visible.sql}`;
  const fromParams = [jsonIds(datasetIds), ...visible.params];
  const cursorSql = cursor ? ' and (j.created_at < ? or (j.created_at = ? and j.id < ?))' : '';
  const cursorParams = cursor ? [cursor.createdAt, cursor.createdAt, cursor.id] : [];
  const [rows, counts] = await Promise.all([
    limit === 0
      ? Promise.resolve([] as Record<string, unknown>[])
      : em.execute<Record<string, unknown>[]>(
          `select * from (
             select j.*, row_number() over (partition by j.dataset_id order by j.created_at desc, j.id desc) as page_rank
             ${from}${cursorSql}
           ) ranked where page_rank <= ? order by dataset_id, created_at desc, id desc`,
          [...fromParams, ...cursorParams, limit + 1],
        ),
    em.execute<{ dataset_id: string; total: number }[]>(`select j.dataset_id, count(*)::int as total ${from} group by j.dataset_id`, fromParams),
  ]);
  const jobs = new Map<string, TrainingJobRecord[]>(datasetIds.map((id) => [id, []]));
  for (const { page_rank: _rank, ...row } of rows) {
    jobs.get(String(row.dataset_id))?.push(em.map(TrainingJob, row));
  }
  const totals = new Map(counts.map((row) => [row.dataset_id, Number(row.total)]));
  return new Map(datasetIds.map((id) => [id, toPage(jobs.get(id)!, limit, totals.get(id) ?? 0)]));
}

export function createDatasetJobsLoader(em: EntityManager, user: AuthUser | null, access: ProjectAccess) {
  return new DataLoader<DatasetJobsKey, TrainingJobPage, string>(
    async (keys) => {
      if (!user) return keys.map(() => toPage([], 0, 0));
      const groups = new Map<string, { first: number | null | undefined; after: string | null | undefined; ids: Set<string> }>();
      for (const key of keys) {
        const id = JSON.stringify([key.first ?? null, key.after ?? null]);
        const group = groups.get(id) ?? { first: key.first, after: key.after, ids: new Set<string>() };
        group.ids.add(key.datasetId);
        groups.set(id, group);
      }
      const pages = new Map<string, Map<string, TrainingJobPage> | Error>();
      await Promise.all(
        [...groups].map(async ([id, group]) => {
          // A bad `first`/`after` fails only the fields that passed it.
          pages.set(id, await loadGroup(em, user, access, [...group.ids], group.first, group.after).catch((error: Error) => error));
        }),
      );
      return keys.map((key) => {
        const page = pages.get(JSON.stringify([key.first ?? null, key.after ?? null]))!;
        return page instanceof Error ? page : page.get(key.datasetId)!;
      });
    },
    { cacheKeyFn: (key) => JSON.stringify([key.datasetId, key.first ?? null, key.after ?? null]) },
  );
}
