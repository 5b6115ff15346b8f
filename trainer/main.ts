/**
 * `node --import tsx/esm trainer/main.ts`: one reference trainer. `GET /health` on TRAINER_PORT says
 * whether it is busy; `GET /metrics` counts its jobs (Prometheus). Start more (with other WORKER_IDs and ports) to train in parallel.
 */
import http from 'node:http';
import express from 'express';
import { closeServer, listen, type RunningService } from '../lib/http';
import { createServiceMetrics } from '../lib/metrics';
import { runServiceMain } from '../lib/service-main';
import { trainerEnvShape } from './env';
import { startTrainer } from './worker';

runServiceMain({
  name: 'trainer',
  envShape: trainerEnvShape,
  start: async (env, log): Promise<RunningService> => {
    const trainer = startTrainer({
      workerUrl: env.PLATFORM_WORKER_URL,
      token: env.WORKER_TOKEN,
      workerId: env.WORKER_ID,
      pollIntervalMs: env.TRAINER_POLL_INTERVAL_MS,
      leaseSeconds: env.TRAINER_LEASE_SECONDS,
      log,
    });
    const metrics = createServiceMetrics('trainer', env);
    metrics.mirrorCounter('trainer_jobs_completed_total', 'Jobs this trainer completed.', () => trainer.stats.completed);
    metrics.mirrorCounter('trainer_jobs_failed_total', 'Jobs this trainer reported as failed.', () => trainer.stats.failed);
    metrics.mirrorCounter('trainer_jobs_abandoned_total', 'Jobs this trainer gave up (lease lost, cancelled).', () => trainer.stats.abandoned);
    metrics.mirrorGauge('trainer_busy', '1 while a job is running.', () => (trainer.stats.busy ? 1 : 0));
    const app = express();
    app.disable('x-powered-by');
    metrics.mount(app);
    app.get('/health', (_req, res) => void res.json({ status: 'ok', service: 'trainer', workerId: trainer.workerId, ...trainer.stats }));
    app.use((_req, res) => void res.status(404).end());
    const server = http.createServer(app);
    const port = await listen(server, env.HOST, env.TRAINER_PORT);
    return {
      name: 'trainer',
      port,
      url: `http://${env.HOST}:${port}`,
      close: async () => {
        await trainer.close();
        await closeServer(server);
      },
    };
  },
  banner: (service, env) => `trainer ${env.WORKER_ID} polling ${env.PLATFORM_WORKER_URL} (health ${service.url}/health)`,
});
