/** Settings of the reference trainer; `process.env` is read here and nowhere else. */
import os from 'node:os';
import { z } from 'zod';
import { commonEnv, defineServiceSettings, DEV_WORKER_TOKEN, port } from '../lib/env';

export const trainerEnvShape = {
  ...commonEnv,
  /** The platform's worker API, e.g. `http://127.0.0.1:4002/worker/v1`. */
  PLATFORM_WORKER_URL: z.string().url().default('http://127.0.0.1:4002/worker/v1'),
  WORKER_TOKEN: z.string().min(8).default(DEV_WORKER_TOKEN),
  /** Stable name of this worker in leases and logs (several trainers need different ids). */
  WORKER_ID: z
    .string()
    .regex(/^[\w.:@-]{1,128}$/)
    .default(`trainer-${os.hostname()}-${process.pid}`.slice(0, 128)),
  /** `GET /health` of the trainer (0 = any free port). */
  TRAINER_PORT: port(4010),
  /** Wait between claims while the queue is empty. */
  TRAINER_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /** Lease asked for on claim; renewed by every report and by a heartbeat at a third of it. */
  TRAINER_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
};

export const parseTrainerEnv = defineServiceSettings(trainerEnvShape, (vars) => ({
  port: vars.TRAINER_PORT,
  worker: {
    platformUrl: vars.PLATFORM_WORKER_URL,
    token: vars.WORKER_TOKEN,
    id: vars.WORKER_ID,
    pollIntervalMs: vars.TRAINER_POLL_INTERVAL_MS,
    leaseSeconds: vars.TRAINER_LEASE_SECONDS,
  },
}));

export type TrainerEnv = ReturnType<typeof parseTrainerEnv>;
