/** `node --import tsx/esm labeler/main.ts`: the Labeler reference service (migrates its database first). */
import { maskUrl } from '../lib/log';
import { runServiceMain } from '../lib/service-main';
import { migrateLabelerDb } from './db';
import { labelerEnvShape } from './env';
import { createLabelerServer } from './server';

runServiceMain({
  name: 'labeler',
  envShape: labelerEnvShape,
  start: async (env, log) => {
    log.info(`[STARTUP] Labeler database ${maskUrl(env.LABELER_DATABASE_URL)}`);
    await migrateLabelerDb(env.LABELER_DATABASE_URL);
    return createLabelerServer(env);
  },
  banner: (service) => `Labeler listening on ${service.url}`,
});
