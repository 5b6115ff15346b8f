/**
 * The reference trainer's loop: claim a `reference` job (or an ONNX export or inference job of a
 * registered reference model, trainer/model-jobs.ts), download its snapshot, train a softmax
 * classifier for real, report every epoch (progress + ETA, loss/accuracy, a log line, the
 * process's CPU and memory), upload checkpoints through presigned PUT URLs, complete. A 409 from
 * the platform (job cancelled or lease lost) stops the job at once. Several trainers can run side
 * by side: the claim is atomic on the platform.
 */
import type { Logger } from '../lib/log';
import type { TrainerEnv } from './env';
import { downloadAll, pixelFeatures, readAnnotations, wantedObjects } from './dataset';
import type { ClaimedJob } from '../lib/worker-protocol';
import { JobGoneError, WorkerClient, type EventBatch, type ModelJobPath } from './worker-client';
import { REFERENCE_EXPORT_FORMATS, runExport, runInference } from './model-jobs';
import { createModel, evaluate, fitNormaliser, normalise, trainEpoch, type SoftmaxModel } from './softmax';
import { seededRandom } from '../lib/prng';
import { createOutageLog } from '../lib/outage-log';

export interface TrainerOptions {
  workerUrl: string;
  token: string;
  workerId: string;
  pollIntervalMs: number;
  leaseSeconds: number;
  log: Logger;
}

export interface RunningTrainer {
  workerId: string;
  stats: { completed: number; failed: number; abandoned: number; busy: boolean };
  close(): Promise<void>;
}

export const REFERENCE_FRAMEWORK = 'reference';
/** What the reference trainer declares it runs when it claims. */
export const REFERENCE_TASKS = ['classification'];

interface ReferenceConfig {
  epochs: number;
  batchSize: number;
  imageSize: number;
  learningRate: number;
  weightDecay: number;
  colour: 'rgb' | 'gray';
  seed: number;
}

function readConfig(config: Record<string, unknown>): ReferenceConfig {
  const n = (key: string, fallback: number) => (typeof config[key] === 'number' ? (config[key] as number) : fallback);
  return {
    epochs: n('epochs', 20),
    batchSize: n('batchSize', 16),
    imageSize: n('imageSize', 8),
    learningRate: n('learningRate', 0.5),
    weightDecay: n('weightDecay', 0),
    colour: config.colour === 'gray' ? 'gray' : 'rgb',
    seed: n('seed', 42),
  };
}

/** CPU of this process in percent of one core since the previous sample, and its resident memory. */
function systemSampler() {
  let lastCpu = process.cpuUsage();
  let lastAt = process.hrtime.bigint();
  return (): Record<string, number | string | null> => {
    const cpu = process.cpuUsage(lastCpu);
    const now = process.hrtime.bigint();
    const elapsedUs = Number(now - lastAt) / 1000;
    lastCpu = process.cpuUsage();
    lastAt = now;
    const memory = process.memoryUsage();
    return {
      time: new Date().toISOString(),
      cpuPercent: elapsedUs > 0 ? Math.round(((cpu.user + cpu.system) / elapsedUs) * 1000) / 10 : 0,
      memoryBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      gpuPercent: null,
      gpuMemoryBytes: null,
    };
  };
}

