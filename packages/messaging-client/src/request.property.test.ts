import { isInputValidationError, isResponseValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ArgoMessagingService, isAmsException } from './index.js';
import { createAmsSimulator } from './testing/index.js';

/*
 * request() with hostile methods, routes and options: refused (InputValidationError) with no
 * request at the counting server, or one well-formed request (a known method, a /v1 path of
 * name-safe segments, the token in x-api-key, a JSON body) failing, if at all, with an
 * AmsException or, against a schema, a ResponseValidationError.
 */
const TOKEN = 'tok-request-property';
const sim = createAmsSimulator({ token: TOKEN, project: 'P' });
const seen: Array<{ method: string; url: string; key: unknown; body: string }> = [];
let server: LoopbackServer;
let ams: ArgoMessagingService;

beforeAll(async () => {
  server = await startLoopbackServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const method = req.method ?? 'GET';
    seen.push({ method, url: req.url ?? '', key: req.headers['x-api-key'], body });
    const answer = await sim.handler(
      new Request(`http://x${req.url}`, {
        method,
        headers: { 'x-api-key': String(req.headers['x-api-key'] ?? '') },
        ...(body && method !== 'GET' ? { body } : {}),
      }),
    );
    const text = await answer.text();
    res.writeHead(answer.status, Object.fromEntries(answer.headers));
    res.end(text);
  });
  ams = new ArgoMessagingService({ endpoint: server.url, token: TOKEN, project: 'P', retry: 0 });
  await ams.createTopic('t');
});
afterAll(() => server.close());

const circular: Record<string, unknown> = {};
circular.self = circular;
const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    -1,
    1.5,
    '',
    ' ',
    '.',
    '..',
    '\ud800',
    'a/b',
    '\r\n',
    '%2e%2e',
    '?',
    '#',
    true,
    [],
    {},
    [null],
    circular,
    () => 1,
    Symbol('s'),
    10n,
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.integer(),
  fc.object({ maxDepth: 1 }),
);
const or = (...valid: unknown[]) => fc.oneof(fc.constantFrom<unknown>(...valid), hostile);

const method = or('GET', 'POST', 'PUT', 'DELETE', 'get', 'PATCH');
const route = fc.oneof(
  or(
    '/status',
    '/projects/{project}/topics/{topic}',
    '/projects/{project}/topics',
    '/users:byToken/{token}',
  ),
  fc.stringMatching(/^(\/[a-z{}:._%-]{1,6}){1,3}$/),
);
const options = fc.oneof(
  hostile,
  fc.record(
    {
      params: or(
        { topic: 't' },
        { topic: 'missing' },
        { token: TOKEN },
        { project: 'P', topic: 't' },
      ),
      searchParams: or({ pageSize: '1' }),
      body: or({ messages: [] }, { description: 'd' }),
      schema: or(v.object({}), v.unknown()),
      idempotent: or(true, false),
      secrets: or(['s3cret-value']),
      timeout: or(5_000),
      headers: or({ 'x-request-id': 'r' }),
    },
    { requiredKeys: [] },
  ),
);

const SEGMENT = /^[A-Za-z0-9_:-]+$/;

it('request(): refused with no request, or one well-formed request', async () => {
  await fc.assert(
    fc.asyncProperty(method, route, options, async (m, r, o) => {
      seen.length = 0;
      let error: unknown;
      try {
        await ams.request(m as never, r as never, o as never);
      } catch (e) {
        error = e;
      }
      if (isInputValidationError(error)) {
        expect(seen).toEqual([]);
        return;
      }
      expect(seen.length).toBeLessThanOrEqual(1);
      for (const request of seen) {
        const url = new URL(request.url, 'http://x');
        expect(['GET', 'POST', 'PUT', 'DELETE']).toContain(request.method);
        expect(url.pathname.startsWith('/v1/')).toBe(true);
        expect(
          url.pathname
            .slice(4)
            .split('/')
            .every((s) => SEGMENT.test(s)),
        ).toBe(true);
        expect(request.key).toBe(TOKEN);
        if (request.body !== '') expect(() => JSON.parse(request.body)).not.toThrow();
      }
      if (error !== undefined) {
        expect(isAmsException(error) || isResponseValidationError(error), String(error)).toBe(true);
      }
    }),
    { seed: 20_260_616, numRuns: 250 },
  );
});
