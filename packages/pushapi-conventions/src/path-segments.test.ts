import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPushAPI, isInvalidParameterError, PushAPIVersion } from './index.js';
import { createPapiSimulator } from './testing/index.js';

/* The connector name is one path segment: `.` and `..` would address another connector path. */

const sim = createPapiSimulator({ connectorName: 'a/b?c' });
const lines: string[] = [];
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    lines.push(`${req.method} ${req.url}`);
    return sim.handler(req, res);
  });
});
afterAll(() => server.close());

const api = (connectorName: string) =>
  new HttpPushAPI({
    version: PushAPIVersion.PAPI_V4,
    host: '127.0.0.1',
    port: server.port,
    connectorName,
    connectorType: 'fs',
    retry: 0,
  });

describe('connector names', () => {
  it.each(['.', '..', ''])('%j is refused when the client is made, before any request', (name) => {
    let error: unknown;
    try {
      api(name);
    } catch (e) {
      error = e;
    }
    expect(isInvalidParameterError(error)).toBe(true);
    expect((error as Error).message).toContain('connectorName');
    expect(lines).toEqual([]);
  });

  it('sends a name with reserved characters as one encoded segment', async () => {
    await api('a/b?c').ping();
    expect(lines).toEqual(['GET /papi/4/connectors/a%2Fb%3Fc/ping?PAPI_connectorType=fs']);
  });
});
