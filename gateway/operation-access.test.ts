import { describe, it, expect } from '@jest/globals';
import { GraphQLError, parse } from 'graphql';
import type { AccessRule } from '../lib/access';
import type { AuthUser } from '../lib/auth';
import { checkOperationAccess, rootFieldKeys, selectOperation } from './operation-access';

const rules = new Map<string, AccessRule>([
  ['Query.me', 'public'],
  ['Query.trainingJobs', 'guest'],
  ['Mutation.cancelTrainingJob', 'standard_engineer'],
  ['Mutation.deleteEverything', 'admin'],
]);
const guest: AuthUser = { id: '5', email: 'guest@example.com', role: 'guest' };
const admin: AuthUser = { id: '1', email: 'admin@example.com', role: 'admin' };

function keysOf(source: string, operationName?: string): string[] {
  const document = parse(source);
  const operation = selectOperation(document, operationName);
  if (!operation) throw new Error('no operation');
  return rootFieldKeys(operation, document);
}

function codeOf(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions.code : error;
  }
  return 'allowed';
}

describe('rootFieldKeys', () => {
  it('lists root fields through fragments and inline fragments, without introspection fields', () => {
    const keys = keysOf(`query Q { __typename me { id } ...F ... on Query { trainingJobs { totalCount } } }
      fragment F on Query { me { email } __schema { queryType { name } } }`);
    expect(keys.sort()).toEqual(['Query.me', 'Query.trainingJobs']);
  });

  it('picks the named operation of a document with several', () => {
    expect(keysOf('query A { me { id } } mutation B { cancelTrainingJob(id: "1") { id } }', 'B')).toEqual(['Mutation.cancelTrainingJob']);
  });
});

describe('checkOperationAccess', () => {
  it('lets anyone run public fields', () => {
    expect(codeOf(() => checkOperationAccess(['Query.me'], rules, null))).toBe('allowed');
  });

  it('rejects an anonymous caller with UNAUTHENTICATED when a root field needs a login', () => {
    expect(codeOf(() => checkOperationAccess(['Query.me', 'Query.trainingJobs'], rules, null))).toBe('UNAUTHENTICATED');
  });

  it('rejects a role below the required one with FORBIDDEN and an HTTP 403', () => {
    let error: GraphQLError | undefined;
    try {
      checkOperationAccess(['Mutation.cancelTrainingJob'], rules, guest);
    } catch (e) {
      error = e as GraphQLError;
    }
    expect(error?.extensions.code).toBe('FORBIDDEN');
    expect(error?.extensions.http).toEqual({ status: 403 });
  });

  it('lets a higher role run fields of lower roles', () => {
    expect(codeOf(() => checkOperationAccess(['Mutation.cancelTrainingJob', 'Mutation.deleteEverything'], rules, admin))).toBe('allowed');
  });

  it('refuses a root field that has no rule', () => {
    expect(codeOf(() => checkOperationAccess(['Query.unknown'], rules, admin))).toBe('FORBIDDEN');
  });
});
