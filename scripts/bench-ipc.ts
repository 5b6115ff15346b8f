/**
 * The benches' child programs (`*.child.ts` in this folder) and their parent, over IPC: the child
 * says `{ type: 'ready', … }` once it can answer, then answers each question the parent asks,
 * paired by id. Both ends are here, so every child speaks the same protocol.
 */
import { fork } from 'node:child_process';

/** Node's arguments for one of this folder's TypeScript programs. */
export const TS_EXEC_ARGV = ['--openssl-legacy-provider', '--import', 'tsx'];

/** A question as it travels: what was asked, and its id. */
export type Question<Q> = Q & { id: number };

export interface Answer {
  type: 'answer';
  id: number;
  value?: unknown;
  error?: string;
}

export interface IpcChild<Ready, Ask> {
  pid: number;
  /** What the child sent with `ready`. */
  ready: Ready;
  /** Ask the child; its answer (or its error, thrown) — a child that exits fails every question waiting. */
  ask<T>(question: Ask): Promise<T>;
  /** SIGTERM (the child's `stopWithParent` cleans up), then wait for its exit. */
  close(): Promise<void>;
}

/**
 * Fork one of this folder's TypeScript programs (through tsx) and wait for its `ready`. Messages
 * use Node's structured clone, so typed arrays and dates cross as they are.
 */
export async function forkIpcChild<Ready, Ask>(
  file: string,
  args: string[],
  opts: { stdio?: 'inherit' | 'ignore'; env?: NodeJS.ProcessEnv } = {},
): Promise<IpcChild<Ready, Ask>> {
  const child = fork(file, args, {
    execArgv: TS_EXEC_ARGV,
    stdio: ['ignore', opts.stdio ?? 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
    ...(opts.env ? { env: opts.env } : {}),
  });
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let exitError: Error | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exitError = new Error(`the child process ${file} exited (${signal ?? code})`);
      for (const w of waiting.values()) w.reject(exitError);
      waiting.clear();
      resolve();
    }),
  );
  const ready = await new Promise<Ready>((resolve, reject) => {
    void exited.then(() => reject(exitError!));
    child.on('message', (message: { type: string; id?: number; value?: unknown; error?: string }) => {
      if (message.type === 'ready') resolve(message as Ready);
      else if (message.type === 'answer' && message.id !== undefined) {
        const w = waiting.get(message.id);
        waiting.delete(message.id);
        if (message.error) w?.reject(new Error(message.error));
        else w?.resolve(message.value);
      }
    });
  });
  let asked = 0;
  return {
    pid: child.pid!,
    ready,
    ask: <T>(question: Ask) =>
      new Promise<T>((resolve, reject) => {
        if (exitError) return reject(exitError);
        const id = ++asked;
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ ...question, id });
      }),
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The child's end: say `ready` with `info`, then answer every question with what `answer` returns (or its error's message). */
export function answerParent<Ask extends object>(info: object, answer: (question: Ask) => unknown): void {
  process.on('message', (question: Question<Ask>) => {
    const send = (value: unknown, error?: string) => process.send?.({ type: 'answer', id: question.id, value, error } satisfies Answer);
    Promise.resolve()
      .then(() => answer(question))
      .then(
        (value) => send(value),
        (error: unknown) => send(undefined, error instanceof Error ? error.message : String(error)),
      );
  });
  process.send?.({ ...info, type: 'ready' });
}
