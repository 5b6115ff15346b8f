import { spawn } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { cpuOfTree, cpuSecondsOf, parseProcStat } from './proc-cpu';

describe('parseProcStat', () => {
  it('reads ppid and user + system ticks after a command name with spaces and parentheses', () => {
    const line = '4242 (node (worker) 1) S 4200 4242 4200 0 -1 4194560 2093 0 0 0 250 75 0 0 20 0 11 0 7734 1084448768 24310 18446744073709551615';
    expect(parseProcStat(line)).toEqual({ pid: 4242, ppid: 4200, cpuSeconds: 3.25, systemSeconds: 0.75 });
  });

  it('refuses a line that is not a stat line', () => {
    expect(parseProcStat('not a stat line')).toBeUndefined();
    expect(parseProcStat('12 (x) S a b c')).toBeUndefined();
  });
});

describe('cpuOfTree', () => {
  it('adds the descendants of the root and nothing else', () => {
    const stats = [
      { pid: 1, ppid: 0, cpuSeconds: 100, systemSeconds: 10 },
      { pid: 10, ppid: 1, cpuSeconds: 2, systemSeconds: 1 },
      { pid: 11, ppid: 10, cpuSeconds: 0.5, systemSeconds: 0.25 },
      { pid: 12, ppid: 11, cpuSeconds: 0.25, systemSeconds: 0 },
      { pid: 20, ppid: 1, cpuSeconds: 7, systemSeconds: 3 },
    ];
    expect(cpuOfTree(stats, 10)).toEqual({ cpuSeconds: 2.75, systemSeconds: 1.25 });
    expect(cpuOfTree(stats, 20)).toEqual({ cpuSeconds: 7, systemSeconds: 3 });
    expect(cpuOfTree(stats, 99)).toBeUndefined();
  });
});

describe('cpuSecondsOf', () => {
  it('counts the CPU a busy child process burns, and stops counting once it is gone', async () => {
    const child = spawn(process.execPath, ['-e', 'const end = Date.now() + 400; while (Date.now() < end);'], { stdio: 'ignore' });
    const before = cpuSecondsOf(process.pid)!;
    await new Promise((resolve) => setTimeout(resolve, 250));
    const during = cpuSecondsOf(process.pid)!;
    // The spinning child is one of ours: at least 0.1 s of CPU shows up under our pid within 250 ms.
    expect(during - before).toBeGreaterThanOrEqual(0.1);
    await new Promise((resolve) => child.once('exit', resolve));
    expect(cpuSecondsOf(child.pid!)).toBeUndefined();
  });
});
