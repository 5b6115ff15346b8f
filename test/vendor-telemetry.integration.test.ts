/**
 * The gateway reaches nothing but its own services: @apollo/gateway's anonymous usage reporting to
 * Apollo, and the cloud metadata probes it makes to describe the host (AWS, GCP, Azure, Alibaba),
 * stay off unless an operator sets `APOLLO_TELEMETRY_DISABLED=false` (decisions.md #58).
 */
import { describe, it, expect, afterAll } from '@jest/globals';
import http from 'node:http';
import https from 'node:https';
import { startStack, type Stack } from './harness/stack';
import { sleep } from './helpers';

let stack: Stack | undefined;
const contacted: string[] = [];
const originals = { httpRequest: http.request, httpGet: http.get, httpsRequest: https.request, httpsGet: https.get };

/** Records the host of every outgoing http(s) request made through node:http and node:https. */
function hostOf(args: unknown[]): string {
  const [first, second] = args;
  if (typeof first === 'string') return new URL(first).hostname;
  if (first instanceof URL) return first.hostname;
  const options = (first ?? second ?? {}) as { hostname?: string; host?: string };
  return String(options.hostname ?? options.host ?? 'localhost');
}
const spy =
  <F extends (...args: never[]) => unknown>(original: F) =>
  (...args: unknown[]) => {
    contacted.push(hostOf(args));
    return (original as unknown as (...a: unknown[]) => unknown)(...args);
  };

afterAll(async () => {
  Object.assign(http, { request: originals.httpRequest, get: originals.httpGet });
  Object.assign(https, { request: originals.httpsRequest, get: originals.httpsGet });
  await stack?.close();
});

describe('vendor telemetry', () => {
  it('starts the gateway without reaching Apollo or any cloud metadata endpoint', async () => {
    Object.assign(http, { request: spy(originals.httpRequest), get: spy(originals.httpGet) });
    Object.assign(https, { request: spy(originals.httpsRequest), get: spy(originals.httpsGet) });
    stack = await startStack();
    await stack.graphql.data('{ __typename }');
    // The metadata probes start when the gateway is built and time out after a few seconds.
    await sleep(2000);
    const outside = contacted.filter((host) => !['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host));
    expect(outside).toEqual([]);
  }, 120_000);
});
