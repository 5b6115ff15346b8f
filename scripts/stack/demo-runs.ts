/**
 * The demo's training history, produced for real: the Labeler and the platform start in this
 * process on free ports, the demo users create reference jobs on the seeded datasets through the
 * platform's API (permission checks, snapshot), the reference trainer claims and trains them
 * over the worker protocol, and the platform stores every report. Completed runs therefore carry
 * their real metric, log and system series and checkpoints; the cancelled run was cancelled by
 * its owner while it trained. Nothing is left QUEUED or RUNNING.
 *
 * Idempotent: every job is created with an idempotency key, so a second seed finds the jobs of
 * the first and trains nothing again (a run an interrupted seed left queued is trained now).
 */
import type { Role } from '../../lib/auth';
import { signAccessToken } from '../../lib/auth';
import { createLogger } from '../../lib/log';
import type { StorageSettings } from '../../lib/s3';
import { parseLabelerEnv } from '../../labeler/env';
import { createLabelerServer } from '../../labeler/server';
import { createPlatformOrm } from '../../subgraphs/platform/db';
import { parsePlatformEnv } from '../../subgraphs/platform/env';
import { stableId } from '../../subgraphs/platform/seed';
import { createPlatformServer } from '../../subgraphs/platform/server';
import { TrainingJob } from '../../subgraphs/platform/training-job/training-job.entity';
import { parseTrainerEnv } from '../../trainer/env';
import { startTrainer, trainerOptionsOf } from '../../trainer/worker';
import { serviceEnv, type DatabaseUrls, type StackSecrets, type Topology } from './topology';

export interface DemoRun {
  /** Job name, also its idempotency key (`demo:<name>`). */
  name: string;
  project: 'detection' | 'inspection';
  owner: Role;
  /** Index into the seeded Labeler datasets (labelled ones only). */
  dataset: number;
  config: Record<string, number | string>;
  /** Grouped in this experiment of its project. */
  experiment?: string;
  /** The owner cancels the run once it has reported this many epochs. */
  cancelAfterEpoch?: number;
}

/** Labelled seeded datasets, by their index in `seedLabeler`'s list (labeler/seed.ts). */
const SHAPES_COCO = 0;
const PARTS_YOLO = 1;
const INSPECTION_VOC = 3;

export const DEMO_EXPERIMENT = { name: 'learning-rate sweep', description: 'The softmax baseline on factory parts at three learning rates.' };

/** Small on purpose: the whole history trains in seconds on a laptop CPU. */
export const DEMO_RUNS: DemoRun[] = [
  {
    name: 'parts-softmax-lr0.5',
    project: 'detection',
    owner: 'standard_engineer',
    dataset: PARTS_YOLO,
    config: { epochs: 10, learningRate: 0.5 },
    experiment: DEMO_EXPERIMENT.name,
  },
  {
    name: 'parts-softmax-lr0.1',
    project: 'detection',
    owner: 'standard_engineer',
    dataset: PARTS_YOLO,
    config: { epochs: 10, learningRate: 0.1 },
    experiment: DEMO_EXPERIMENT.name,
  },
  {
    name: 'parts-softmax-lr2',
    project: 'detection',
    owner: 'standard_engineer',
    dataset: PARTS_YOLO,
    config: { epochs: 10, learningRate: 2 },
    experiment: DEMO_EXPERIMENT.name,
  },
  {
    name: 'shapes-softmax-gray',
    project: 'inspection',
    owner: 'advanced_engineer',
    dataset: SHAPES_COCO,
    config: { epochs: 15, imageSize: 12, colour: 'gray' },
  },
  // Many epochs, so the owner's cancel lands while it trains.
  { name: 'voc-softmax-long', project: 'inspection', owner: 'admin', dataset: INSPECTION_VOC, config: { epochs: 500, learningRate: 0.2 }, cancelAfterEpoch: 3 },
];

const TERMINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];

export interface DemoRunsOptions {
  databases: DatabaseUrls;
  external: StorageSettings;
  internal: StorageSettings;
  secrets: StackSecrets;
  userIds: Record<Role, string>;
  datasetIds: string[];
  /** How long the whole history may take before the seed gives up (default 120 s). */
  timeoutMs?: number;
}

interface GraphQLAnswer<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

const keyOf = (run: DemoRun) => `demo:${run.name}`;

/** The demo jobs already stored, by name, with their status. */
async function storedDemoJobs(platformDb: string): Promise<Map<string, { id: string; status: string }>> {
  const orm = await createPlatformOrm(platformDb);
  try {
    const rows = await orm.em.fork().find(TrainingJob, { idempotencyKey: { $in: DEMO_RUNS.map(keyOf) } });
    return new Map(rows.map((job) => [job.name, { id: job.id, status: job.status.toUpperCase() }]));
  } finally {
    await orm.close(true);
  }
}

