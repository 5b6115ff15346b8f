/**
 * Check every service's configuration with the service's own parser before anything starts, so
 * a bad setting (e.g. a development secret with NODE_ENV=production) is reported at once, for
 * all services together, instead of after PostgreSQL, migrations and four healthy services.
 */
import { EnvError } from '../../lib/env';
import { parseGatewayEnv } from '../../gateway/env';
import { parseLabelerEnv } from '../../labeler/env';
import { parseDatasetsEnv } from '../../subgraphs/datasets/env';
import { parsePlatformEnv } from '../../subgraphs/platform/env';
import { parseUsersEnv } from '../../subgraphs/users/env';
import type { ServiceName } from './topology';
import { parseTrainerEnv } from '../../trainer/env';

const PARSERS: Record<ServiceName, (source: Record<string, string | undefined>) => unknown> = {
  labeler: parseLabelerEnv,
  users: parseUsersEnv,
  platform: parsePlatformEnv,
  datasets: parseDatasetsEnv,
  gateway: parseGatewayEnv,
  trainer: parseTrainerEnv,
};

/** One `[service] problem` line per problem; empty when every service accepts its env. */
export function configurationProblems(services: Array<{ name: ServiceName; env: NodeJS.ProcessEnv }>): string[] {
  const problems: string[] = [];
  for (const { name, env } of services) {
    try {
      PARSERS[name](env);
    } catch (error) {
      if (!(error instanceof EnvError)) throw error;
      for (const problem of error.problems) problems.push(`[${name}] ${problem}`);
    }
  }
  return problems;
}
