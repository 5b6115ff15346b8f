/**
 * Subscription budgets (decisions.md #31): what one WebSocket and one user may hold open at once.
 *  - subscriptions: client subscriptions served;
 *  - documents: distinct selections (document with its variables, the subscribed id left out) —
 *    each costs one query per event of the job it watches;
 *  - upstreams: distinct upstream subscriptions (one gateway→subgraph socket each).
 * A subscription over any cap is refused with TOO_MANY_SUBSCRIPTIONS before anything is opened;
 * `extensions` name the `limit`, the `scope` (socket or user) and the `max`. 0 = no cap.
 */
import type { GraphQLError } from 'graphql';
import { appError } from '../lib/errors';

export interface BudgetCaps {
  subscriptions: number;
  documents: number;
  upstreams: number;
}

export interface SubscriptionBudget {
  socket: BudgetCaps;
  user: BudgetCaps;
}

/** What one subscription uses: its selection and its upstream. */
export interface BudgetEntry {
  documentKey: string;
  upstreamKey: string;
}

interface Usage {
  subscriptions: number;
  documents: Map<string, number>;
  upstreams: Map<string, number>;
}

const LIMIT_NAMES: Record<keyof BudgetCaps, string> = {
  subscriptions: 'active subscriptions',
  documents: 'distinct subscription documents',
  upstreams: 'subscribed objects (upstream subscriptions)',
};

const increment = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
const decrement = (map: Map<string, number>, key: string) => {
  const left = (map.get(key) ?? 0) - 1;
  if (left > 0) map.set(key, left);
  else map.delete(key);
};

export function createBudgetLedger(budget: SubscriptionBudget) {
  const usage = new Map<string, Usage>();
  const usageOf = (scope: string): Usage => usage.get(scope) ?? { subscriptions: 0, documents: new Map(), upstreams: new Map() };

  function overCap(scope: 'socket' | 'user', scopeKey: string, entry: BudgetEntry): GraphQLError | null {
    const caps = budget[scope];
    const used = usageOf(scopeKey);
    const after: BudgetCaps = {
      subscriptions: used.subscriptions + 1,
      documents: used.documents.size + (used.documents.has(entry.documentKey) ? 0 : 1),
      upstreams: used.upstreams.size + (used.upstreams.has(entry.upstreamKey) ? 0 : 1),
    };
    for (const limit of ['subscriptions', 'documents', 'upstreams'] as const) {
      const max = caps[limit];
      if (max > 0 && after[limit] > max) {
        const whose = scope === 'socket' ? 'this connection' : 'your account';
        return appError('TOO_MANY_SUBSCRIPTIONS', `Too many ${LIMIT_NAMES[limit]} on ${whose} (at most ${max}); end one before subscribing again.`, {
          limit,
          scope,
          max,
        });
      }
    }
    return null;
  }

  /** The refusal for a new subscription of `socketKey`/`userKey` using `entry`, or null when it fits. */
  function check(socketKey: string, userKey: string, entry: BudgetEntry): GraphQLError | null {
    return overCap('socket', `socket:${socketKey}`, entry) ?? overCap('user', `user:${userKey}`, entry);
  }

  /** Count `entry` for both scopes; the returned function releases it (once). */
  function hold(socketKey: string, userKey: string, entry: BudgetEntry): () => void {
    const scopes = [`socket:${socketKey}`, `user:${userKey}`];
    for (const scope of scopes) {
      const used = usageOf(scope);
      used.subscriptions += 1;
      increment(used.documents, entry.documentKey);
      increment(used.upstreams, entry.upstreamKey);
      usage.set(scope, used);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const scope of scopes) {
        const used = usageOf(scope);
        used.subscriptions -= 1;
        decrement(used.documents, entry.documentKey);
        decrement(used.upstreams, entry.upstreamKey);
        if (used.subscriptions <= 0) usage.delete(scope);
      }
    };
  }

  return {
    check,
    hold,
    get scopes() {
      return usage.size;
    },
  };
}

export type BudgetLedger = ReturnType<typeof createBudgetLedger>;