/** Train the demo runs that do not exist yet; returns the jobs by name with their final status. */
export async function seedDemoRuns(opts: DemoRunsOptions, log: (line: string) => void): Promise<Record<string, { id: string; status: string }>> {
  const started = Date.now();
  const stored = await storedDemoJobs(opts.databases.platform);
  const wanted = DEMO_RUNS.filter((run) => opts.datasetIds[run.dataset] !== undefined);
  if (wanted.every((run) => TERMINAL.includes(stored.get(run.name)?.status ?? ''))) {
    // A restart: the history exists; no server or trainer is started (nothing queued gets claimed here).
    return Object.fromEntries(wanted.map((run) => [run.name, stored.get(run.name)!]));
  }
  const deadline = started + (opts.timeoutMs ?? 120_000);
  const urls: NonNullable<Topology['urls']> = {};
  const topology: Topology = {
    nodeEnv: 'development',
    host: '127.0.0.1',
    logLevel: 'error',
    databases: opts.databases,
    external: opts.external,
    internal: opts.internal,
    secrets: opts.secrets,
    ports: { labeler: 0, users: 0, platform: 0, datasets: 0, gateway: 0, trainer: 0 },
    urls,
    overrides: { trainer: { WORKER_ID: 'demo-seed-trainer', TRAINER_POLL_INTERVAL_MS: '50' } },
  };
  const closers: Array<() => Promise<void>> = [];
  try {
    const labeler = await createLabelerServer(parseLabelerEnv(serviceEnv('labeler', topology)));
    closers.push(() => labeler.close());
    urls.labeler = labeler.url;
    const platform = await createPlatformServer(parsePlatformEnv(serviceEnv('platform', topology)));
    closers.push(() => platform.close());
    urls.platform = platform.url;
    const serversMs = Date.now() - started;
    const trainerEnv = parseTrainerEnv(serviceEnv('trainer', topology));
    const trainer = startTrainer(trainerOptionsOf(trainerEnv, createLogger('trainer', 'error')));
    closers.push(() => trainer.close());

    const jwt = { secret: opts.secrets.jwtSecret ?? '', algorithm: opts.secrets.jwtAlgorithm ?? ('HS256' as const), expiresInSeconds: 600 };
    const tokens = new Map<Role, string>();
    const tokenOf = async (role: Role) => {
      if (!tokens.has(role)) tokens.set(role, (await signAccessToken({ id: opts.userIds[role], email: `${role}@example.com`, role }, jwt)).token);
      return tokens.get(role)!;
    };
    const call = async <T>(role: Role, query: string, variables: Record<string, unknown>): Promise<T> => {
      const res = await fetch(`${platform.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(role)}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GraphQLAnswer<T>;
      if (!body.data || body.errors?.length)
        throw new Error(`the platform refused a demo run step: ${body.errors?.map((e) => e.message).join('; ') ?? res.status}`);
      return body.data;
    };

    const experiments = new Map<string, string>();
    const experimentOf = async (run: DemoRun): Promise<string | null> => {
      if (!run.experiment) return null;
      const key = `${run.project}:${run.experiment}`;
      if (experiments.has(key)) return experiments.get(key)!;
      const projectId = stableId('prj', run.project);
      const { project } = await call<{ project: { experiments: Array<{ id: string; name: string }> } }>(
        run.owner,
        'query($id: ID!) { project(id: $id) { experiments { id name } } }',
        { id: projectId },
      );
      let id = project.experiments.find((e) => e.name === run.experiment)?.id;
      if (!id) {
        const created = await call<{ createExperiment: { id: string } }>(
          run.owner,
          'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }',
          {
            input: { projectId, name: run.experiment, description: DEMO_EXPERIMENT.description },
          },
        );
        id = created.createExperiment.id;
      }
      experiments.set(key, id);
      return id;
    };

    const jobs: Record<string, { id: string; status: string }> = {};
    // One at a time, in order: the trainer takes the oldest queued job, and a cancel needs its run to be the one training.
    for (const run of wanted) {
      const datasetId = opts.datasetIds[run.dataset]!;
      const experimentId = await experimentOf(run);
      const { createTrainingJob: job } = await call<{ createTrainingJob: { id: string; status: string } }>(
        run.owner,
        'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id status } }',
        {
          input: {
            projectId: stableId('prj', run.project),
            datasetId,
            name: run.name,
            framework: 'reference',
            config: JSON.stringify(run.config),
            idempotencyKey: keyOf(run),
            ...(experimentId ? { experimentId } : {}),
          },
        },
      );
      let status = job.status;
      let cancelled = false;
      while (!TERMINAL.includes(status)) {
        if (Date.now() > deadline) throw new Error(`the demo run ${run.name} did not finish in time (status ${status})`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const { trainingJob } = await call<{ trainingJob: { status: string; epoch: number } }>(
          run.owner,
          'query($id: ID!) { trainingJob(id: $id) { status epoch } }',
          {
            id: job.id,
          },
        );
        status = trainingJob.status;
        if (run.cancelAfterEpoch !== undefined && !cancelled && status === 'RUNNING' && trainingJob.epoch >= run.cancelAfterEpoch) {
          cancelled = true;
          status = (
            await call<{ cancelTrainingJob: { status: string } }>(run.owner, 'mutation($id: ID!) { cancelTrainingJob(id: $id) { status } }', { id: job.id })
          ).cancelTrainingJob.status;
        }
      }
      jobs[run.name] = { id: job.id, status };
    }
    log(
      `demo runs trained by the reference trainer: ${Object.entries(jobs)
        .map(([name, job]) => `${name} ${job.status.toLowerCase()}`)
        .join(', ')} (${Date.now() - started} ms, ${serversMs} ms of it starting the Labeler and the platform)`,
    );
    return jobs;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
  }
}
