/**
 * Preloaded into every service `npm start` runs (`node --import …/orphan-guard.ts`). Services run
 * in their own process group so Ctrl-C in the terminal reaches only `start`, which stops them in
 * order. If `start` itself dies without cleaning up (SIGKILL, OOM), the service is re-parented;
 * this notices and stops the service gracefully, so the next `npm start` finds its ports free.
 */
const parent = process.ppid;

const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  process.stderr.write(`[orphan-guard] the process that started this service (pid ${parent}) is gone; stopping\n`);
  setTimeout(() => process.exit(1), 5000).unref();
  process.kill(process.pid, 'SIGTERM');
}, 500);
timer.unref();

export {};
