/**
 * The subscription bridge (decisions.md #19). @apollo/gateway refuses subscriptions, so
 * the gateway subscribes to the owning subgraph itself over graphql-ws, asking only for the
 * entity's identity, and resolves each client's full selection through its normal query path.
 *
 * Sharing, and why the keys are what they are:
 *  - Upstream key = subgraph + reduced document + variables + viewer key. The subgraph authorizes
 *    the upstream subscription with the caller's token (and may refuse it with FORBIDDEN or
 *    NOT_FOUND), so two viewers must not ride on one upstream: viewer B would be let in on A's
 *    authorization, and A's refusal would be sent to B. Identical subscriptions of one viewer
 *    (tabs, components) share one upstream, refcounted, closed when the last one leaves.
 *  - Execution key = document + variables + viewer key. What an event resolves to depends on all
 *    three: the selection, its variables, and what the viewer may see (the platform shows a job's
 *    owner their own jobs, the Labeler hides private datasets per user). One event costs one query
 *    per distinct key, never one per subscriber.
 *  - Viewer key = user id + role: the role is in it so that a role change (new token) does not
 *    share results computed under the old role.
 * Budgets (subscription-budget.ts): each subscription counts against its WebSocket and its user
 * (subscriptions, distinct selections, upstreams) until it ends; over a cap it is refused before
 * an upstream is opened.
 * Events are handled in order per upstream; on every event the viewer's token is re-checked and
 * the account's current role read (lib/account-status.ts): a listener whose role changed is ended.
 */
