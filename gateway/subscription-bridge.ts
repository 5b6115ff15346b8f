/**
 * The subscription bridge (decisions.md #19). @apollo/gateway refuses subscriptions, so
 * the gateway subscribes to the owning subgraph itself over graphql-ws, asking only for the
 * entity's identity, and resolves each client's full selection through its normal query path.
 *
 * Sharing (`SUBSCRIPTION_SHARING=shared`, the default):
 *  - Upstream key = subgraph + reduced document + variables. The upstream asks only for
 *    `{ __typename id }` and is opened with the gateway's service token (lib/auth.ts
 *    `signServiceToken`), so however many viewers watch one job there is one upstream for it.
 *  - Delta streams (`plan.feed`, decisions.md #68) share a feed: one upstream per (subgraph, document,
 *    variables but `after`), with the service identity, whose frames go to every subscriber as they
 *    are and whose last items are kept, so a subscriber whose cursor is among them joins with the
 *    items after it; one behind or ahead replays on an upstream of its own until the feed holds its
 *    cursor, then moves over. Other replaying streams (`plan.replays`) and pass-through streams (whose
 *    upstream payload is what the client receives) keep one upstream per subscription or per viewer,
 *    with the viewer's token.
 *  - Access: the existence check (`plan.check`, run as the viewer) admits a viewer; before an event
 *    reaches a listener its token and current role are re-read (lib/account-status.ts, within the
 *    account-status TTL: role change → FORBIDDEN, deactivation → UNAUTHENTICATED) and, once its last
 *    check is older than `accessRecheckMs`, the check runs again as that viewer (membership removed,
 *    job moved → NOT_FOUND); a refused listener is ended.
 *  - Execution key = document + variables + visibility class. The class is the role when the
 *    selection reads only the entity's own fields (`EntityEventQuery.roleShared`), otherwise the
 *    user and role (an owner, a dataset the Labeler shows per user…). One event costs one query per
 *    distinct key, never one per subscriber; a shared result that comes back "not visible" is
 *    resolved again per viewer, so one viewer's lost access never blanks another's event.
 *  - State per event: an upstream event carrying `extensions.revision` (the platform's job
 *    revisions, decisions.md #46) is resolved as of that revision, so each event shows the state
 *    its own change left, however late or concurrently its query runs; delivery keeps the upstream's order.
 * `SUBSCRIPTION_SHARING=per-viewer` keeps one upstream per viewer (authorized by the subgraph with
 * the viewer's token) and one execution per viewer and selection, for comparison.
 * Viewer key = user id + role: the role is in it so that a role change does not share results computed
 * under the old role.
 * Budgets (subscription-budget.ts): each subscription counts against its WebSocket and its user
 * (subscriptions, distinct selections, upstreams it holds, a shared one counting for each user on it)
 * until it ends; over a cap it is refused before an upstream is opened.
 * Delivery: an event's payload is serialised once and the same bytes are written to the socket of
 * each of its listeners as a `next` frame (`EventWriter`, ws-server.ts); graphql-ws only holds a
 * stream that finishes when the bridge ends the subscription (subscription-stream.ts).
 * Slow clients: a listener may have at most `maxBufferedEvents` of its frames not yet taken by its
 * socket; one more ends its socket with 4413 (`CLOSE_SLOW_CONSUMER`) instead of holding memory for it,
 * and no other listener waits for it (a write never waits for the client).
 */
