import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { closeServer, listen } from './http';
import { isJsonGraphQLPost, MAX_JSON_DEPTH, nestedDeeperThan, serveGraphQL, type GraphQLHttpRequest } from './graphql-http';

interface Ctx {
  caller: string;
  bodyKeys: string[];
}

const typeDefs = 'type Query { hello(name: String): String, caller: String, bodyKeys: [String!]! }';
const resolvers = {
  Query: {
    hello: (_: unknown, { name }: { name?: string }) => `hello ${name ?? 'world'}`,
    caller: (_: unknown, __: unknown, ctx: Ctx) => ctx.caller,
    bodyKeys: (_: unknown, __: unknown, ctx: Ctx) => ctx.bodyKeys,
  },
};

const LIMIT = 2048;
let server: http.Server;
let url: string;
let apollo: ApolloServer<Ctx>;
/** Requests each path saw; the express app marks its answers with `X-Served-By: express`. */
const seen = { fast: 0 };

async function context(req: GraphQLHttpRequest): Promise<Ctx> {
  if (req.headers.authorization === 'Bearer bad')
    throw new GraphQLError('Token is invalid.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  return { caller: req.headers.authorization ?? 'anonymous', bodyKeys: Object.keys((req.body as object | undefined) ?? {}).sort() };
}

beforeAll(async () => {
  apollo = new ApolloServer<Ctx>({ typeDefs, resolvers });
  await apollo.start();
  const app = express();
  app.use((_req, res, next) => {
    res.setHeader('X-Served-By', 'express');
    next();
  });
  server = http.createServer();
  serveGraphQL(app, server, {
    apollo,
    context: (req) => context(req),
    limitBytes: LIMIT,
    onRequest: (req, res) => {
      seen.fast += 1;
      if (req.headers['x-refuse'] === 'yes') {
        res.statusCode = 429;
        res.end('refused by a guard');
      }
    },
  });
  const port = await listen(server, '127.0.0.1', 0);
  url = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await closeServer(server);
  await apollo.stop();
});

const post = (body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}, path = '/graphql') =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('JSON POSTs to /graphql skip express', () => {
  it('answers a query with data, the context built from the headers and the parsed body, and a Content-Length', async () => {
    const before = seen.fast;
    const response = await post(JSON.stringify({ query: 'query ($n: String) { hello(name: $n) caller bodyKeys }', variables: { n: 'ada' } }), {
      authorization: 'Bearer abc',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    const text = await response.text();
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(JSON.parse(text)).toEqual({ data: { hello: 'hello ada', caller: 'Bearer abc', bodyKeys: ['query', 'variables'] } });
    expect(seen.fast - before).toBe(1);
  });

  it('takes a charset of UTF-8 and keeps non-ASCII text intact', async () => {
    const response = await post(JSON.stringify({ query: '{ hello(name: "Zoë 東京") }' }), { 'content-type': 'application/json; charset=UTF-8' });
    expect(response.headers.get('x-served-by')).toBeNull();
    expect(await response.json()).toEqual({ data: { hello: 'hello Zoë 東京' } });
  });

  it('answers a body that is not JSON with 400 BAD_REQUEST, and one over the limit with 413, declared or streamed', async () => {
    const malformed = await post('{"query": "{ hello }"');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });

    const big = JSON.stringify({ query: `{ hello(name: "${'x'.repeat(LIMIT)}") }` });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_REQUEST');

    // No Content-Length: the body arrives chunked and is counted as it comes.
    const streamed = await new Promise<number>((resolve, reject) => {
      const request = http.request(
        `${url}/graphql`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      request.on('error', reject);
      for (let i = 0; i < 8; i += 1) request.write('x'.repeat(LIMIT / 4));
      request.end();
    });
    expect(streamed).toBe(413);

    // The connection is still good for the next request.
    expect((await post(JSON.stringify({ query: '{ hello }' }))).status).toBe(200);
  });

  it("leaves Apollo's own answers as they are: an empty body, JSON that is not one request object, a context error's status, a validation error", async () => {
    const empty = await post('');
    expect(empty.status).toBe(400);
    // JSON, but not one request object: a number, null, a batch (batching is off).
    for (const body of ['42', 'null', JSON.stringify([{ query: '{ hello }' }, { query: '{ hello }' }])]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.text()).not.toContain('hello world');
    }

    const unauthenticated = await post(JSON.stringify({ query: '{ hello }' }), { authorization: 'Bearer bad' });
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');

    const invalid = await post(JSON.stringify({ query: '{ nope }' }));
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('does not answer twice when the onRequest hook has already answered', async () => {
    const response = await post(JSON.stringify({ query: '{ hello }' }), { 'x-refuse': 'yes' });
    expect(response.status).toBe(429);
    expect(await response.text()).toBe('refused by a guard');
  });
});

describe('every other request goes to express', () => {
  it('sends GET queries, other content types, compressed bodies and other paths to the app', async () => {
    const get = await fetch(`${url}/graphql?query=${encodeURIComponent('{ hello }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.headers.get('x-served-by')).toBe('express');
    expect(await get.json()).toEqual({ data: { hello: 'hello world' } });

    const text = await post('{ hello }', { 'content-type': 'text/plain' });
    expect(text.headers.get('x-served-by')).toBe('express');

    const gzipped = await post(new Uint8Array(gzipSync(JSON.stringify({ query: '{ hello }' }))), { 'content-encoding': 'gzip' });
    expect(gzipped.headers.get('x-served-by')).toBe('express');
    expect(await gzipped.json()).toEqual({ data: { hello: 'hello world' } });

    const withSearch = await post(JSON.stringify({ query: '{ hello }' }), {}, '/graphql?x=1');
    expect(withSearch.headers.get('x-served-by')).toBe('express');
    expect(await withSearch.json()).toEqual({ data: { hello: 'hello world' } });
  });

  it('decides from the method, the exact path, the content type and the encoding', () => {
    const req = (method: string, reqUrl: string, headers: Record<string, string>) => ({ method, url: reqUrl, headers }) as unknown as http.IncomingMessage;
    expect(isJsonGraphQLPost(req('POST', '/graphql', { 'content-type': 'application/json' }))).toBe(true);
    expect(isJsonGraphQLPost(req('POST', '/graphql', { 'content-type': 'application/json;charset="utf-8"' }))).toBe(true);
    expect(isJsonGraphQLPost(req('POST', '/graphql', { 'content-type': 'application/json', 'content-encoding': 'identity' }))).toBe(true);
    expect(isJsonGraphQLPost(req('POST', '/graphql', { 'content-type': 'application/json; charset=latin1' }))).toBe(false);
    expect(isJsonGraphQLPost(req('POST', '/graphql', { 'content-type': 'application/graphql' }))).toBe(false);
    expect(isJsonGraphQLPost(req('POST', '/graphql', {}))).toBe(false);
    expect(isJsonGraphQLPost(req('POST', '/graphql/', { 'content-type': 'application/json' }))).toBe(false);
    expect(isJsonGraphQLPost(req('PUT', '/graphql', { 'content-type': 'application/json' }))).toBe(false);
    expect(isJsonGraphQLPost(req('POST', '/api', { 'content-type': 'application/json' }))).toBe(false);
  });
});

describe('nestedDeeperThan', () => {
  it('measures the nesting of arrays and objects without recursing, at any depth', () => {
    // The body, variables, an input object and a list in it: four levels.
    expect(nestedDeeperThan({ query: '{ me { id } }', variables: { input: { tags: ['a'] } } }, 4)).toBe(false);
    expect(nestedDeeperThan({ query: '{ me { id } }', variables: { input: { tags: ['a'] } } }, 3)).toBe(true);
    expect(nestedDeeperThan({ a: { b: { c: { d: 1 } } } }, 3)).toBe(true);
    expect(nestedDeeperThan('x'.repeat(10), 0)).toBe(false);
    expect(nestedDeeperThan(JSON.parse(`${'['.repeat(200_000)}${']'.repeat(200_000)}`))).toBe(true);
    expect(nestedDeeperThan(JSON.parse(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`))).toBe(false);
  });
});
