/** `node --import tsx/esm labeler/main.ts`: the Labeler reference service (migrates its database first). */
import { maskUrl } from '../lib/log';
import { runServiceMain } from '../lib/service-main';
import { migrateLabelerDb } from './db';
import { parseLabelerEnv } from './env';
import { createLabelerServer } from './server';

runServiceMain({
  name: 'labeler',
  parseEnv: () => parseLabelerEnv(),
  start: async (env, log) => {
    log.info(`[STARTUP] Labeler database ${maskUrl(env.databaseUrl)}`);
    await migrateLabelerDb(env.databaseUrl);
    return createLabelerServer(env);
  },
  banner: (service) => `Labeler listening on ${service.url}`,
});