import { stableStringify } from '../lib/stable-json';
import { createClient, type Client } from 'graphql-ws';
import { GraphQLError, type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import WebSocket from 'ws';
import { decodeJwt } from 'jose';
import { bearerToken, type AuthUser } from '../lib/auth';
import { appError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { createSubscriptionStream, type SubscriptionStream } from './subscription-stream';
import { createBudgetLedger, type BudgetEntry, type SubscriptionBudget } from './subscription-budget';
import type { DeltaFeedPlan, GraphQLRequestText, SubscriptionPlan } from './subscription-plan';

export interface Viewer {
  user: AuthUser;
  /** Ends the viewer's socket with a close code (a slow consumer); absent for internal callers. */
  closeSocket?: (code: number, reason: string) => void;
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
  /** Access checks re-run for viewers of shared upstreams. */
  accessRechecks: number;
  /** Access changes applied (the users service's stream: one account's, or everyone's after a reconnect). */
  accessChanges: number;
  /** Listeners ended because their client did not read its events. */
  slowConsumersClosed: number;
  /** Events not delivered to those listeners (the frames their sockets still held when they were closed). */
  eventsDropped: number;
  /** Delta-stream subscriptions that joined a shared feed (when they subscribed, or once their own replay reached it). */
  feedJoins: number;
}

/** `shared`: one upstream per (subgraph, job) with the service identity; `per-viewer`: one per viewer. */
export type SubscriptionSharing = 'shared' | 'per-viewer';

/** Close code for a client that stopped reading and overflowed its subscription buffer. */
/** Not one of graphql-ws's own codes (4408 is its initialisation timeout); its client reconnects on it. */
export const CLOSE_SLOW_CONSUMER = 4413;

/** How the bridge runs an event's query: `subscriptionEvent` (subgraphs may answer from short-lived caches), and the upstream event's revision. */
export interface EventExecution {
  subscriptionEvent?: boolean;
  /** The revision the upstream event carried (`extensions.revision`): the entity's own fields are read as of it. */
  eventRevision?: string;
}

export interface BridgeDeps {
  /** graphql-ws URL of a subgraph, by name. */
  subgraphWsUrl(subgraph: string): string | undefined;
  /** Run a query through the gateway's query path as `viewer`. */
  /** `options`: the query resolves an upstream event (EventExecution). */
  execute(request: GraphQLRequestText, viewer: Viewer, options?: EventExecution): Promise<ExecutionResult>;
  /** Re-verify a viewer's token and read the account's current role (throws when expired, invalid or deactivated). */
  verify(authorization: string): Promise<AuthUser>;
  /** Caps per WebSocket and per user; none when absent. */
  budget?: SubscriptionBudget;
  /** Default `shared` (needs `serviceAuthorization`; without it upstreams stay per viewer). */
  sharing?: SubscriptionSharing;
  /** `Bearer <service token>` for shared upstreams (called on every upstream (re)connect). */
  serviceAuthorization?: () => Promise<string>;
  /**
   * How old a viewer's access check on a shared upstream may get before an event re-runs it (ms); a
   * function when that depends on the moment (longer while the access-change stream is live, whose
   * changes reach `accessChanged`).
   */
  accessRecheckMs?: number | (() => number);
  /** Frames of one listener its socket may hold unsent before the socket is closed as a slow consumer (0: unbounded). */
  maxBufferedEvents?: number;
  /** Called once per upstream event with the number of queries it took to resolve (gateway metrics). */
  onEventResolved?: (executions: number) => void;
  log: Logger;
}

const NO_BUDGET: SubscriptionBudget = {
  socket: { subscriptions: 0, documents: 0, upstreams: 0 },
  user: { subscriptions: 0, documents: 0, upstreams: 0 },
};

/** Where a listener's events go: straight to its client's socket (ws-server.ts `eventWriter`). */
export interface EventWriter {
  /**
   * Send one `next` frame carrying `payload` (the event's serialised ExecutionResult, the same bytes
   * for every listener of the event); returns how many of this subscription's frames the socket has
   * not yet handed to the operating system.
   */
  write(payload: Buffer): number;
}

/** An event's payload as it goes on the wire (graphql-ws's `next` payload: `data`, `errors` when any). */
const serialize = (payload: ExecutionResult): Buffer => Buffer.from(JSON.stringify(payload));

interface Listener {
  plan: SubscriptionPlan;
  /** The upstream it takes its events from now (a delta-stream subscription moves onto its feed once it has caught up). */
  home: Upstream;
  /** A delta-stream subscription: its feed's upstream key, and the cursor of the last item it was sent. */
  feedKey?: string;
  cursor?: string | null;
  /** When its own upstream (authorised by the subgraph as the viewer) last sent it a frame. */
  ownFrameAt?: number;
  /** Its place in the order in which listeners joined feeds (a frame under way reaches the ones that joined meanwhile). */
  joinSeq: number;
  viewer: Viewer;
  execKey: string;
  writer: EventWriter;
  /** What graphql-ws holds; ending it completes the subscription. */
  stream: SubscriptionStream;
  /** When its access to the subscribed entity was last checked (shared upstreams). */
  checkedAt: number;
  /** Until when its token and account state need no verifying again (see AUTH_REUSE_MS). */
  authenticatedUntil: number;
  /** Its token's `exp` in ms (a verification never counts past it). */
  tokenExpiresAt: number;
}

/**
 * How long a listener's verified token and account state stand before an event verifies them again
 * (never past the token's expiry; a change of the account reported by the access-change stream ends
 * it at once). Without it, every event verified every listener: 25,000 lookups a second for 500 viewers at 50 events/s.
 */
const AUTH_REUSE_MS = 1000;

/** The `exp` claim of an already verified JWT, in ms (0 when it cannot be read: verified on every event). */
function tokenExpiry(authorization: string): number {
  try {
    const { exp } = decodeJwt(bearerToken(authorization) ?? '');
    return typeof exp === 'number' ? exp * 1000 : 0;
  } catch {
    return 0;
  }
}

/** One event's payload for some listeners, and whether it ends them. */
interface Delivery {
  listeners: readonly Listener[];
  payload: ExecutionResult;
  end: boolean;
}

/** What a re-run access check answered, and when it started (a pass counts from then). */
interface Recheck {
  startedAt: number;
  refusal: ExecutionResult | null;
}

/**
 * What a shared delta-stream upstream keeps of its frames (decisions.md #68): the last items, their
 * cursors, and the cursor before the first of them, so that a subscriber whose cursor is among them
 * joins with the items after it, and nothing is sent twice or missed.
 */
interface FeedBuffer {
  plan: DeltaFeedPlan;
  /** The cursor just before `cursors[0]` (the upstream's own `after` until items are dropped; null: the start). */
  base: string | null;
  items: unknown[];
  cursors: string[];
  /** Each item's share of its frame's size on the wire, and their sum. */
  sizes: number[];
  bytes: number;
  /** Index in `items` of each cursor held, offset by `dropped`. */
  positions: Map<string, number>;
  dropped: number;
  /** The last frame's `data` (the template of a catch-up frame: the subject's id, `__typename`s). */
  latest: Record<string, unknown> | null;
  /** The most items one frame of the subgraph carried: catch-up frames are no bigger. */
  largestFrame: number;
}

interface Upstream {
  key: string;
  plan: SubscriptionPlan;
  /** A shared delta-stream feed's frames (absent on every other upstream). */
  feed?: FeedBuffer;
  /** Opened with the service identity: each listener's access is the bridge's to check. */
  shared: boolean;
  listeners: Set<Listener>;
  /** Per viewer key: when its access to this upstream's entity was last checked and passed. */
  checked: Map<string, number>;
  /** Per viewer key: the access check running now (one per viewer, shared by its listeners). */
  rechecks: Map<string, Promise<Recheck>>;
  client: Client;
  unsubscribe: () => void;
  /** Events are handled one after another so clients see them in order. */
  queue: Promise<void>;
  closed: boolean;
}

/** One upstream event: the entity it is about, its number (request ids), the revision it carried. */
interface UpstreamEvent {
  entityId: string;
  number: number;
  revision?: string;
}

/** Queries one upstream event has cost so far. */
interface EventTally {
  executions: number;
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

/**
 * Run the plan's existence check as the viewer: the refusal to answer when the subscribed job
 * does not exist or is not visible (the check's own errors, NOT_FOUND when it is simply null).
 */
export async function existenceRefusal(execute: BridgeDeps['execute'], log: Logger, plan: SubscriptionPlan, viewer: Viewer): Promise<ExecutionResult | null> {
  const { check } = plan;
  if (!check) return null;
  let result: ExecutionResult;
  try {
    result = await execute(check, viewer);
  } catch (error) {
    log.error({ err: error, requestId: viewer.requestId }, 'subscription existence check failed');
    return { data: null, errors: [appError('INTERNAL_SERVER_ERROR', 'Could not check this subscription; try again.')] };
  }
  const errors = toGraphQLErrors(result.errors);
  if (errors) return { data: null, errors };
  if (result.data?.[check.responseKey]) return null;
  return {
    data: null,
    errors: [appError('NOT_FOUND', `${spokenTypeName(check.typeName)} ${String(check.variables.id)} does not exist.`, { id: check.variables.id })],
  };
}

/** `TrainingJob` → `Training job`: the words the subgraphs' own NOT_FOUND messages use for the type. */
export const spokenTypeName = (typeName: string) => typeName.replace(/(?<=[a-z0-9])([A-Z])/g, (letter: string) => ` ${letter.toLowerCase()}`);

const isNotVisible = (payload: ExecutionResult) => payload.errors?.length === 1 && payload.errors[0]?.extensions.code === 'NOT_FOUND';

/** A check that could not answer (the subgraph failed): not a verdict on the viewer's access. */
const isCheckFailure = (refusal: ExecutionResult) =>
  refusal.errors?.some((e) => ['INTERNAL_SERVER_ERROR', 'UPSTREAM_UNAVAILABLE'].includes(String(e.extensions.code))) ?? false;

/**
 * Once a viewer's access check is older than this share of `accessRecheckMs`, an event starts the
 * next one in the background, so that events rarely wait for a check (decisions.md, shared bridge costs).
 */
const REFRESH_AT = 0.6;
/** Access checks running at once, over all upstreams (each is a query through a subgraph's small User DB pools). */
const RECHECK_CONCURRENCY = 8;
/** Events being resolved at once, over all upstreams (their deliveries keep each upstream's order). */
const EVENTS_IN_FLIGHT = 16;
/**
 * Items a delta feed keeps (between this and twice this): a subscriber whose cursor is among them joins
 * it. Twenty seconds of a run reporting 50 points a second, or a full frame of the subgraph's.
 */
const FEED_KEEP = 1000;
/** And bytes (as they came on the wire; between this and twice this): 100 log lines of the longest kind. */
const FEED_KEEP_BYTES = 1024 * 1024;
/** A feed's `base` after a frame it could not keep: no subscriber's cursor equals it. */
const INVALID_CURSOR = '\u0000';

/** Runs `task`s at most `limit` at a time, in the order they came. */
function createLimiter(limit: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      running -= 1;
      waiting.shift()?.();
    }
  };
}

export function createSubscriptionBridge(deps: BridgeDeps) {
  const sharing: SubscriptionSharing = deps.sharing ?? 'shared';
  const configuredRecheck = deps.accessRecheckMs ?? 5000;
  const recheckAge = typeof configuredRecheck === 'number' ? () => configuredRecheck : configuredRecheck;
  /** When each user's (and every user's) access last changed: a check that started before it proves nothing. */
  const changedAt = new Map<string, number>();
  let allChangedAt = Number.NEGATIVE_INFINITY;
  const lastChange = (userId: string) => Math.max(changedAt.get(userId) ?? Number.NEGATIVE_INFINITY, allChangedAt);
  const upstreams = new Map<string, Upstream>();
  /** Replaying streams (`plan.replays`) get an upstream of their own each. */
  let replaying = 0;
  const stats: BridgeStats = {
    upstreamOpened: 0,
    activeUpstreams: 0,
    upstreamConnections: 0,
    activeSubscribers: 0,
    upstreamEvents: 0,
    eventExecutions: 0,
    accessRechecks: 0,
    accessChanges: 0,
    slowConsumersClosed: 0,
    eventsDropped: 0,
    feedJoins: 0,
  };
  /** Per feed key: delta-stream subscribers replaying on upstreams of their own until that feed holds their cursor. */
  const waiting = new Map<string, Set<Listener>>();
  let joins = 0;
  const ledger = createBudgetLedger(deps.budget ?? NO_BUDGET);
  const limitRechecks = createLimiter(RECHECK_CONCURRENCY);
  const limitEvents = createLimiter(EVENTS_IN_FLIGHT);

  /** Whether `plan` rides on an upstream shared by every viewer (only the entity's identity comes from it). */
  const sharedPlan = (plan: SubscriptionPlan) => sharing === 'shared' && !!deps.serviceAuthorization && !!plan.event && !plan.replays;

  /** Whether `plan` is a delta stream whose subscribers share one feed (decisions.md #68). */
  const feedPlan = (plan: SubscriptionPlan) => sharing === 'shared' && !!deps.serviceAuthorization && !!plan.feed;

  /** `replay` numbers a replaying stream's own upstream (0: a shared one, a delta feed's included). */
  const upstreamKeyOf = (plan: SubscriptionPlan, owner: string, viewer: Viewer, replay = 0) =>
    feedPlan(plan) && !replay
      ? `${owner}|feed|${plan.feed!.key}`
      : `${owner}|${plan.upstream.query}|${stableStringify(plan.upstream.variables)}|${sharedPlan(plan) ? 'service' : viewerKey(viewer.user)}${replay ? `|replay ${replay}` : ''}`;

  /** The execution key: the selection and its variables, and who it may be shared with (see the header). */
  const execKeyOf = (plan: SubscriptionPlan, viewer: Viewer, document: string, variables: Record<string, unknown>) => {
    const visibility = sharedPlan(plan) && plan.event?.roleShared ? `role ${viewer.user.role}` : viewerKey(viewer.user);
    return `${visibility}|${document}|${stableStringify(variables)}`;
  };

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
   * Whether `viewer` (same user and role) already holds a subscription on this upstream whose access
   * was checked recently: a subscription joining it needs no existence check of its own.
   */
  const sharesUpstream = (plan: SubscriptionPlan, owner: string, viewer: Viewer): boolean => {
    const upstream = upstreams.get(upstreamKeyOf(plan, owner, viewer));
    if (!upstream) return false;
    if (!upstream.shared) return true;
    return Date.now() - (upstream.checked.get(viewerKey(viewer.user)) ?? Number.NEGATIVE_INFINITY) < recheckAge();
  };

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
    const payload = finalResult && serialize(finalResult);
    for (const listener of [...upstream.listeners]) {
      if (payload) deliver(listener, payload, true);
      else listener.stream.end();
    }
  }

  /** Write `payload` to `listener`'s client (and complete it with `end`); a client that stopped reading is closed. */
  function deliver(listener: Listener, payload: Buffer, end: boolean): void {
    if (listener.stream.closed) return;
    const unwritten = listener.writer.write(payload);
    const bound = deps.maxBufferedEvents ?? 0;
    if (bound > 0 && unwritten > bound) {
      stats.slowConsumersClosed += 1;
      stats.eventsDropped += unwritten;
      listener.stream.end();
      const { viewer } = listener;
      deps.log.warn({ requestId: viewer.requestId, userId: viewer.user.id }, 'subscriber closed: it stopped reading its events');
      viewer.closeSocket?.(CLOSE_SLOW_CONSUMER, 'Slow consumer: too many undelivered subscription events');
    } else if (end) listener.stream.end();
  }

  /**
   * Listeners whose token still verifies and whose account still has the role it subscribed
   * with. The others are ended: UNAUTHENTICATED for a bad token or a deactivated account,
   * FORBIDDEN after a role change (what the new role may see is decided by subscribing again).
   * A listener verified less than AUTH_REUSE_MS ago (at most the account-status TTL; not since told of
   * a change) is not verified again.
   */
  async function stillAuthenticated(group: Listener[]): Promise<Listener[]> {
    const end = (listener: Listener, error: GraphQLError) => deliver(listener, serialize({ errors: [error] }), true);
    // One verification per token, all at once (the token and the account state are cached; an
    // expired account state costs one lookup per account, which the lookups of other accounts do not wait for).
    const verified = new Map<string, Promise<AuthUser | Error>>();
    const verify = (authorization: string) => {
      let result = verified.get(authorization);
      if (!result) {
        result = deps.verify(authorization).catch((error: unknown) => (error instanceof Error ? error : new Error('Token is invalid.')));
        verified.set(authorization, result);
      }
      return result;
    };
    const now = Date.now();
    // Never longer than an access check may get (0 there: every event verifies every listener).
    const authReuseMs = Math.min(AUTH_REUSE_MS, recheckAge());
    const due = group.filter((listener) => listener.authenticatedUntil <= now);
    const results = await Promise.all(due.map((listener) => verify(listener.viewer.authorization)));
    const ended = new Set<Listener>();
    due.forEach((listener, i) => {
      const current = results[i]!;
      if (current instanceof Error) end(listener, appError('UNAUTHENTICATED', `${current.message} Reconnect with a new token.`));
      else if (viewerKey(current) !== viewerKey(listener.viewer.user))
        end(listener, appError('FORBIDDEN', 'Your role has changed since you subscribed; subscribe again.'));
      else {
        // Not when the account changed while it was verified: that answer may predate the change.
        if (lastChange(listener.viewer.user.id) < now) listener.authenticatedUntil = Math.min(now + authReuseMs, listener.tokenExpiresAt);
        return;
      }
      ended.add(listener);
    });
    return ended.size === 0 ? group : group.filter((listener) => !ended.has(listener));
  }

  /**
   * Re-run `listener`'s access check on `upstream` (one at a time per viewer; at most
   * RECHECK_CONCURRENCY over the bridge). Its answer applies once to every listener of that viewer:
   * a pass renews their `checkedAt`; a refusal is pushed to them and ends them. A check that failed
   * (the subgraph could not answer) ends nobody here: an event waiting for it ends its stale listeners.
   */
  function recheck(upstream: Upstream, listener: Listener): Promise<Recheck> {
    const key = viewerKey(listener.viewer.user);
    let running = upstream.rechecks.get(key);
    if (!running) {
      stats.accessRechecks += 1;
      running = limitRechecks(async () => {
        const startedAt = Date.now();
        return { startedAt, refusal: await existenceRefusal(deps.execute, deps.log, listener.plan, listener.viewer) };
      })
        .then((answer) => {
          applyRecheck(upstream, key, answer);
          return answer;
        })
        .finally(() => {
          // accessChanged may have dropped it for a newer one meanwhile.
          if (upstream.rechecks.get(key) === running) upstream.rechecks.delete(key);
        });
      upstream.rechecks.set(key, running);
    }
    return running;
  }

  function applyRecheck(upstream: Upstream, key: string, { startedAt, refusal }: Recheck): void {
    if (refusal && isCheckFailure(refusal)) return;
    // A pass from before the viewer's access changed renews nothing (the next event checks again).
    if (!refusal && startedAt <= lastChange(key.slice(0, key.lastIndexOf('/')))) return;
    if (!refusal) upstream.checked.set(key, Math.max(upstream.checked.get(key) ?? 0, startedAt));
    else upstream.checked.delete(key);
    const payload = refusal && serialize(refusal);
    for (const listener of [...upstream.listeners]) {
      if (viewerKey(listener.viewer.user) !== key) continue;
      if (!payload) listener.checkedAt = Math.max(listener.checkedAt, startedAt);
      else deliver(listener, payload, true);
    }
  }

  /**
   * On a shared upstream, the listeners whose right to see the entity still holds. A check older
   * than `recheckMs` runs again as the viewer (once per viewer, all viewers at once) and the event
   * waits for it; one older than REFRESH_AT × `recheckMs` runs again in the background while the
   * event goes on. A refused listener gets the refusal and is ended.
   */
  async function stillAllowed(upstream: Upstream, group: Listener[]): Promise<Listener[]> {
    if (!upstream.shared) return group;
    const now = Date.now();
    const recheckMs = recheckAge();
    const allowed: Listener[] = [];
    const stale: Listener[] = [];
    const refreshing = new Set<string>();
    for (const listener of group) {
      const age = now - listener.checkedAt;
      if (age >= recheckMs) stale.push(listener);
      else {
        allowed.push(listener);
        const key = viewerKey(listener.viewer.user);
        if (age >= REFRESH_AT * recheckMs && !refreshing.has(key)) {
          refreshing.add(key);
          void recheck(upstream, listener).catch(() => undefined);
        }
      }
    }
    if (stale.length === 0) return allowed;
    const answers = await Promise.all(stale.map((listener) => recheck(upstream, listener)));
    stale.forEach((listener, i) => {
      const { refusal } = answers[i]!;
      // A pass renewed it; a refusal ended it (and took it off the upstream); a failed check ends it here.
      if (!upstream.listeners.has(listener)) return;
      if (!refusal) allowed.push(listener);
      else deliver(listener, serialize(refusal), true);
    });
    return allowed;
  }

  /** One query for a group of listeners sharing an execution key (same selection, variables, visibility class). */
  async function resolveFor(upstream: Upstream, group: Listener[], upstreamEvent: UpstreamEvent, tally: EventTally): Promise<Delivery[]> {
    const valid = await stillAllowed(upstream, await stillAuthenticated(group));
    return executeFor(upstream, valid, upstreamEvent, tally);
  }

  async function executeFor(upstream: Upstream, valid: Listener[], upstreamEvent: UpstreamEvent, tally: EventTally): Promise<Delivery[]> {
    const { entityId, revision } = upstreamEvent;
    const [first] = valid;
    const event = first?.plan.event;
    if (!first || !event) return [];
    stats.eventExecutions += 1;
    tally.executions += 1;
    const variables = { ...event.variables, [event.idVariable]: entityId };
    let payload: ExecutionResult;
    try {
      const executed = await deps.execute(
        { query: event.query, variables },
        { ...first.viewer, requestId: `${first.viewer.requestId}:${upstreamEvent.number}` },
        // As of the event's revision: the entity's own fields as this event left them, however late the query runs.
        { subscriptionEvent: true, ...(revision ? { eventRevision: revision } : {}) },
      );
      payload = { data: executed.data ?? null, errors: toGraphQLErrors(executed.errors) };
      if (payload.data && payload.data[first.plan.responseKey] === null && !payload.errors) {
        payload = { data: null, errors: [appError('NOT_FOUND', `${event.typeName} ${entityId} is not visible to you.`)] };
      }
    } catch (error) {
      deps.log.error({ err: error, requestId: first.viewer.requestId }, 'subscription event execution failed');
      payload = { data: null, errors: [appError('INTERNAL_SERVER_ERROR', 'Could not resolve this event.')] };
    }
    const users = new Set(valid.map((l) => viewerKey(l.viewer.user)));
    if (upstream.shared && isNotVisible(payload) && users.size > 1) {
      // Not visible to the viewer it ran as: the others may still see it, each resolves for itself.
      const byViewer = new Map<string, Listener[]>();
      for (const l of valid) {
        const own = byViewer.get(viewerKey(l.viewer.user));
        if (own) own.push(l);
        else byViewer.set(viewerKey(l.viewer.user), [l]);
      }
      return (await Promise.all([...byViewer.values()].map((own) => executeFor(upstream, own, upstreamEvent, tally)))).flat();
    }
    // A stream of many entities (new jobs) skips one this viewer may not see and goes on.
    if (upstream.shared && isNotVisible(payload) && first.plan.manyEntities) return [];
    // On a shared upstream nobody else ends a viewer who can no longer see the entity.
    return [{ listeners: valid, payload, end: upstream.shared && isNotVisible(payload) }];
  }

  /** Resolve one event for every listener: one execution per distinct execution key. */
  async function resolveEvent(upstream: Upstream, result: FormattedExecutionResult<Record<string, unknown>, unknown>): Promise<Delivery[]> {
    stats.upstreamEvents += 1;
    const tally: EventTally = { executions: 0 };
    try {
      return await resolveEntityEvent(upstream, result, tally);
    } finally {
      deps.onEventResolved?.(tally.executions);
    }
  }

  async function resolveEntityEvent(
    upstream: Upstream,
    result: FormattedExecutionResult<Record<string, unknown>, unknown>,
    tally: EventTally,
  ): Promise<Delivery[]> {
    // Every listener of an upstream has the same root field and mode: both are part of the upstream key.
    const { plan } = upstream;
    const entity = (result.data as Record<string, { id?: unknown } | null> | null | undefined)?.[plan.fieldName];
    if (!plan.event || !entity || typeof entity.id !== 'string') {
      // Pass-through mode, or the subgraph sent errors (FORBIDDEN, NOT_FOUND): checked like any event.
      const forwarded: ExecutionResult = { data: (result.data as ExecutionResult['data']) ?? null, errors: toGraphQLErrors(result.errors) };
      return [{ listeners: await stillAllowed(upstream, await stillAuthenticated([...upstream.listeners])), payload: forwarded, end: false }];
    }
    const groups = new Map<string, Listener[]>();
    for (const listener of upstream.listeners) {
      const group = groups.get(listener.execKey);
      if (group) group.push(listener);
      else groups.set(listener.execKey, [listener]);
    }
    const carried = (result.extensions as Record<string, unknown> | undefined)?.revision;
    const revision = typeof carried === 'string' && /^\d{1,18}$/.test(carried) ? carried : undefined;
    const upstreamEvent: UpstreamEvent = { entityId: entity.id, number: stats.upstreamEvents, ...(revision ? { revision } : {}) };
    return (await Promise.all([...groups.values()].map((group) => resolveFor(upstream, group, upstreamEvent, tally)))).flat();
  }

  /**
   * Hand `upstream`'s resolved events to their listeners (in the upstream's order: see openUpstream);
   * each payload is serialised once. A listener that moved onto its delta feed meanwhile takes its
   * events from there; one still replaying on its own moves there once the feed holds its cursor.
   */
  function push(upstream: Upstream, deliveries: readonly Delivery[]): void {
    for (const { listeners, payload, end } of deliveries) {
      const present = upstream.plan.feed ? listeners.filter((listener) => listener.home === upstream) : listeners;
      if (present.length === 0) continue;
      const bytes = serialize(payload);
      for (const listener of present) {
        deliver(listener, bytes, end);
        if (listener.feedKey === undefined) continue;
        const cursor = frameOf(listener.plan, payload)?.[listener.plan.feed!.cursorKey];
        if (typeof cursor === 'string') {
          listener.cursor = cursor;
          listener.ownFrameAt = Date.now();
        }
        tryJoinFeed(listener);
      }
    }
  }

  /** The frame of a delta stream's payload (`data[responseKey]`). */
  const frameOf = (plan: SubscriptionPlan, payload: ExecutionResult) => {
    const frame = payload.data?.[plan.responseKey];
    return frame && typeof frame === 'object' ? (frame as Record<string, unknown>) : undefined;
  };

  /** Where a subscriber whose last item is `cursor` starts in `feed`'s items; null when the feed does not hold that cursor. */
  function feedPosition(feed: FeedBuffer, cursor: string | null | undefined): number | null {
    if ((cursor ?? null) === feed.base) return 0;
    if (cursor === null || cursor === undefined) return null;
    const at = feed.positions.get(cursor);
    return at === undefined ? null : at - feed.dropped + 1;
  }

  /** Keep the items of a feed's frame of `size` bytes (and its `data` as the template of catch-up frames). */
  function keepFrame(upstream: Upstream, feed: FeedBuffer, payload: ExecutionResult, size: number): void {
    const items = frameOf(upstream.plan, payload)?.[feed.plan.itemsKey];
    if (!Array.isArray(items) || items.length === 0) return;
    feed.latest = payload.data as Record<string, unknown>;
    feed.largestFrame = Math.max(feed.largestFrame, items.length);
    const share = Math.ceil(size / items.length);
    for (const item of items) {
      const cursor = (item as Record<string, unknown> | null)?.[feed.plan.itemCursorKey];
      if (typeof cursor !== 'string') {
        // Not a frame a position can be told in: nothing before it can be joined at any more.
        dropOldest(feed, feed.items.length);
        feed.base = INVALID_CURSOR;
        continue;
      }
      feed.positions.set(cursor, feed.dropped + feed.items.length);
      feed.items.push(item);
      feed.cursors.push(cursor);
      feed.sizes.push(share);
      feed.bytes += share;
    }
    if (feed.items.length > 2 * FEED_KEEP || feed.bytes > 2 * FEED_KEEP_BYTES) {
      let drop = 0;
      let bytes = feed.bytes;
      while (drop < feed.items.length && (feed.items.length - drop > FEED_KEEP || bytes > FEED_KEEP_BYTES)) bytes -= feed.sizes[drop++]!;
      dropOldest(feed, drop);
    }
  }

  /** Forget a feed's `count` oldest items: its `base` becomes the cursor of the last of them. */
  function dropOldest(feed: FeedBuffer, count: number): void {
    if (count === 0) return;
    for (const cursor of feed.cursors.slice(0, count)) feed.positions.delete(cursor);
    feed.base = feed.cursors[count - 1]!;
    feed.items = feed.items.slice(count);
    feed.cursors = feed.cursors.slice(count);
    feed.bytes -= feed.sizes.slice(0, count).reduce((sum, n) => sum + n, 0);
    feed.sizes = feed.sizes.slice(count);
    feed.dropped += count;
  }

  /**
   * Put `listener` on the feed `upstream`, first sending it the items the feed holds after its
   * cursor (from index `from`), in frames no bigger than the subgraph's; from here on it gets each
   * of the feed's frames.
   */
  function joinFeed(upstream: Upstream, listener: Listener, from: number): void {
    const feed = upstream.feed!;
    const { responseKey } = upstream.plan;
    const size = Math.max(1, feed.largestFrame);
    for (let start = from; start < feed.items.length && feed.latest; start += size) {
      const end = Math.min(start + size, feed.items.length);
      const frame = {
        ...(feed.latest[responseKey] as Record<string, unknown>),
        [feed.plan.itemsKey]: feed.items.slice(start, end),
        [feed.plan.cursorKey]: feed.cursors[end - 1],
      };
      deliver(listener, serialize({ data: { ...feed.latest, [responseKey]: frame } }), false);
    }
    listener.home = upstream;
    listener.joinSeq = ++joins;
    upstream.listeners.add(listener);
    const key = viewerKey(listener.viewer.user);
    upstream.checked.set(key, Math.max(upstream.checked.get(key) ?? 0, listener.checkedAt));
    stats.feedJoins += 1;
  }

  /** A subscriber replaying on its own upstream moves onto its feed once the feed holds its cursor (and its own upstream closes). */
  function tryJoinFeed(listener: Listener): void {
    const feedKey = listener.feedKey;
    if (feedKey === undefined || listener.stream.closed) return;
    const upstream = upstreams.get(feedKey);
    if (!upstream?.feed || upstream === listener.home) return;
    const from = feedPosition(upstream.feed, listener.cursor);
    if (from === null) return;
    const own = listener.home;
    own.listeners.delete(listener);
    if (own.listeners.size === 0) closeUpstream(own);
    stopWaiting(listener);
    // The subgraph authorised each frame of its own upstream as the viewer: that was its last access check.
    listener.checkedAt = Math.max(listener.checkedAt, listener.ownFrameAt ?? Number.NEGATIVE_INFINITY);
    joinFeed(upstream, listener, from);
  }

  function stopWaiting(listener: Listener): void {
    if (listener.feedKey === undefined) return;
    const set = waiting.get(listener.feedKey);
    set?.delete(listener);
    if (set?.size === 0) waiting.delete(listener.feedKey);
  }

  /**
   * One frame of a delta feed: checked for each listener like any shared event (no query runs: the
   * frame is the payload), kept, and written to every listener it may reach, the ones that joined
   * while it was being checked included (their catch-up frame did not hold it). Then the subscribers
   * waiting for this feed join it if it now holds their cursor.
   */
  async function feedFrame(upstream: Upstream, result: FormattedExecutionResult<Record<string, unknown>, unknown>): Promise<void> {
    stats.upstreamEvents += 1;
    deps.onEventResolved?.(0);
    const payload: ExecutionResult = { data: (result.data as ExecutionResult['data']) ?? null, errors: toGraphQLErrors(result.errors) };
    const before = joins;
    const allowed = new Set(await stillAllowed(upstream, await stillAuthenticated([...upstream.listeners])));
    // From here on nothing waits: a join sees the items and the listeners as this frame leaves them.
    const bytes = serialize(payload);
    keepFrame(upstream, upstream.feed!, payload, bytes.length);
    for (const listener of [...upstream.listeners]) {
      if (allowed.has(listener) || listener.joinSeq > before) deliver(listener, bytes, false);
    }
    for (const listener of [...(waiting.get(upstream.key) ?? [])]) tryJoinFeed(listener);
  }

  /**
   * Open an upstream for `plan`: `shared` ones with the service identity; `feed` makes it a delta
   * feed (its request is then the feed's, `after` being the first subscriber's).
   */
  function openUpstream(
    key: string,
    plan: SubscriptionPlan,
    owner: string,
    url: string,
    viewer: Viewer,
    mode: { shared: boolean; feed?: DeltaFeedPlan },
  ): Upstream {
    const { shared, feed } = mode;
    const serviceAuthorization = deps.serviceAuthorization;
    const client = createClient({
      url,
      webSocketImpl: WebSocket,
      // A shared upstream is nobody's: the service token, minted afresh on every (re)connect.
      connectionParams:
        shared && serviceAuthorization
          ? async () => ({ Authorization: await serviceAuthorization(), 'X-Request-ID': `bridge:${viewer.requestId}` })
          : { Authorization: viewer.authorization, 'X-Request-ID': viewer.requestId },
      lazy: true,
      retryAttempts: plan.replays ? 0 : 3,
      on: { connected: () => void (stats.upstreamConnections += 1) },
    });
    const upstream: Upstream = {
      key,
      plan,
      shared,
      listeners: new Set(),
      checked: new Map(),
      rechecks: new Map(),
      client,
      unsubscribe: () => undefined,
      queue: Promise.resolve(),
      closed: false,
      ...(feed
        ? {
            feed: {
              plan: feed,
              base: feed.after,
              items: [],
              cursors: [],
              positions: new Map(),
              dropped: 0,
              latest: null,
              largestFrame: 0,
              sizes: [],
              bytes: 0,
            },
          }
        : {}),
    };
    const enqueue = (task: () => Promise<void> | void) => {
      upstream.queue = upstream.queue.then(task).catch((error: unknown) => deps.log.error({ err: error }, 'subscription bridge task failed'));
    };
    upstream.unsubscribe = client.subscribe(feed ? feed.upstream : plan.upstream, {
      // Events are resolved as they come (at most EVENTS_IN_FLIGHT at once, over the bridge), and
      // handed to the listeners one after another in the upstream's order: a slow execution delays
      // the events after it, but no longer holds their executions back. A feed's frames need no
      // query: each is checked and handed out in turn.
      next: (result) => {
        if (upstream.feed) {
          enqueue(() => feedFrame(upstream, result));
          return;
        }
        const resolved = limitEvents(() => resolveEvent(upstream, result));
        resolved.catch(() => undefined);
        enqueue(async () => push(upstream, await resolved));
      },
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
    writer: EventWriter,
  ): AsyncIterableIterator<never> | GraphQLError[] {
    const url = deps.subgraphWsUrl(owner);
    if (!url) return [appError('UPSTREAM_UNAVAILABLE', `No WebSocket endpoint is configured for the ${owner} subgraph.`)];
    // A delta stream joins its feed when the feed holds its cursor (a new feed starts at it);
    // otherwise it replays on an upstream of its own, as the viewer, until the feed does (and counts
    // in the budgets as that upstream until it ends).
    const feed = feedPlan(plan) ? plan.feed : undefined;
    const feedKey = feed && upstreamKeyOf(plan, owner, viewer);
    const existing = feedKey === undefined ? undefined : upstreams.get(feedKey);
    // Where it starts in its feed's items (0 in a feed it opens); null: not on a feed now.
    const joinAt = !feed ? null : existing ? feedPosition(existing.feed!, feed.after) : 0;
    const entry = budgetEntry(plan, owner, viewer, document, variables, plan.replays && joinAt === null ? ++replaying : 0);
    const refusal = ledger.check(socket, viewer.user.id, entry);
    if (refusal) return [refusal];
    const release = ledger.hold(socket, viewer.user.id, entry);
    const key = entry.upstreamKey;
    const upstream = upstreams.get(key) ?? openUpstream(key, plan, owner, url, viewer, joinAt !== null ? { shared: true, feed } : { shared: sharedPlan(plan) });
    const listener: Listener = {
      plan,
      home: upstream,
      joinSeq: 0,
      ...(feed ? { feedKey, cursor: feed.after } : {}),
      viewer,
      execKey: execKeyOf(plan, viewer, document, variables),
      // ws-server ran the existence check (or this viewer holds a checked one on this upstream) just now.
      checkedAt: Date.now(),
      authenticatedUntil: 0,
      tokenExpiresAt: tokenExpiry(viewer.authorization),
      writer,
      stream: createSubscriptionStream(() => {
        release();
        const { home } = listener;
        home.listeners.delete(listener);
        stopWaiting(listener);
        stats.activeSubscribers -= 1;
        if (home.listeners.size === 0) closeUpstream(home);
      }),
    };
    stats.activeSubscribers += 1;
    if (joinAt !== null) joinFeed(upstream, listener, joinAt);
    else {
      upstream.listeners.add(listener);
      if (upstream.shared) upstream.checked.set(viewerKey(viewer.user), Math.max(upstream.checked.get(viewerKey(viewer.user)) ?? 0, listener.checkedAt));
      if (feedKey !== undefined) {
        const set = waiting.get(feedKey) ?? new Set<Listener>();
        waiting.set(feedKey, set.add(listener));
      }
    }
    return listener.stream.iterator;
  }

  /**
   * `userId`'s access may have changed (role, deactivation, project membership), or, without it,
   * anyone's: their viewers' checks on shared upstreams are stale, so the next event re-checks them
   * before it reaches them (a check under way from before the change counts for nothing).
   */
  function accessChanged(userId?: string): void {
    const now = Date.now();
    stats.accessChanges += 1;
    if (userId === undefined) {
      allChangedAt = now;
      changedAt.clear();
    } else {
      changedAt.delete(userId);
      if (changedAt.size >= 10_000) changedAt.delete(changedAt.keys().next().value!);
      changedAt.set(userId, now);
    }
    for (const upstream of upstreams.values()) {
      for (const listener of upstream.listeners) {
        if (userId !== undefined && listener.viewer.user.id !== userId) continue;
        listener.authenticatedUntil = 0;
        if (!upstream.shared) continue;
        listener.checkedAt = Number.NEGATIVE_INFINITY;
        const key = viewerKey(listener.viewer.user);
        upstream.checked.delete(key);
        upstream.rechecks.delete(key);
      }
    }
  }

  async function close(): Promise<void> {
    for (const upstream of [...upstreams.values()]) {
      endAll(upstream);
      closeUpstream(upstream);
    }
  }

  return { subscribe, overBudget, sharesUpstream, accessChanged, close, stats: stats as Readonly<BridgeStats> };
}

export type SubscriptionBridge = ReturnType<typeof createSubscriptionBridge>;
