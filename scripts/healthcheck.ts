/**
 * `node dist/healthcheck.js`: the container health check of a service image. Asks the service named
 * by SERVICE (the image's build argument) for `/health/ready` on its port variable (GATEWAY_PORT,
 * USERS_PORT, …, or the service's default port) and exits 0 when it answers 2xx, else 1.
 */
const DEFAULT_PORTS: Record<string, number> = { gateway: 4000, users: 4001, platform: 4002, datasets: 4003, labeler: 8020, trainer: 4010 };

const service = process.env.SERVICE ?? '';
if (!(service in DEFAULT_PORTS)) {
  process.stderr.write(`healthcheck: SERVICE must be one of ${Object.keys(DEFAULT_PORTS).join(', ')}\n`);
  process.exit(1);
}
const port = process.env[`${service.toUpperCase()}_PORT`] || String(DEFAULT_PORTS[service]);
fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2500) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
