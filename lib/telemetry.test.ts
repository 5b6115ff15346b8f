import { describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { parseGatewayEnv } from '../gateway/env';
import { clientSpan, parseOtlpHeaders, serverSpan, sqlSpan, traceFields, tracesUrlOf, tracingEnabled, withoutLiterals } from './telemetry';

describe('telemetry settings', () => {
  it('sends traces to <endpoint>/v1/traces, or to the traces endpoint as given, and nowhere when neither is set', () => {
    expect(tracesUrlOf(undefined, undefined)).toBeUndefined();
    expect(tracesUrlOf('http://collector:4318', undefined)).toBe('http://collector:4318/v1/traces');
    expect(tracesUrlOf('http://collector:4318/', undefined)).toBe('http://collector:4318/v1/traces');
    expect(tracesUrlOf('http://collector:4318', 'http://other:4318/custom')).toBe('http://other:4318/custom');
  });

  it('reads OTEL_EXPORTER_OTLP_HEADERS as comma-separated, URL-encoded key=value pairs', () => {
    expect(parseOtlpHeaders(undefined)).toEqual({});
    expect(parseOtlpHeaders('api-key=abc%3D%3D, x-team = vision ,broken,=nokey')).toEqual({ 'api-key': 'abc==', 'x-team': 'vision' });
  });

  it('is part of every service settings: off without an endpoint', () => {
    expect(parseGatewayEnv({}).telemetry).toEqual({ tracesUrl: undefined, headers: {} });
    expect(parseGatewayEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'edge' }).telemetry).toEqual({
      tracesUrl: 'http://collector:4318/v1/traces',
      headers: {},
      serviceName: 'edge',
    });
    expect(() => parseGatewayEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });
});

describe('SQL in spans', () => {
  it('keeps the statement and its placeholders but none of its values', () => {
    expect(
      withoutLiterals(`select "u0".* from "users" as "u0" where "u0"."email" = 'a''b@example.com' and "u0"."id" in (12, 3.5) and active = true limit 1`),
    ).toBe(`select "u0".* from "users" as "u0" where "u0"."email" = ? and "u0"."id" in (?, ?) and active = ? limit ?`);
    expect(withoutLiterals('SELECT * FROM datasets WHERE id = ANY($1::text[]) AND n > $2')).toBe(
      'SELECT * FROM datasets WHERE id = ANY($1::text[]) AND n > $2',
    );
  });
});

describe('telemetry off (no endpoint: nothing registered in this process)', () => {
  it('passes calls through untouched: no trace headers, no ids in log lines', async () => {
    expect(tracingEnabled()).toBe(false);
    let sent: Record<string, string> | undefined;
    const result = await clientSpan('POST', new URL('http://127.0.0.1:1/graphql'), { 'x-request-id': 'r1' }, async (headers) => {
      sent = headers;
      return { status: 200 };
    });
    expect(result).toEqual({ status: 200 });
    expect(sent).toEqual({ 'x-request-id': 'r1' });
    expect(await sqlSpan('labeler', 'SELECT 1', async () => 1)).toBe(1);
    let handled = false;
    serverSpan(new http.IncomingMessage(null as never), new http.ServerResponse(new http.IncomingMessage(null as never)), 'GET', () => void (handled = true));
    expect(handled).toBe(true);
    expect(traceFields()).toEqual({});
  });
});
