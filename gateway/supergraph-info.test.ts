import { describe, it, expect } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { supergraphPath } from '../lib/schema-files';
import { readSupergraph } from './supergraph-info';

const SDL = `
schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.4", for: EXECUTION) { query: Query subscription: Subscription }
directive @access(role: String!) on FIELD_DEFINITION
enum join__Graph {
  A @join__graph(name: "alpha", url: "http://127.0.0.1:5001/graphql")
  B @join__graph(name: "beta", url: "http://127.0.0.1:5002/graphql")
}
type Query @join__type(graph: A) @join__type(graph: B) {
  me: String @join__field(graph: A) @access(role: "public")
  jobs: [String] @join__field(graph: B) @access(role: "manager")
}
type Subscription @join__type(graph: B) {
  jobUpdated(id: ID!): String @access(role: "guest")
}
`;

describe('readSupergraph', () => {
  it('reads the @access role of every root field', () => {
    const info = readSupergraph(SDL);
    expect(Object.fromEntries(info.access)).toEqual({ 'Query.me': 'public', 'Query.jobs': 'manager', 'Subscription.jobUpdated': 'guest' });
  });

  it('finds the owner of a root field from @join__field, or from the root type when only one subgraph defines it', () => {
    const info = readSupergraph(SDL);
    expect(info.owners.get('Query.me')).toBe('alpha');
    expect(info.owners.get('Query.jobs')).toBe('beta');
    expect(info.owners.get('Subscription.jobUpdated')).toBe('beta');
    expect(info.subgraphs.get('beta')).toEqual({ name: 'beta', url: 'http://127.0.0.1:5002/graphql' });
  });

  it('refuses a supergraph with a root field that declares no @access', () => {
    expect(() => readSupergraph(SDL.replace('@access(role: "manager")', ''))).toThrow(/Query.jobs declares no @access/);
  });

  it('knows that the platform subgraph owns trainingJobUpdated in the committed supergraph', () => {
    const info = readSupergraph(readFileSync(supergraphPath(), 'utf8'));
    expect(info.owners.get('Subscription.trainingJobUpdated')).toBe('platform');
    expect(info.access.get('Mutation.login')).toBe('public');
    expect(info.access.get('Mutation.cancelTrainingJob')).toBe('standard_engineer');
  });
});