import { createClient, type Client } from 'graphql-ws';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import WebSocket from 'ws';
import type { AuthUser } from '../lib/auth';
import { appError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { createPushIterator, type PushIterator } from './push-iterator';
import { createBudgetLedger, type BudgetEntry, type SubscriptionBudget } from './subscription-budget';
import type { GraphQLRequestText, SubscriptionPlan } from './subscription-plan';

export interface Viewer {
  user: AuthUser;
  /** The `Authorization` value the client sent (`Bearer …`), forwarded to subgraphs. */
  authorization: string;
  requestId: string;
}

export interface BridgeStats {
  /** Upstream subscriptions opened since start. */
  upstreamOpened: number;
  /** Upstream subscriptions open now. */
  activeUpstreams: number;
  /** Upstream sockets acknowledged by a subgraph since start (tests wait on it before causing events). */
  upstreamConnections: number;
  /** Client subscriptions served now. */
  activeSubscribers: number;
  /** Events received from subgraphs. */
  upstreamEvents: number;
  /** Queries run to resolve events (one per distinct execution key per event). */
  eventExecutions: number;
}

export interface BridgeDeps {
  /** graphql-ws URL of a subgraph, by name. */
  subgraphWsUrl(subgraph: string): string | undefined;
  /** Run a query through the gateway's query path as `viewer`. */
  execute(request: GraphQLRequestText, viewer: Viewer): Promise<ExecutionResult>;
  /** Re-verify a viewer's token and read the account's current role (throws when expired, invalid or deactivated). */
  verify(authorization: string): Promise<AuthUser>;
  /** Caps per WebSocket and per user; none when absent. */
  budget?: SubscriptionBudget;
  log: Logger;
}

const NO_BUDGET: SubscriptionBudget = {
  socket: { subscriptions: 0, documents: 0, upstreams: 0 },
  user: { subscriptions: 0, documents: 0, upstreams: 0 },
};

interface Listener {
  plan: SubscriptionPlan;
  viewer: Viewer;
  execKey: string;
  sink: PushIterator<ExecutionResult>;
}

interface Upstream {
  key: string;
  plan: SubscriptionPlan;
  listeners: Set<Listener>;
  client: Client;
  unsubscribe: () => void;
  /** Events are handled one after another so clients see them in order. */
  queue: Promise<void>;
  closed: boolean;
}

/** JSON with sorted keys, so `{a,b}` and `{b,a}` share a key. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export const viewerKey = (user: AuthUser) => `${user.id}/${user.role}`;

/** Formatted errors (from Apollo or a subgraph) back to GraphQLError, which graphql-ws serialises. */
export function toGraphQLErrors(errors: readonly (GraphQLFormattedError | GraphQLError)[] | undefined): GraphQLError[] | undefined {
  if (!errors || errors.length === 0) return undefined;
  return errors.map((e) => (e instanceof GraphQLError ? e : new GraphQLError(e.message, { path: e.path, extensions: e.extensions })));
}

/** graphql-ws reports a refused or dropped socket as a CloseEvent, not an Error. */
const describeFailure = (error: unknown): string => {
  if (error instanceof Error) return error.message;
  if (error && typeof error === 'object' && 'code' in error)
    return `socket closed (${String((error as { code: unknown }).code)} ${String((error as { reason?: unknown }).reason ?? '')})`;
  return String(error);
};

export function createSubscriptionBridge(deps: BridgeDeps) {
  const upstreams = new Map<string, Upstream>();
  /** Replaying streams (`plan.replays`) get an upstream of their own each. */
  let replaying = 0;
  const stats: BridgeStats = { upstreamOpened: 0, activeUpstreams: 0, upstreamConnections: 0, activeSubscribers: 0, upstreamEvents: 0, eventExecutions: 0 };
  const ledger = createBudgetLedger(deps.budget ?? NO_BUDGET);

  /** `replay` numbers a replaying stream's own upstream (0: a shared one). */
  const upstreamKeyOf = (plan: SubscriptionPlan, owner: string, viewer: Viewer, replay = 0) =>
    `${owner}|${plan.upstream.query}|${stableStringify(plan.upstream.variables)}|${viewerKey(viewer.user)}${replay ? `|replay ${replay}` : ''}`;

  /** What a subscription costs in the budgets: its selection (without the subscribed id) and its upstream. */
  const budgetEntry = (
    plan: SubscriptionPlan,
    owner: string,
    viewer: Viewer,
    document: string,
    variables: Record<string, unknown>,
    replay = 0,
  ): BudgetEntry => ({
    documentKey: plan.event ? `${plan.fieldKey}|${plan.event.query}|${stableStringify(plan.event.variables)}` : `${document}|${stableStringify(variables)}`,
    upstreamKey: upstreamKeyOf(plan, owner, viewer, replay),
  });

  /**
   * Whether `viewer` (same user and role) already has this upstream open: it was checked when it
   * opened, so a subscription joining it needs no existence check.
   */
  const sharesUpstream = (plan: SubscriptionPlan, owner: string, viewer: Viewer): boolean => upstreams.has(upstreamKeyOf(plan, owner, viewer));

  /** The refusal a new subscription would get from the budgets of `socket` and the viewer (nothing is held). */
  function overBudget(
    plan: SubscriptionPlan,
    owner: string,
    viewer: Viewer,
    socket: string,
    document: string,
    variables: Record<string, unknown>,
  ): GraphQLError | null {
    return ledger.check(socket, viewer.user.id, budgetEntry(plan, owner, viewer, document, variables));
  }

  /** Stop new subscribers from joining `upstream` (it is ending). */
  function forget(upstream: Upstream): void {
    if (upstreams.get(upstream.key) === upstream) upstreams.delete(upstream.key);
    stats.activeUpstreams = upstreams.size;
  }

  function closeUpstream(upstream: Upstream): void {
    forget(upstream);
    if (upstream.closed) return;
    upstream.closed = true;
    upstream.unsubscribe();
    void upstream.client.dispose();
  }

  function endAll(upstream: Upstream, finalResult?: ExecutionResult): void {
    for (const listener of [...upstream.listeners]) {
      if (finalResult) listener.sink.push(finalResult);
      listener.sink.end();
    }
  }

  /**
   * Listeners whose token still verifies and whose account still has the role it subscribed
   * with. The others are ended: UNAUTHENTICATED for a bad token or a deactivated account,
   * FORBIDDEN after a role change (what the new role may see is decided by subscribing again).
   */
  async function stillAuthenticated(group: Listener[]): Promise<Listener[]> {
    const valid: Listener[] = [];
    const end = (listener: Listener, error: GraphQLError) => {
      listener.sink.push({ errors: [error] });
      listener.sink.end();
    };
    for (const listener of group) {
      let current: AuthUser;
      try {
        current = await deps.verify(listener.viewer.authorization);
      } catch (error) {
        end(listener, appError('UNAUTHENTICATED', `${error instanceof Error ? error.message : 'Token is invalid.'} Reconnect with a new token.`));
        continue;
      }
      if (viewerKey(current) === viewerKey(listener.viewer.user)) valid.push(listener);
      else end(listener, appError('FORBIDDEN', 'Your role has changed since you subscribed; subscribe again.'));
    }
    return valid;
  }

  /** One query for a group of listeners sharing an execution key (same selection, variables, viewer). */
  async function resolveFor(group: Listener[], entityId: string, eventNumber: number): Promise<void> {
    const valid = await stillAuthenticated(group);
    const [first] = valid;
    const event = first?.plan.event;
    if (!first || !event) return;
    stats.eventExecutions += 1;
    const variables = { ...event.variables, [event.idVariable]: entityId };
    let payload: ExecutionResult;
    try {
      const executed = await deps.execute({ query: event.query, variables }, { ...first.viewer, requestId: `${first.viewer.requestId}:${eventNumber}` });
      payload = { data: executed.data ?? null, errors: toGraphQLErrors(executed.errors) };
      if (payload.data && payload.data[first.plan.responseKey] === null && !payload.errors) {
        payload = { data: null, errors: [appError('NOT_FOUND', `${event.typeName} ${entityId} is not visible to you.`)] };
      }
    } catch (error) {
      deps.log.error({ err: error, requestId: first.viewer.requestId }, 'subscription event execution failed');
      payload = { data: null, errors: [appError('INTERNAL_SERVER_ERROR', 'Could not resolve this event.')] };
    }
    for (const listener of valid) listener.sink.push(payload);
  }

  /** Resolve one event for every listener: one execution per distinct execution key. */
  async function deliver(upstream: Upstream, result: FormattedExecutionResult<Record<string, unknown>, unknown>): Promise<void> {
    stats.upstreamEvents += 1;
    // Every listener of an upstream has the same root field and mode: both are part of the upstream key.
    const { plan } = upstream;
    const entity = (result.data as Record<string, { id?: unknown } | null> | null | undefined)?.[plan.fieldName];
    if (!plan.event || !entity || typeof entity.id !== 'string') {
      // Pass-through mode, or the subgraph sent errors (FORBIDDEN, NOT_FOUND): checked like any event.
      const forwarded: ExecutionResult = { data: (result.data as ExecutionResult['data']) ?? null, errors: toGraphQLErrors(result.errors) };
      for (const listener of await stillAuthenticated([...upstream.listeners])) listener.sink.push(forwarded);
      return;
    }
    const groups = new Map<string, Listener[]>();
    for (const listener of upstream.listeners) groups.set(listener.execKey, [...(groups.get(listener.execKey) ?? []), listener]);
    const eventNumber = stats.upstreamEvents;
    await Promise.all([...groups.values()].map((group) => resolveFor(group, entity.id as string, eventNumber)));
  }

  function openUpstream(key: string, plan: SubscriptionPlan, owner: string, url: string, viewer: Viewer): Upstream {
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: viewer.authorization, 'X-Request-ID': viewer.requestId },
      lazy: true,
      retryAttempts: plan.replays ? 0 : 3,
      on: { connected: () => void (stats.upstreamConnections += 1) },
    });
    const upstream: Upstream = { key, plan, listeners: new Set(), client, unsubscribe: () => undefined, queue: Promise.resolve(), closed: false };
    const enqueue = (task: () => Promise<void> | void) => {
      upstream.queue = upstream.queue.then(task).catch((error: unknown) => deps.log.error({ err: error }, 'subscription bridge task failed'));
    };
    upstream.unsubscribe = client.subscribe(plan.upstream, {
      next: (result) => enqueue(() => deliver(upstream, result)),
      error: (error) => {
        deps.log.warn({ subgraph: owner, requestId: viewer.requestId, reason: describeFailure(error) }, 'upstream subscription failed');
        forget(upstream);
        enqueue(() => {
          closeUpstream(upstream);
          endAll(upstream, { errors: [appError('UPSTREAM_UNAVAILABLE', `The ${owner} service closed the subscription; subscribe again.`)] });
        });
      },
      complete: () => {
        forget(upstream);
        enqueue(() => {
          closeUpstream(upstream);
          endAll(upstream);
        });
      },
    });
    stats.upstreamOpened += 1;
    upstreams.set(key, upstream);
    stats.activeUpstreams = upstreams.size;
    return upstream;
  }

  /**
   * Subscribe `viewer` to `plan`. `document` is the client's operation text (with its name),
   * part of the execution key; `socket` identifies the client's WebSocket (its budget). Errors that
   * prevent subscribing (a budget exceeded included) come back as GraphQLErrors, with nothing opened.
   */
  function subscribe(
    plan: SubscriptionPlan,
    owner: string,
    viewer: Viewer,
    document: string,
    variables: Record<string, unknown>,
    socket: string,
  ): AsyncIterableIterator<ExecutionResult> | GraphQLError[] {
    const url = deps.subgraphWsUrl(owner);
    if (!url) return [appError('UPSTREAM_UNAVAILABLE', `No WebSocket endpoint is configured for the ${owner} subgraph.`)];
    const entry = budgetEntry(plan, owner, viewer, document, variables, plan.replays ? ++replaying : 0);
    const refusal = ledger.check(socket, viewer.user.id, entry);
    if (refusal) return [refusal];
    const release = ledger.hold(socket, viewer.user.id, entry);
    const vKey = viewerKey(viewer.user);
    const key = entry.upstreamKey;
    const upstream = upstreams.get(key) ?? openUpstream(key, plan, owner, url, viewer);
    const listener: Listener = {
      plan,
      viewer,
      execKey: `${vKey}|${document}|${stableStringify(variables)}`,
      sink: createPushIterator<ExecutionResult>(() => {
        release();
        upstream.listeners.delete(listener);
        stats.activeSubscribers -= 1;
        if (upstream.listeners.size === 0) closeUpstream(upstream);
      }),
    };
    upstream.listeners.add(listener);
    stats.activeSubscribers += 1;
    return listener.sink.iterator;
  }

  async function close(): Promise<void> {
    for (const upstream of [...upstreams.values()]) {
      endAll(upstream);
      closeUpstream(upstream);
    }
  }

  return { subscribe, overBudget, sharesUpstream, close, stats: stats as Readonly<BridgeStats> };
}

export type SubscriptionBridge = ReturnType<typeof createSubscriptionBridge>;
