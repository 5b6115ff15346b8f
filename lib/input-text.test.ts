import { describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { findNulArguments, nulArgumentsError } from './input-text';

describe('NUL in text arguments', () => {
  it('names literal arguments and variables holding a NUL, on every request of one parsed document', () => {
    const document = parse(
      'mutation NulLiteral($input: CreateProjectInput!) { createProject(input: $input) { id } starExperiment(id: "p\\u0000", starred: true) { id } }',
    );
    const first = findNulArguments(document, { input: { name: 'a\u0000b', tags: ['fine', '\u0000'] } });
    expect(first).toEqual(['input.name', 'input.tags.1', 'id']);
    // The same document object again (servers keep parsed documents): the literal still counts, the variables are this request's.
    expect(findNulArguments(document, { input: { name: 'clean' } })).toEqual(['id']);
    expect(findNulArguments(document, undefined)).toEqual(['id']);
    // What one request was told is not changed by the next.
    expect(first).toEqual(['input.name', 'input.tags.1', 'id']);
  });

  it('finds nothing in a clean document, however often it is checked', () => {
    const document = parse('query CleanJob($id: ID!) { trainingJob(id: $id) { id logs(level: INFO) { nodes { message } } } }');
    for (let i = 0; i < 3; i++) expect(nulArgumentsError(document, { id: `job_${i}` })).toBeNull();
    expect(nulArgumentsError(document, { id: 'job_\u0000' })?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { id: expect.any(String) } });
  });

  it('gives a document parsed again from the same text the same answer', () => {
    const text = '{ trainingJob(id: "x\\u0000") { id } }';
    expect(findNulArguments(parse(text), {})).toEqual(['id']);
    expect(findNulArguments(parse(text), {})).toEqual(['id']);
  });
});
