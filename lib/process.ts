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
