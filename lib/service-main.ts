/**
 * The one way a service process runs: read its environment (exit 1 with a readable list when it is
 * wrong), start, log where it listens, and stop cleanly on SIGINT/SIGTERM. A second signal, or a
 * graceful stop that takes too long, ends the process at once: Ctrl-C must always work.
 */
import { loadEnvOrExit } from './env';
import type { RunningService } from './http';
import { createLogger, type Logger } from './log';
import { startTelemetry, type TelemetrySettings } from './telemetry';

const SHUTDOWN_TIMEOUT_MS = 10_000;

export interface ServiceMain<E extends { logLevel: string; telemetry?: TelemetrySettings }> {
  name: string;
  /** The service's env.ts parser (reads `process.env`). */
  parseEnv(): E;
  start(env: E, log: Logger): Promise<RunningService>;
  /** The `[STARTUP] …` line printed once the service listens. */
  banner(service: RunningService, env: E): string;
}

export function runServiceMain<E extends { logLevel: string; telemetry?: TelemetrySettings }>(spec: ServiceMain<E>): void {
  const env = loadEnvOrExit(spec.name, spec.parseEnv);
  const log = createLogger(spec.name, env.logLevel);

  const run = async () => {
    // Before the service starts: its first request is already traced (nothing is loaded when off).
    const telemetry = await startTelemetry(spec.name, env.telemetry);
    const service = await spec.start(env, log);
    log.info(`[STARTUP] ${spec.banner(service, env)}`);
    let stopping = false;
    const stop = async (signal: NodeJS.Signals) => {
      if (stopping) {
        log.info(`[SHUTDOWN] second ${signal}, exiting now`);
        process.exit(0);
      }
      stopping = true;
      log.info(`[SHUTDOWN] ${signal} received, closing ${spec.name}`);
      setTimeout(() => {
        log.warn(`[SHUTDOWN] still closing after ${SHUTDOWN_TIMEOUT_MS} ms, exiting`);
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS).unref();
      await service.close();
      await telemetry.shutdown(); // the last spans are exported before the process ends
      process.exit(0);
    };
    process.on('SIGINT', (signal) => void stop(signal));
    process.on('SIGTERM', (signal) => void stop(signal));
  };

  run().catch((error: unknown) => {
    process.stderr.write(`[${spec.name}] failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    if (error instanceof Error && error.cause) process.stderr.write(`  cause: ${String(error.cause)}\n`);
    process.exit(1);
  });
}
