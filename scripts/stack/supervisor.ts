/**
 * Keeps the services of a running `npm start` up: a service that stops unexpectedly is restarted
 * after a backoff, in its place (same spec, same port), as long as the restart policy allows;
 * the crash after that hands the stack to `giveUp`. During shutdown nothing is restarted.
 */
import { ServiceFailedError, spawnService, stopGroup, waitHealthy, type ServiceProcess } from './processes';
import { decideRestart, type RestartPolicy } from './restart-policy';
import { absoluteEntry, childEnv, type ServiceSpec } from './services';

export interface Supervision {
  specs: ServiceSpec[];
  /** The running processes, index for index with `specs`; a restart replaces its entry in place. */
  running: ServiceProcess[];
  policy: RestartPolicy;
  log: (line: string) => void;
  write: (text: string) => void;
  /** True once the stack is stopping (Ctrl-C, a failure): no restart from then on. */
  stopping: () => boolean;
  /** A service runs under a new pid. */
  onRestarted: () => void;
  /** A service crashed more often than the policy allows: stop the stack. */
  giveUp: (error: ServiceFailedError) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

export function superviseServices(s: Supervision): void {
  const { limit, windowMs } = s.policy;
  const crashes: number[][] = s.specs.map(() => []);

  const watch = (i: number) => {
    const service = s.running[i]!;
    void service.exited.then((how) => restart(i, service, how));
  };

  const awaitHealth = (spec: ServiceSpec, service: ServiceProcess, attempt: number) => {
    let exited = false;
    void service.exited.then(() => (exited = true));
    // Live, not ready: a restarted datasets subgraph is up even while the Labeler it calls is not.
    waitHealthy(service, spec.liveUrl).then(
      (ms) => s.log(`${spec.name} is healthy again on :${spec.port} (attempt ${attempt}, ${ms} ms after launch)`),
      async (error: Error) => {
        if (exited || s.stopping()) return; // its exit is handled as a crash
        // Hanging counts as crashing: stop it and let the policy decide.
        s.log(`${spec.name} (attempt ${attempt}): ${error.message}; stopping it`);
        if (service.child.pid) await stopGroup(service.child.pid, 2000);
      },
    );
  };

  const restart = async (i: number, service: ServiceProcess, how: string) => {
    if (s.stopping()) return;
    const spec = s.specs[i]!;
    const now = Date.now();
    const decision = decideRestart(s.policy, crashes[i]!, now);
    crashes[i] = decision.crashes;
    const what = `${spec.name} stopped unexpectedly (${how}, up ${seconds(now - service.launchedAt)})`;
    if (!decision.restart) {
      const times = decision.crashes.length;
      s.log(`${what}; ${times} times within ${seconds(windowMs)} is more than VPG_RESTART_LIMIT=${limit} allows: stopping the stack`);
      const reason = `stopped unexpectedly ${times} times within ${seconds(windowMs)} (VPG_RESTART_LIMIT=${limit}, VPG_RESTART_WINDOW_MS=${windowMs}); the last time with ${how}`;
      s.giveUp(new ServiceFailedError(spec.name, reason, service.tail));
      return;
    }
    const { attempt, delayMs } = decision;
    s.log(`${what}; restarting it in ${seconds(delayMs)} (attempt ${attempt} of ${limit} within ${seconds(windowMs)})`);
    // Anything the service started in its process group would keep its port.
    if (service.child.pid) await stopGroup(service.child.pid, 2000);
    await sleep(delayMs);
    if (s.stopping()) return;
    const next = spawnService(spec.name, absoluteEntry(spec), childEnv(spec), s.write);
    s.running[i] = next;
    s.onRestarted();
    watch(i);
    awaitHealth(spec, next, attempt);
  };

  s.running.forEach((_, i) => watch(i));
}
