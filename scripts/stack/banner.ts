/** The block `npm start` prints once everything is healthy. */
import { ROLES } from '../../lib/auth';
import type { StackSettings } from './settings';
import { DEMO_PASSWORD } from './data';

export const BANNER_TITLE = 'Vision Platform Graph is running';

export function banner(settings: StackSettings, infraLines: string[], readyMs: number, seeded: boolean): string {
  const { ports } = settings;
  const web = (port: number, suffix = '') => `http://localhost:${port}${suffix}`;
  const lines = [
    '',
    `  ${BANNER_TITLE} (ready in ${(readyMs / 1000).toFixed(1)} s)`,
    '',
    `  console     ${web(ports.gateway, '/')}`,
    `  GraphQL     ${web(ports.gateway, '/graphql')}`,
    `  WebSocket   ws://localhost:${ports.gateway}/graphql`,
    `  explorer    ${web(ports.gateway, '/explorer')}`,
    `  Labeler     ${web(ports.labeler)}`,
    `  subgraphs   users ${web(ports.users, '/graphql')}  platform ${web(ports.platform, '/graphql')}  datasets ${web(ports.datasets, '/graphql')}`,
    `  trainer     reference worker, health ${web(ports.trainer, '/health')} (worker API ${web(ports.platform, '/worker/v1')})`,
    ...infraLines.map((line) => `  ${line}`),
    '',
  ];
  if (seeded) {
    lines.push(`  demo logins (password "${DEMO_PASSWORD}"):`);
    for (const role of ROLES) lines.push(`    ${role}@example.com`);
  } else {
    lines.push('  NODE_ENV=production: no demo users were seeded.');
  }
  lines.push('', '  Ctrl-C stops everything (data stays in the data folder; delete it to start afresh).', '');
  return lines.join('\n');
}
