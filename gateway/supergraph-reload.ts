/**
 * Supergraph hot reload: a new `SUPERGRAPH_PATH` file (watched, or on SIGHUP) replaces the gateway's
 * supergraph in place. @apollo/gateway swaps schema and query planner for new operations while the
 * ones already planned finish on the old; the HTTP server and the subscription bridge are untouched,
 * so no request or WebSocket is dropped. A file that does not parse or does not build a supergraph
 * leaves the running one in place, and the reason is logged.
 */
import { createHash } from 'node:crypto';
import { readFileSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../lib/log';
import { readSupergraph, type SupergraphInfo } from './supergraph-info';

export type ReloadOutcome = { status: 'updated' | 'unchanged'; id: string } | { status: 'failed'; reason: string };

export interface SupergraphReloader {
  /** The `supergraphSdl` option of ApolloGateway: hands the first SDL over and keeps the `update` callback. */
  manager: (options: { update: (sdl: string) => void }) => Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }>;
  /** Read the file again and apply it (what a file change and SIGHUP do). */
  reload(trigger: string): ReloadOutcome;
  /** Id (sha256) of the supergraph being served. */
  currentId(): string;
}

const idOf = (sdl: string) => createHash('sha256').update(sdl).digest('hex').slice(0, 16);

/**
 * `info` is the object the guards and the bridge read on every operation: it is updated in place once
 * the gateway has accepted the new supergraph, never before.
 */
export function createSupergraphReloader(opts: { file: string; initialSdl: string; info: SupergraphInfo; watch: boolean; log: Logger }): SupergraphReloader {
  const { file, info, log } = opts;
  let current = idOf(opts.initialSdl);
  let update: ((sdl: string) => void) | undefined;
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;

  const reload = (trigger: string): ReloadOutcome => {
    if (!update) return { status: 'failed', reason: 'the gateway has not loaded its supergraph yet' };
    let sdl: string;
    let next: SupergraphInfo;
    try {
      sdl = readFileSync(file, 'utf8');
      next = readSupergraph(sdl);
      const id = idOf(sdl);
      if (id === current) return { status: 'unchanged', id };
      update(sdl);
      Object.assign(info, next);
      log.info({ trigger, file, from: current, to: id }, 'supergraph reloaded');
      current = id;
      return { status: 'updated', id };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.error({ trigger, file, reason, kept: current }, 'supergraph reload failed; keeping the running supergraph');
      return { status: 'failed', reason };
    }
  };

  const startWatching = () => {
    // The directory, not the file: editors and `npm run compose` may replace the file (a new inode).
    const name = path.basename(file);
    watcher = watch(path.dirname(file), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      // A write arrives as several events; read once it has settled.
      clearTimeout(timer);
      timer = setTimeout(() => reload('file change'), 150);
    });
    watcher.on('error', (error) => log.warn({ err: error, file }, 'supergraph watch stopped'));
  };

  return {
    manager: async ({ update: callback }) => {
      update = callback;
      if (opts.watch) startWatching();
      return {
        supergraphSdl: opts.initialSdl,
        cleanup: async () => {
          clearTimeout(timer);
          watcher?.close();
          update = undefined;
        },
      };
    },
    reload,
    currentId: () => current,
  };
}
