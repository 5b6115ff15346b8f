/**
 * The services run as child processes, each in its own process group (`detached`), so stopping
 * one stops everything it started. Each child also loads `orphan-guard.ts`, which stops it when
 * this process dies without cleaning up (SIGKILL, crash): nothing is left holding the ports.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/schema-files';
import { pipeLines } from './output';
import { groupAlive } from '../../lib/process';

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** Last output lines, shown when the service fails to start. */
  tail: string[];
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<string>;
  launchedAt: number;
}

/**
 * `tsx/esm`, not `tsx`: the services are ES modules, and tsx's CommonJS hook would also sit in front
 * of every `require()` a dependency makes while serving (Apollo Server requires `crypto` for each
 * request's query hash), costing about 0.3 ms per request across a gateway → subgraph chain
 * (decisions.md #16).
 */
const NODE_FLAGS = ['--openssl-legacy-provider', '--import', 'tsx/esm', '--import', path.join(PROJECT_ROOT, 'scripts/stack/orphan-guard.ts')];

/**
 * `NODE_FLAGS_EXTRA` in a service's env: more Node flags for it, space-separated (flags NODE_OPTIONS
 * refuses, such as `--cpu-prof`, for profiling one service of a bench).
 */
export function spawnService(name: string, entry: string, env: NodeJS.ProcessEnv, write: (text: string) => void): ServiceProcess {
  const extra = env.NODE_FLAGS_EXTRA?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...NODE_FLAGS, ...extra, entry], {
    cwd: PROJECT_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  pipeLines(name, child.stdout, write, tail);
  pipeLines(name, child.stderr, write, tail);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ? `signal ${signal}` : `code ${code}`));
    child.once('error', (error) => resolve(`error ${error.message}`));
  });
  return { name, child, tail, exited, launchedAt: Date.now() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGTERM the whole process group, wait for it to empty, SIGKILL what is left after `graceMs`.
 * Resolves true when it had to SIGKILL.
 */
export async function stopGroup(pgid: number, graceMs = 8000): Promise<boolean> {
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      /* already gone */
    }
  };
  if (!groupAlive(pgid)) return false;
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pgid)) {
    signal('SIGKILL');
    const hard = Date.now() + 3000;
    while (groupAlive(pgid) && Date.now() < hard) await sleep(50);
    return true;
  }
  return false;
}

export async function stopService(service: ServiceProcess, log: (line: string) => void, graceMs = 8000): Promise<void> {
  const pid = service.child.pid;
  if (pid === undefined) return;
  if (await stopGroup(pid, graceMs)) log(`${service.name} did not stop within ${graceMs / 1000} s of SIGTERM; killed it`);
  await Promise.race([service.exited, sleep(1000)]);
}

export class ServiceFailedError extends Error {
  override name = 'ServiceFailedError';
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly tail: string[],
  ) {
    super(`${service} ${reason}`);
  }
}

/** Poll a health URL (`/health/ready`, `/health/live`) until 200; fail early when the process exits first. Resolves with ms since launch. */
export async function waitHealthy(service: ServiceProcess, healthUrl: string, timeoutMs = 90000): Promise<number> {
  const started = Date.now();
  let exitedWith: string | null = null;
  void service.exited.then((how) => (exitedWith = how));
  let lastProblem = 'no answer yet';
  while (Date.now() - started < timeoutMs) {
    if (exitedWith) throw new ServiceFailedError(service.name, `exited (${exitedWith}) before it became healthy`, service.tail);
    try {
      const res = await fetch(healthUrl, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return Date.now() - service.launchedAt;
      lastProblem = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await sleep(150);
  }
  throw new ServiceFailedError(service.name, `was not healthy after ${timeoutMs / 1000} s (${lastProblem})`, service.tail);
}
