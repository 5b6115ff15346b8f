/**
 * `node --import tsx trainer/main.ts`: one reference trainer. `GET /health` on TRAINER_PORT says
 * whether it is busy. Start more (with other WORKER_IDs and ports) to train in parallel.
 */
import http from 'node:http';
import { closeServer, listen, type RunningService } from '../lib/http';
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
    const server = http.createServer((req, res) => {
      if (req.url !== '/health') return void res.writeHead(404).end();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 'ok', service: 'trainer', workerId: trainer.workerId, ...trainer.stats }));
    });
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
