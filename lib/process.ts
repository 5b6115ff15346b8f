/** Whether processes still exist (signal 0 delivers nothing; it only checks). */

const exists = (target: number): boolean => {
  try {
    process.kill(target, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (PostgreSQL runs as `postgres` under root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export const pidAlive = (pid: number): boolean => exists(pid);

/** Any process left in the process group `pgid`. */
export const groupAlive = (pgid: number): boolean => exists(-pgid);

/**
 * For a child process a parent forked: run `stop` once on SIGTERM or when the parent goes away
 * (its IPC channel closes), then exit 0.
 */
export function stopWithParent(stop: () => Promise<void>): void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', once);
  process.on('disconnect', once);
}
