/**
 * `npm start`: the whole stack with one command. PostgreSQL and S3 (embedded unless the env
 * names others) → databases, migrations, demo seed → console build when stale → Labeler,
 * users, platform, datasets, gateway as child processes, each awaited on `/health` → banner.
 * A service that stops later is restarted with a backoff (scripts/stack/supervisor.ts); one that
 * keeps crashing stops the stack. Ctrl-C (SIGINT/SIGTERM) stops the services, then the S3 server
 * and PostgreSQL.
 */
import { EnvError } from '../lib/env';
import { banner } from './stack/banner';
import { buildConsole, consoleState } from './stack/console-build';
import { DEMO_PASSWORD, migrateAll, seedAll } from './stack/data';
import { plannedInfra, startInfra, StackStartError } from './stack/infra';
import { maskSecrets, quietKnownWarnings, stackLog } from './stack/output';
import { busyPorts } from './stack/ports';
import { configurationProblems } from './stack/preflight';
import { ServiceFailedError, spawnService, stopService, waitHealthy, type ServiceProcess } from './stack/processes';
import { cleanUpEarlierRun, removeRunFile, writeRunFile } from './stack/run-file';
import { absoluteEntry, childEnv, serviceSpecs, type ServiceSpec } from './stack/services';
import { readStackSettings, secretsFor, type StackSettings } from './stack/settings';
import { superviseServices } from './stack/supervisor';

quietKnownWarnings(); // children inherit it
const startedAt = Date.now();
const log = stackLog('start');
const write = (text: string) => process.stdout.write(text);
const stoppers: Array<() => Promise<void>> = [];
let stopping: Promise<void> | null = null;

function fail(message: string): never {
  throw new StackStartError(message);
}

/** Stop everything started so far, newest first (services before the databases they use). */
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    while (stoppers.length > 0) {
      const stop = stoppers.pop();
      await stop?.().catch((error: Error) => log(`while stopping: ${error.message}`));
    }
  })();
  return stopping;
}

async function exit(code: number): Promise<never> {
  await stopAll();
  process.exit(code);
}

let signals = 0;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    signals += 1;
    if (signals > 1) {
      log('second signal: exiting without waiting (run `npm start` again to clean up leftovers)');
      process.exit(130);
    }
    log(`${signal} received: stopping the services, then the S3 server and PostgreSQL`);
    void exit(0).then(() => undefined);
  });
}

interface StartedServices {
  specs: ServiceSpec[];
  /** Index for index with `specs`; a restart replaces its entry. */
  running: ServiceProcess[];
  /** Writes the current pids to `.data/run.json`. */
  record: () => void;
}

async function startServices(settings: StackSettings, infra: Parameters<typeof serviceSpecs>[1]): Promise<StartedServices> {
  const specs = serviceSpecs(settings, infra);
  const running: ServiceProcess[] = [];
  stoppers.push(async () => {
    await Promise.all(running.map((service) => stopService(service, log)));
    removeRunFile(settings.dataDir);
  });
  const record = () =>
    writeRunFile(
      settings.dataDir,
      running.map((service, i) => ({ name: service.name, pid: service.child.pid ?? -1, entry: specs[i]!.entry })),
    );
  // All start at once (each spends its first seconds compiling TypeScript); health in dependency order.
  for (const spec of specs) running.push(spawnService(spec.name, absoluteEntry(spec), childEnv(spec), write));
  record();
  for (const [i, service] of running.entries()) {
    const ms = await waitHealthy(service, specs[i]!.healthUrl);
    log(`${service.name} is healthy on :${specs[i]!.port} (${ms} ms after launch)`);
  }
  return { specs, running, record };
}

/** The failure that stops `npm start`, on stderr: what went wrong and, for a service, its last error lines. */
function reportFailure(error: unknown): void {
  if (error instanceof ServiceFailedError) {
    const hints = error.tail.filter((line) => /error|invalid|refuse|must not|EADDRINUSE/i.test(line)).slice(-10);
    process.stderr.write(`\n✗ npm start: ${error.service} ${error.reason}.\n`);
    if (hints.length > 0) process.stderr.write(`  Its last messages:\n${hints.map((h) => `    ${h}`).join('\n')}\n`);
    process.stderr.write('\n');
  } else if (error instanceof EnvError || error instanceof StackStartError) {
    process.stderr.write(`\n✗ npm start: ${maskSecrets(error.message)}\n\n`);
  } else {
    process.stderr.write(`\n✗ npm start failed: ${maskSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n\n`);
  }
}

async function main(): Promise<void> {
  const settings = readStackSettings();
  const planned = serviceSpecs(settings, plannedInfra(settings));
  const problems = configurationProblems(planned.map((spec) => ({ name: spec.name, env: childEnv(spec) })));
  if (problems.length > 0) {
    fail(
      `the services refuse this configuration:\n${problems.map((p) => `    ${p}`).join('\n')}\n  Set these variables (see README.md, "Settings") and run again.`,
    );
  }

  await cleanUpEarlierRun(settings.dataDir, log);
  const wanted: Array<{ name: string; port: number }> = planned.map((spec) => ({ name: spec.name, port: spec.port }));
  if (!settings.env.EXTERNAL_STORAGE_ENDPOINT) wanted.push({ name: 'S3 server', port: settings.ports.s3 });
  const busy = await busyPorts(settings.host, wanted);
  if (busy.length > 0) {
    fail(
      `${busy.join('; ')}.\n  Another \`npm start\` or program is using it. Stop it, or move this stack with VPG_PORT_OFFSET=100 (or GATEWAY_PORT, USERS_PORT, …).`,
    );
  }

  const state = settings.skipClientBuild ? 'fresh' : consoleState();
  if (state === 'no-client') log('client/vite.config.ts not found: the console is not built');
  const consoleBuild =
    state === 'missing' || state === 'stale'
      ? (log(`building the console (client/dist is ${state})`), buildConsole(write, (stop) => stoppers.push(stop)))
      : Promise.resolve(0);

  const infra = await startInfra(settings, log, (stop) => stoppers.push(stop));
  await migrateAll(infra.databases, log);
  const seeded = !settings.production;
  if (seeded)
    await seedAll(infra.databases, infra.external, { password: DEMO_PASSWORD, runs: { internal: infra.internal, secrets: secretsFor(settings) } }, log);
  else log('NODE_ENV=production: skipping the demo seed');

  const buildMs = await consoleBuild.catch((error: Error) => {
    log(`${error.message}\n  The gateway will start without a console; fix the client and run npm start again.`);
    return -1;
  });
  if (buildMs > 0) log(`console built (${buildMs} ms)`);

  const services = await startServices(settings, infra);
  write(`${banner(settings, infra.describe, Date.now() - startedAt, seeded)}\n`);

  superviseServices({
    specs: services.specs,
    running: services.running,
    policy: settings.restart,
    log,
    write,
    stopping: () => stopping !== null,
    onRestarted: services.record,
    giveUp: (error) => {
      if (stopping) return;
      reportFailure(error);
      void exit(1);
    },
  });
}

main().catch(async (error: unknown) => {
  if (stopping) return;
  reportFailure(error);
  await exit(1);
});
