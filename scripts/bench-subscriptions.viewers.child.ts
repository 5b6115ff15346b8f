/**
 * The viewers of `npm run bench:subscriptions`, in a process of their own: the bench starts
 * `--client-processes` of these (one by default), each with its share of the sockets, so that the
 * bench's hand-played worker sends its reports on time however busy the viewers are with parsing
 * events. Each opens its sockets and subscriptions as the parent says (`init`, over IPC:
 * bench-ipc.ts), records when each event arrives on the machine's clock (`performance.timeOrigin +
 * now()`, the same clock the parent stamps each report with), and answers the parent's `phase`,
 * `status` and `collect`; SIGTERM closes its sockets. How subscriptions end and are retried:
 * bench-subscriptions.report.ts.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { stopWithParent } from '../lib/process';
import { answerParent } from './bench-ipc';
import {
  endReason,
  machineClock,
  subscriptionEnd,
  type RunPhase,
  type ViewersAsk,
  type ViewersCollected,
  type ViewersInit,
  type ViewersStatus,
} from './bench-subscriptions.report';

const clients: Client[] = [];
interface Subscriber {
  live: boolean;
  received: number;
  lastEpoch: number;
  metricPoints: number;
}
const subscribers: Subscriber[] = [];
let phase: RunPhase = 'setup';
const errors: string[] = [];
const setupRetries = { count: 0, last: '' };
let setupErrors = 0;
let lastEventAt = 0;

/** Receipts while measuring, [key, at, key, at, …]: the key is an epoch or a step, `at` ms on the machine's clock. */
function receiptLog() {
  let buffer = new Float64Array(1 << 14);
  let length = 0;
  return {
    add(key: number, at: number) {
      if (length + 2 > buffer.length) {
        const grown = new Float64Array(buffer.length * 2);
        grown.set(buffer);
        buffer = grown;
      }
      buffer[length++] = key;
      buffer[length++] = at;
    },
    taken: () => buffer.slice(0, length),
  };
}
const receipts = receiptLog();
const metricReceipts = receiptLog();

function open(init: ViewersInit): void {
  for (let socketIndex = 0; socketIndex < init.tokens.length; socketIndex++) {
    const client = createClient({
      url: init.url,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${init.tokens[socketIndex]!}` },
      lazy: false,
      retryAttempts: 0,
      // A socket that fails to connect (e.g. 4408: the gateway did not acknowledge in time) fails its subscriptions, which are retried.
      onNonLazyError: () => undefined,
      on: {
        closed: (event) => phase === 'measuring' && errors.push(`socket ${init.firstSocket + socketIndex} closed: ${(event as { code?: number }).code ?? ''}`),
      },
    });
    clients.push(client);
    const count = Math.min(init.perSocket, init.subscriptions - socketIndex * init.perSocket);
    for (let n = 0; n < count; n++) {
      const me: Subscriber = { live: false, received: 0, lastEpoch: -1, metricPoints: 0 };
      subscribers.push(me);
      /**
       * Subscribe; a subscription refused or ended before measuring begins (e.g. an overloaded
       * subgraph answering 500 while hundreds of viewers arrive at once) is opened again, at most
       * SETUP_RETRIES times, as a console would; during the measured window every end is an error;
       * after it (the bench closes its clients, which completes their subscriptions) none counts.
       */
      const follow = (query: string, variables: Record<string, unknown>, onData: (data: Record<string, unknown>) => void, attempt = 0): void => {
        let ended = false;
        let lastErrors: Array<{ message?: string; extensions?: { code?: unknown } }> | undefined;
        const again = (ending: string) => {
          if (ended) return;
          ended = true;
          const why = endReason(ending, lastErrors);
          const meaning = subscriptionEnd(phase, attempt);
          if (meaning === 'retry') {
            setupRetries.count += 1;
            setupRetries.last = why;
            setTimeout(() => phase === 'setup' && follow(query, variables, onData, attempt + 1), 1000);
          } else if (meaning === 'error') errors.push(why);
        };
        client.subscribe(
          { query, variables },
          {
            next: (result) => {
              // An event that failed leaves the subscription open (it ends with error or complete): never a second one beside it.
              if (result.errors) {
                lastErrors = result.errors as typeof lastErrors;
                if (phase === 'measuring') errors.push(JSON.stringify(result.errors).slice(0, 200));
                else if (phase === 'setup') setupErrors += 1;
              }
              if (result.data) onData(result.data);
            },
            error: (error: unknown) =>
              again(error instanceof Error ? error.message : `closed ${(error as { code?: number }).code ?? JSON.stringify(error).slice(0, 200)}`),
            complete: () => again('the subscription completed'),
          },
        );
      };
      follow(init.updated, { id: init.jobId }, (data) => {
        const update = data.trainingJobUpdated as { epoch: number } | null;
        // A refused or failed event (its errors are counted in `next`) carries no job.
        if (!update) return;
        const at = machineClock();
        me.live = true;
        lastEventAt = at;
        if (phase !== 'measuring' || update.epoch < 1) return;
        me.received += 1;
        me.lastEpoch = Math.max(me.lastEpoch, update.epoch);
        receipts.add(update.epoch, at);
      });
      if (init.metrics)
        follow(init.metrics, { jobId: init.jobId }, (data) => {
          if (phase !== 'measuring') return;
          const at = machineClock();
          for (const point of (data.trainingJobMetrics as { points: Array<{ step: number }> } | null)?.points ?? []) {
            me.metricPoints += 1;
            metricReceipts.add(point.step, at);
          }
        });
    }
  }
}

const sum = (pick: (s: Subscriber) => number) => subscribers.reduce((n, s) => n + pick(s), 0);

answerParent<ViewersAsk>({}, (question): number | RunPhase | ViewersStatus | ViewersCollected => {
  switch (question.type) {
    case 'init':
      open(question.init);
      return subscribers.length;
    case 'phase':
      return (phase = question.phase);
    case 'status':
      return {
        live: subscribers.filter((s) => s.live).length,
        received: sum((s) => s.received),
        metricPoints: sum((s) => s.metricPoints),
        lastEventAt,
        setupErrors,
      };
    case 'collect':
      return {
        received: sum((s) => s.received),
        metricPoints: sum((s) => s.metricPoints),
        sawLast: subscribers.filter((s) => s.lastEpoch === question.lastEpoch).length,
        receipts: receipts.taken(),
        metricReceipts: metricReceipts.taken(),
        setupRetries: { ...setupRetries },
        errors: [...errors],
      };
  }
});

// The bench is done with this process: the subscriptions its sockets end now count as nothing.
stopWithParent(async () => {
  phase = 'done';
  await Promise.all(clients.map((client) => client.dispose()));
});
