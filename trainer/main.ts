/**
 * `node --import tsx/esm trainer/main.ts`: one reference trainer. `GET /health` on TRAINER_PORT says
 * whether it is busy; `GET /metrics` counts its jobs (Prometheus). Start more (with other WORKER_IDs and ports) to train in parallel.
 */
import http from 'node:http';
import express from 'express';
import { answers, closeServer, healthUrlOf, listen, liveHandler, readyHandler, type RunningService } from '../lib/http';
import { createServiceMetrics } from '../lib/metrics';
import { runServiceMain } from '../lib/service-main';
import { parseTrainerEnv } from './env';
import { startTrainer, trainerOptionsOf } from './worker';

runServiceMain({
  name: 'trainer',
  parseEnv: () => parseTrainerEnv(),
  start: async (env, log): Promise<RunningService> => {
    const trainer = startTrainer(trainerOptionsOf(env, log));
    const metrics = createServiceMetrics('trainer', env.metrics);
    metrics.mirrorCounter('trainer_jobs_completed_total', 'Jobs this trainer completed.', () => trainer.stats.completed);
    metrics.mirrorCounter('trainer_jobs_failed_total', 'Jobs this trainer reported as failed.', () => trainer.stats.failed);
    metrics.mirrorCounter('trainer_jobs_abandoned_total', 'Jobs this trainer gave up (lease lost, cancelled).', () => trainer.stats.abandoned);
    metrics.mirrorGauge('trainer_busy', '1 while a job is running.', () => (trainer.stats.busy ? 1 : 0));
    const app = express();
    app.disable('x-powered-by');
    metrics.mount(app);
    app.get('/health', (_req, res) => void res.json({ status: 'ok', service: 'trainer', workerId: trainer.workerId, ...trainer.stats }));
    app.get('/health/live', liveHandler('trainer'));
    // Ready when the platform's worker API it polls answers.
    app.get('/health/ready', readyHandler('trainer', { platform: () => answers(healthUrlOf(env.worker.platformUrl)) }));
    app.use((_req, res) => void res.status(404).end());
    const server = http.createServer(app);
    const port = await listen(server, env.host, env.port);
    return {
      name: 'trainer',
      port,
      url: `http://${env.host}:${port}`,
      close: async () => {
        await trainer.close();
        await closeServer(server);
      },
    };
  },
  banner: (service, env) => `trainer ${env.worker.id} polling ${env.worker.platformUrl} (health ${service.url}/health)`,
});
