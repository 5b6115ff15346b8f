import { describe, it, expect } from '@jest/globals';
import { buildSchema, parse, print, validate, type GraphQLSchema } from 'graphql';
import { planSubscription, type SubscriptionPlan } from './subscription-plan';

const schema = buildSchema(`
  type User { id: ID! email: String! }
  type Job { id: ID! status: String! progress(scale: Int = 1): Float! owner: User! }
  type Query { job(id: ID!): Job jobs: [Job!]! }
  type Subscription { jobUpdated(id: ID!): Job! tick: Int! }
`);

function plan(source: string, variables: Record<string, unknown> = {}, s: GraphQLSchema = schema): SubscriptionPlan {
  const document = parse(source);
  expect(validate(s, document)).toEqual([]);
  const result = planSubscription(s, document, undefined, variables);
  if (Array.isArray(result)) throw new Error(result.map((e) => e.message).join('; '));
  return result;
}

const normalise = (query: string) => print(parse(query));

describe('planSubscription', () => {
  it('asks the owning subgraph only for the entity identity', () => {
    const p = plan('subscription Watch($id: ID!) { jobUpdated(id: $id) { status owner { email } } }', { id: '7' });
    expect(normalise(p.upstream.query)).toBe(normalise('subscription Bridge($id: ID!) { jobUpdated(id: $id) { __typename id } }'));
    expect(p.upstream.variables).toEqual({ id: '7' });
    expect(p.fieldKey).toBe('Subscription.jobUpdated');
  });

  it('resolves the client selection per event through the lookup query, aliased to the client response key', () => {
    const p = plan('subscription Watch($id: ID!) { mine: jobUpdated(id: $id) { status owner { email } } }', { id: '7' });
    expect(p.responseKey).toBe('mine');
    expect(normalise(p.event!.query)).toBe(normalise('query WatchEvent($bridgeId: ID!) { mine: job(id: $bridgeId) { status owner { email } } }'));
    expect(p.event!.variables).toEqual({});
    expect(validate(schema, parse(p.event!.query))).toEqual([]);
  });

  it('takes literal arguments into upstream variables', () => {
    const p = plan('subscription { jobUpdated(id: "42") { status } }');
    expect(p.upstream.variables).toEqual({ id: '42' });
  });

  it('keeps the fragments and variables the selection uses and drops the rest', () => {
    const p = plan(
      `subscription Watch($id: ID!, $scale: Int, $bridgeId: Boolean!) { ...Root }
       fragment Root on Subscription { jobUpdated(id: $id) { ...JobFields } }
       fragment JobFields on Job { status @include(if: $bridgeId) progress(scale: $scale) owner { ...UserFields } }
       fragment UserFields on User { email }`,
      { id: '7', scale: 100, bridgeId: true },
    );
    const event = p.event!;
    expect(event.idVariable).toBe('bridgeId_');
    expect(event.variables).toEqual({ scale: 100, bridgeId: true });
    const doc = parse(event.query);
    expect(doc.definitions.map((d) => ('name' in d ? d.name?.value : undefined))).toEqual(['WatchEvent', 'JobFields', 'UserFields']);
    expect(validate(schema, doc)).toEqual([]);
  });

  it('forwards the client operation unchanged when the field returns no entity with a lookup query', () => {
    const p = plan('subscription { tick }');
    expect(p.event).toBeUndefined();
    expect(normalise(p.upstream.query)).toBe(normalise('subscription { tick }'));
  });

  it('marks a forwarded stream with an `after` cursor as replaying (own upstream, no silent resubscribe), and nothing else', () => {
    const streams = buildSchema(`
      type Point { cursor: String! value: Float! }
      type Batch { jobId: ID! points: [Point!]! cursor: String! }
      type Job { id: ID! }
      type Query { job(id: ID!): Job }
      type Subscription { points(jobId: ID!, after: String): Batch! tick: Int! jobUpdated(id: ID!): Job! }
    `);
    const p = plan('subscription($after: String) { points(jobId: "7", after: $after) { cursor points { value } } }', { after: 'abc' }, streams);
    expect(p.event).toBeUndefined();
    expect(p.replays).toBe(true);
    expect(plan('subscription { tick }', {}, streams).replays).toBeUndefined();
    expect(plan('subscription { jobUpdated(id: "7") { id } }', {}, streams).replays).toBeUndefined();
  });

  it('plans a shared feed for a delta stream whose frames can be cut at any item: one key whatever `after` each subscriber gives', () => {
    const streams = buildSchema(`
      type Point { cursor: String! value: Float! at: Float }
      type Batch { jobId: ID! points: [Point!]! cursor: String! count: Int! }
      type Job { id: ID! }
      type Query { job(id: ID!): Job }
      type Subscription { points(jobId: ID!, after: String): Batch! }
    `);
    const source =
      'subscription Follow($id: ID!, $after: String) { points(jobId: $id, after: $after) { __typename jobId cursor items: points { at: cursor value } } }';
    const fromStart = plan(source, { id: '7' }, streams).feed!;
    const resumed = plan(source, { id: '7', after: 'c9' }, streams).feed!;
    expect(fromStart).toMatchObject({ after: null, itemsKey: 'items', cursorKey: 'cursor', itemCursorKey: 'at' });
    expect(resumed.after).toBe('c9');
    expect(resumed.key).toBe(fromStart.key);
    expect(plan(source, { id: '8' }, streams).feed!.key).not.toBe(fromStart.key);
    expect(normalise(resumed.upstream.query)).toBe(
      normalise(
        'subscription BridgeFeed($bridgeAfter: String, $id: ID!) { points(jobId: $id, after: $bridgeAfter) { __typename jobId cursor items: points { at: cursor value } } }',
      ),
    );
    expect(resumed.upstream.variables).toEqual({ id: '7', bridgeAfter: 'c9' });
    expect(validate(streams, parse(resumed.upstream.query))).toEqual([]);

    // Not cut at an item: no cursor on the items or the frame, a field that may differ per frame, a fragment or a directive at the root.
    for (const unshared of [
      'subscription { points(jobId: "7") { cursor points { value } } }',
      'subscription { points(jobId: "7") { points { cursor value } } }',
      'subscription { points(jobId: "7") { cursor count points { cursor value } } }',
      'subscription { points(jobId: "7") { ... on Batch { cursor } points { cursor } } }',
      'subscription($all: Boolean!) { points(jobId: "7") { cursor points @include(if: $all) { cursor } } }',
    ]) {
      const p = plan(unshared, { all: true }, streams);
      expect(p.replays).toBe(true);
      expect(p.feed).toBeUndefined();
    }
  });

  it("checks a forwarded stream about one entity through its subject's lookup field (`jobId` → `job`)", () => {
    const streams = buildSchema(`
      type Batch { cursor: String! }
      type TrainingJob { id: ID! }
      type Query { trainingJob(id: ID!): TrainingJob jobs: [TrainingJob!]! }
      type Subscription { points(jobId: ID!, after: String): Batch! tick: Int! byName(jobName: String!): Batch! }
    `);
    expect(plan('subscription { points(jobId: "7") { cursor } }', {}, streams).check).toEqual({
      query: 'query BridgeCheck($id: ID!) { trainingJob(id: $id) { __typename } }',
      variables: { id: '7' },
      operationName: 'BridgeCheck',
      responseKey: 'trainingJob',
      typeName: 'TrainingJob',
    });
    expect(plan('subscription { tick }', {}, streams).check).toBeUndefined();
    expect(plan('subscription { byName(jobName: "x") { cursor } }', {}, streams).check).toBeUndefined();
  });

  it('picks, among several lookups ending in the subject, the one the stream is named after', () => {
    const streams = buildSchema(`
      type Batch { cursor: String! }
      type TrainingJob { id: ID! }
      type InferenceJob { id: ID! }
      type Query { trainingJob(id: ID!): TrainingJob inferenceJob(id: ID!): InferenceJob }
      type Subscription { trainingJobPoints(jobId: ID!): Batch! points(jobId: ID!): Batch! }
    `);
    expect(plan('subscription { trainingJobPoints(jobId: "7") { cursor } }', {}, streams).check).toMatchObject({
      responseKey: 'trainingJob',
      typeName: 'TrainingJob',
    });
    // Ambiguous and not named after either: no check rather than a guess.
    expect(plan('subscription { points(jobId: "7") { cursor } }', {}, streams).check).toBeUndefined();
  });

  it('returns errors for variables that do not coerce', () => {
    const document = parse('subscription W($id: ID!) { jobUpdated(id: $id) { status } }');
    const result = planSubscription(schema, document, undefined, {});
    expect(Array.isArray(result)).toBe(true);
  });

  describe('roleShared: whether viewers of one role may share an execution', () => {
    const withValues = buildSchema(`
      type User { id: ID! email: String! }
      type Point { name: String! value: Float! }
      type Note { text: String! }
      union Item = User | Note
      type Job { id: ID! status: String! progress(scale: Int = 1): Float! owner: User! points: [Point!]! items: [Item!]! }
      type Query { job(id: ID!): Job }
      type Subscription { jobUpdated(id: ID!): Job! }
    `);
    const shared = (selection: string) => plan(`subscription { jobUpdated(id: "1") { ${selection} } }`, {}, withValues).event!.roleShared;

    it("is true for the entity's own fields and value objects, fragments included", () => {
      expect(shared('id status progress(scale: 2) __typename')).toBe(true);
      expect(shared('points { name value }')).toBe(true);
      expect(plan('subscription { jobUpdated(id: "1") { ...F } } fragment F on Job { status points { value } }', {}, withValues).event!.roleShared).toBe(true);
    });

    it('is false as soon as the selection reaches another entity or a union', () => {
      expect(shared('status owner { email }')).toBe(false);
      expect(shared('owner { id }')).toBe(false);
      expect(shared('items { ... on Note { text } }')).toBe(false);
      expect(plan('subscription { jobUpdated(id: "1") { ...F } } fragment F on Job { owner { email } }', {}, withValues).event!.roleShared).toBe(false);
    });
  });
});
