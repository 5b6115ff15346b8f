/**
 * CPU time a process has used, with its descendants, read from Linux's `/proc` (what `top` reads):
 * benches divide it by the requests a process answered to give its CPU per request, a figure that
 * moves far less with the machine's background load than latency does.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** `/proc/<pid>/stat` counts in clock ticks of 1/100 s on Linux (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

export interface ProcStat {
  pid: number;
  ppid: number;
  /** User plus system CPU, in seconds. */
  cpuSeconds: number;
  /** The system (kernel) part of it: system calls such as socket reads and writes. */
  systemSeconds: number;
}

/** CPU seconds of a process tree: in all, and the kernel's part. */
export interface CpuTimes {
  cpuSeconds: number;
  systemSeconds: number;
}

/** One `/proc/<pid>/stat` line. The command name sits in parentheses and may itself hold spaces and parentheses. */
export function parseProcStat(line: string): ProcStat | undefined {
  const close = line.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number.parseInt(line, 10);
  // After the name: state (3), ppid (4), …, utime (14), stime (15).
  const fields = line
    .slice(close + 2)
    .trim()
    .split(' ');
  const ppid = Number(fields[1]);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (![pid, ppid, utime, stime].every(Number.isFinite)) return undefined;
  return { pid, ppid, cpuSeconds: (utime + stime) / TICKS_PER_SECOND, systemSeconds: stime / TICKS_PER_SECOND };
}

function readStat(pid: string): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined; // gone meanwhile, or not Linux
  }
}

/** CPU seconds used so far by `pid` and every live process below it, or undefined where `/proc` is missing or `pid` is gone. */
export function cpuSecondsOf(pid: number): number | undefined {
  return cpuTimesOf(pid)?.cpuSeconds;
}

/** As `cpuSecondsOf`, with the system (kernel) part beside the total. */
export function cpuTimesOf(pid: number): CpuTimes | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const stats = entries.map(readStat).filter((s): s is ProcStat => s !== undefined);
  return cpuOfTree(stats, pid);
}

/** The CPU of `root` and its descendants among `stats`; undefined when `root` is not among them. */
export function cpuOfTree(stats: ProcStat[], root: number): CpuTimes | undefined {
  if (!stats.some((s) => s.pid === root)) return undefined;
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) {
    const siblings = children.get(s.ppid);
    if (siblings) siblings.push(s);
    else children.set(s.ppid, [s]);
  }
  // A pid is its parent's child once, so the walk from the root meets each process once.
  const { cpuSeconds, systemSeconds } = stats.find((s) => s.pid === root)!;
  const total = { cpuSeconds, systemSeconds };
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    for (const child of children.get(pid) ?? []) {
      total.cpuSeconds += child.cpuSeconds;
      total.systemSeconds += child.systemSeconds;
      pending.push(child.pid);
    }
  }
  return total;
}
