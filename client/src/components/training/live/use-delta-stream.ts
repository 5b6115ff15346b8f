/**
 * Follows one delta stream (`trainingJobMetrics`, `trainingJobLogs`, `trainingJobSystem`): the
 * items of every frame are appended to one array that lives as long as the subscription, and a
 * version number changes so the component re-renders (charts then append, not redraw from
 * scratch). When the socket drops, graphql-ws reconnects and subscribes again with the cursor of
 * the last frame received (the `resumeVariables` context, urql-client.ts); when the stream fails
 * (e.g. the gateway answered with an error) it is subscribed again with that cursor too. Either
 * way no item is missed (decisions.md #29), and an item whose cursor was already received is
 * skipped, so none is shown twice.
 */
import { useEffect, useState } from 'react';
import { useClient, type AnyVariables, type TypedDocumentNode } from 'urql';
import type { ResumableContext } from '../../../urql-client';
import { DeltaItems, type DeltaItem } from './delta-items';

export interface DeltaBatch<T> {
  items: T[];
  cursor: string;
}

export interface DeltaStream<T> {
  /** Every item received so far, oldest first (the same array, appended in place). */
  items: readonly T[];
  /** Changes whenever items were appended. */
  version: number;
  /** Set when the stream was refused (e.g. NOT_FOUND); it is not retried. */
  error: string | null;
}

const RETRY_MS = [500, 1000, 2000, 5000, 10_000];
const REFUSALS = ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'BAD_USER_INPUT'];

export function useDeltaStream<T extends DeltaItem, D, V extends AnyVariables>(
  query: TypedDocumentNode<D, V>,
  variables: Omit<V, 'after'>,
  pick: (data: D) => DeltaBatch<T> | null | undefined,
): DeltaStream<T> {
  const client = useClient();
  const key = JSON.stringify(variables);
  const [state, setState] = useState<DeltaStream<T> & { key: string }>({ key: '', items: [], version: 0, error: null });

  useEffect(() => {
    const vars = JSON.parse(key) as Omit<V, 'after'>;
    const received = new DeltaItems<T>();
    const items = received.items;
    let version = 0;
    let cursor: string | null = null;
    let stopped = false;
    let failures = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: { unsubscribe(): void } | undefined;

    const start = () => {
      let failed = false;
      const context: ResumableContext = { resumeVariables: () => ({ ...vars, after: cursor }) };
      current = client.subscription(query, { ...vars, after: cursor } as unknown as V, context).subscribe((result) => {
        if (stopped || failed) return;
        const batch = result.data ? pick(result.data) : null;
        if (batch && batch.items.length > 0) {
          failures = 0;
          if (received.append(batch.items) > 0) {
            cursor = batch.cursor;
            setState({ key, items, version: ++version, error: null });
          }
        }
        if (result.error) {
          failed = true;
          current?.unsubscribe();
          const refused = result.error.graphQLErrors.find((e) => REFUSALS.includes(String(e.extensions?.code)));
          if (refused) setState({ key, items, version: ++version, error: refused.message });
          else timer = setTimeout(start, RETRY_MS[Math.min(failures++, RETRY_MS.length - 1)]);
        }
      });
    };
    start();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      current?.unsubscribe();
    };
    // `pick` reads a frame; it is the same for the life of a stream.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, query, key]);

  return state.key === key ? state : { items: EMPTY as T[], version: 0, error: null };
}

const EMPTY: never[] = [];