const line = (level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR', message: string) => ({ level, message, time: new Date().toISOString() });

function checkpointOf(model: SoftmaxModel, config: ReferenceConfig, job: ClaimedJob, epoch: number, metrics: Record<string, number>): Buffer {
  return Buffer.from(
    JSON.stringify({
      format: 'vision-platform/softmax-v1',
      jobId: job.id,
      snapshotId: job.snapshot?.id ?? null,
      epoch,
      metrics,
      input: { imageSize: config.imageSize, colour: config.colour },
      ...model,
    }),
  );
}

async function train(client: WorkerClient, job: ClaimedJob, log: Logger): Promise<string[]> {
  const config = readConfig(job.config);
  const sample = systemSampler();
  if (!job.snapshot) throw new Error('The job has no dataset snapshot to train on.');
  const wanted = wantedObjects(job.snapshot.objects);
  await client.events(job.id, {
    progress: { epoch: 0, totalEpochs: config.epochs, percent: 0, etaSeconds: null },
    logs: [line('INFO', `Downloading ${wanted.length} of ${job.snapshot.objectCount} objects of snapshot ${job.snapshot.id}`)],
  });
  const files = await downloadAll(wanted);
  const annotations = readAnnotations(files);
  if (!annotations || annotations.labels.length === 0) {
    throw new Error('The snapshot has no usable annotations (COCO, YOLO or VOC): there is nothing to learn from.');
  }
  const classes = [...new Set(annotations.labels.map((l) => l.label))].sort();
  const raw = annotations.labels.map((l) => pixelFeatures(files.get(l.key)!, config.imageSize, config.colour));
  const ys = annotations.labels.map((l) => classes.indexOf(l.label));
  const normaliser = fitNormaliser(raw);
  const xs = raw.map((row) => normalise(row, normaliser));
  const random = seededRandom(config.seed);
  const model = createModel(classes, xs[0]!.length, normaliser, random);
  await client.events(job.id, {
    logs: [
      line('INFO', `${annotations.format.toUpperCase()} annotations: ${xs.length} labelled images, classes ${classes.join(', ')}`),
      line(
        'DEBUG',
        `features: ${config.imageSize}x${config.imageSize} ${config.colour} = ${xs[0]!.length} per image; lr ${config.learningRate}, batch ${config.batchSize}`,
      ),
    ],
    system: [sample()],
  });
  if (classes.length < 2) await client.events(job.id, { logs: [line('WARNING', `Only one class (${classes[0]}): the classifier has nothing to tell apart.`)] });

  const started = Date.now();
  const uploaded: string[] = [];
  const midpoint = Math.ceil(config.epochs / 2);
  let metrics: Record<string, number> = {};
  for (let epoch = 1; epoch <= config.epochs; epoch++) {
    trainEpoch(model, xs, ys, { learningRate: config.learningRate, batchSize: config.batchSize, weightDecay: config.weightDecay, random });
    const { loss, accuracy } = evaluate(model, xs, ys, config.weightDecay);
    metrics = { loss, accuracy };
    const elapsed = (Date.now() - started) / 1000;
    const batch: EventBatch = {
      progress: {
        epoch,
        step: epoch * Math.ceil(xs.length / config.batchSize),
        totalEpochs: config.epochs,
        percent: (epoch / config.epochs) * 100,
        etaSeconds: Math.round((elapsed / epoch) * (config.epochs - epoch) * 10) / 10,
      },
      metrics: [
        { name: 'loss', epoch, value: loss },
        { name: 'accuracy', epoch, value: accuracy },
        { name: 'learning_rate', epoch, value: config.learningRate },
      ],
      logs: [line('INFO', `epoch ${epoch}/${config.epochs} loss ${loss.toFixed(4)} accuracy ${(accuracy * 100).toFixed(1)}%`)],
      system: [sample()],
    };
    if (epoch === midpoint && epoch < config.epochs) {
      const name = `epoch-${epoch}.json`;
      await client.uploadCheckpoint(job.id, name, checkpointOf(model, config, job, epoch, metrics), 'application/json');
      uploaded.push(name);
      batch.checkpoints = [name];
    }
    await client.events(job.id, batch);
  }
  await client.uploadCheckpoint(job.id, 'final.json', checkpointOf(model, config, job, config.epochs, metrics), 'application/json');
  uploaded.push('final.json');
  await client.events(job.id, {
    logs: [line('INFO', `Finished: loss ${metrics.loss?.toFixed(4)}, accuracy ${((metrics.accuracy ?? 0) * 100).toFixed(1)}%; weights in final.json`)],
  });
  log.info({ jobId: job.id, ...metrics }, 'job trained');
  return uploaded;
}

/** The trainer's options from its settings (`trainer/main.ts` and the test stack start it alike). */
export const trainerOptionsOf = (env: TrainerEnv, log: Logger): TrainerOptions => ({
  workerUrl: env.worker.platformUrl,
  token: env.worker.token,
  workerId: env.worker.id,
  pollIntervalMs: env.worker.pollIntervalMs,
  leaseSeconds: env.worker.leaseSeconds,
  log,
});

export function startTrainer(opts: TrainerOptions): RunningTrainer {
  const client = new WorkerClient(opts.workerUrl, opts.token, opts.workerId, opts.leaseSeconds);
  const stats = { completed: 0, failed: 0, abandoned: 0, busy: false };
  let stopped = false;
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function runJob(job: ClaimedJob): Promise<void> {
    stats.busy = true;
    // Downloads can outlast a short lease: renew it independently of the epoch reports.
    const heartbeat = setInterval(() => void client.heartbeat(job.id).catch(() => undefined), Math.max(500, (opts.leaseSeconds * 1000) / 3));
    try {
      const checkpoints = await train(client, job, opts.log);
      await client.complete(job.id, checkpoints);
      stats.completed += 1;
    } catch (error) {
      if (error instanceof JobGoneError) {
        stats.abandoned += 1;
        opts.log.info({ jobId: job.id, status: error.status }, 'job is no longer ours (cancelled or requeued); stopped');
        return;
      }
      stats.failed += 1;
      const reason = error instanceof Error ? error.message : String(error);
      opts.log.warn({ jobId: job.id, reason }, 'job failed');
      await client.fail(job.id, reason).catch((e: unknown) => opts.log.warn({ err: e }, 'could not report the failure'));
    } finally {
      clearInterval(heartbeat);
      stats.busy = false;
    }
  }

  /** An export or inference job: heartbeats while `work` runs, a failure reported with its reason. */
  async function runModelJob(kind: ModelJobPath, id: string, work: () => Promise<void>): Promise<void> {
    stats.busy = true;
    const heartbeat = setInterval(() => void client.modelJobHeartbeat(kind, id).catch(() => undefined), Math.max(500, (opts.leaseSeconds * 1000) / 3));
    try {
      await work();
      stats.completed += 1;
    } catch (error) {
      if (error instanceof JobGoneError) {
        stats.abandoned += 1;
        return;
      }
      stats.failed += 1;
      const reason = error instanceof Error ? error.message : String(error);
      opts.log.warn({ id, reason }, `${kind === 'exports' ? 'export' : 'inference job'} failed`);
      await client.failModelJob(kind, id, reason).catch((e: unknown) => opts.log.warn({ err: e }, 'could not report the failure'));
    } finally {
      clearInterval(heartbeat);
      stats.busy = false;
    }
  }

  const outages = createOutageLog({
    log: opts.log,
    waiting: 'waiting for the platform to answer',
    down: 'claim failed; retrying until the platform answers',
    back: 'the platform answers again',
  });
  const loop = (async () => {
    while (!stopped) {
      try {
        const claimed = await client.claimAny({
          frameworks: [REFERENCE_FRAMEWORK],
          tasks: REFERENCE_TASKS,
          exportFormats: [...REFERENCE_EXPORT_FORMATS],
          inference: true,
        });
        outages.answered();
        if (claimed && 'job' in claimed) {
          opts.log.info({ jobId: claimed.job.id, attempt: claimed.job.attempt }, 'claimed job');
          await runJob(claimed.job);
          continue;
        }
        if (claimed && 'export' in claimed) {
          await runModelJob('exports', claimed.export.id, async () =>
            client.completeExport(claimed.export.id, await runExport(client, claimed.export, opts.log)),
          );
          continue;
        }
        if (claimed && 'inferenceJob' in claimed) {
          const job = claimed.inferenceJob;
          await runModelJob('inference-jobs', job.id, async () => client.completeInference(job.id, await runInference(client, job, opts.log)));
          continue;
        }
      } catch (error) {
        // Once per outage, not once per poll; while the platform starts, a "waiting" line (lib/outage-log.ts).
        outages.failed({ err: error instanceof Error ? error.message : String(error) });
      }
      if (!stopped) await sleep(opts.pollIntervalMs);
    }
  })();

  return {
    workerId: opts.workerId,
    stats,
    close: async () => {
      stopped = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
