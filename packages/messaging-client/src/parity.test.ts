import type { IncomingHttpHeaders } from 'node:http';
import {
  type InputValidationError,
  isInputValidationError,
  isResponseValidationError,
} from '@connectorkit/http-core';
import { startLoopbackServer, toNodeHandler, visibleText } from '@connectorkit/http-core/testing';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AmsMessage,
  ArgoMessagingService,
  isAmsConnectionException,
  isAmsServiceException,
} from './index.js';
import { createAmsSimulator } from './testing/index.js';

// argo-ams-library parity (issue #16), over loopback HTTP with every request counted.
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const TOKEN = 'admin-token-0001';

async function start(options: { retry?: false } = {}) {
  const sim = createAmsSimulator({
    project: 'P',
    token: TOKEN,
    users: [
      { name: 'bob', token: 'bob-token-0002', projects: [{ project: 'P', roles: ['consumer'] }] },
    ],
  });
  const seen: IncomingHttpHeaders[] = [];
  const inner = toNodeHandler(sim.handler);
  const server = await startLoopbackServer((req, res) => {
    seen.push(req.headers);
    return inner(req, res);
  });
  closers.push(server.close);
  const ams = new ArgoMessagingService({
    endpoint: server.url,
    token: TOKEN,
    project: 'P',
    ...(options.retry === false ? { retry: false } : {}),
  });
  return { sim, server, ams, seen };
}

const refusal = (run: () => unknown): InputValidationError | undefined => {
  try {
    run();
  } catch (error) {
    if (isInputValidationError(error)) return error;
    throw error;
  }
  return undefined;
};
const rejection = async (run: () => Promise<unknown>): Promise<unknown> =>
  run().then(
    () => undefined,
    (error: unknown) => error,
  );

describe('per-call timeout and headers (the seed’s **reqkwargs)', () => {
  it('sends the headers of one call, not the next; refuses x-api-key and header injection', async () => {
    const { ams, seen } = await start();
    await ams.createTopic('t', { headers: { 'x-request-id': 'abc-123', 'X-Trace': 'on' } });
    await ams.getTopic('t');
    expect(seen[0]).toMatchObject({
      'x-request-id': 'abc-123',
      'x-trace': 'on',
      'x-api-key': TOKEN,
    });
    expect(seen[1]?.['x-request-id']).toBeUndefined();
    const before = seen.length;
    for (const headers of [
      { 'x-api-key': 'other' },
      { 'bad name': 'x' },
      { 'x-ok': 'line\r\nx-injected: 1' },
      { 'x-ok': 5 },
      ['x'],
    ]) {
      const error = await rejection(() => ams.getTopic('t', { headers } as never));
      expect(isInputValidationError(error), JSON.stringify(headers)).toBe(true);
      expect((error as InputValidationError).issues[0]?.path).toMatch(/^getTopic options\.headers/);
    }
    expect(seen.length).toBe(before);
  });

  it('keeps a credential header of a call out of its errors', async () => {
    const { ams } = await start();
    const error = await rejection(() =>
      ams.getTopic('missing', { headers: { authorization: 'Bearer call-secret-777' } }),
    );
    expect(isAmsServiceException(error)).toBe(true);
    expect(visibleText(error)).not.toContain('call-secret-777');
  });

  it('a call with its own timeout ends at that timeout', async () => {
    const { ams, sim } = await start({ retry: false });
    const server = await sim.listen();
    closers.push(server.close);
    const direct = new ArgoMessagingService({
      endpoint: server.url,
      token: TOKEN,
      project: 'P',
      retry: false,
    });
    sim.faults.next({ kind: 'stall' });
    const error = await rejection(() => direct.getTopic('t', { timeout: 150 }));
    expect(isAmsConnectionException(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/150/);
    for (const timeout of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '100']) {
      const bad = await rejection(() => ams.getTopic('t', { timeout } as never));
      expect(isInputValidationError(bad)).toBe(true);
    }
  });
});

describe('assignToken', () => {
  it('replaces the token for every later call, and keeps the old one redacted', async () => {
    const { ams, seen } = await start();
    expect((await ams.getUserProfile()).name).toBe('admin');
    ams.assignToken('bob-token-0002');
    expect((await ams.getUserProfile()).name).toBe('bob');
    expect(seen.at(-1)?.['x-api-key']).toBe('bob-token-0002');
    const error = await rejection(() => ams.getTopic('missing'));
    expect(visibleText(error)).not.toContain('bob-token-0002');
    expect(visibleText(error)).not.toContain(TOKEN);
    const before = seen.length;
    for (const token of ['', 'has space', 'é', 42, undefined]) {
      expect(refusal(() => ams.assignToken(token as string))?.issues[0]?.path).toBe('token');
    }
    expect(seen.length).toBe(before);
  });
});

describe('AmsSubscription.offsets({ offset })', () => {
  it('returns one number as the seed does, all three otherwise', async () => {
    const { ams } = await start();
    const topic = await ams.topic('t');
    const sub = await topic.subscription('s');
    await topic.publish([new AmsMessage({ data: 'a' }), new AmsMessage({ data: 'b' })]);
    expect(await sub.offsets()).toEqual({ max: 2, min: 0, current: 0 });
    expect(await sub.offsets({ offset: 'all' })).toEqual({ max: 2, min: 0, current: 0 });
    expect(await sub.offsets({ offset: 'max' })).toBe(2);
    expect(await sub.offsets({ offset: 'min' })).toBe(0);
    expect(await sub.offsets({ offset: 'current', moveTo: 1 })).toBe(1);
    const bad = await rejection(() => sub.offsets({ offset: 'latest' } as never));
    expect((bad as InputValidationError).issues[0]?.path).toBe('offsets options.offset');
  });
});

describe('request(): routes the client does not wrap', () => {
  it('fills placeholders ({project} by default), sends JSON bodies and reads the answer', async () => {
    const { ams, seen } = await start();
    await ams.createTopic('t');
    const topic = await ams.request('GET', '/projects/{project}/topics/{topic}', {
      params: { topic: 't' },
    });
    expect(topic).toMatchObject({ name: '/projects/P/topics/t' });
    const published = await ams.request('POST', '/projects/{project}/topics/{topic}:publish', {
      params: { topic: 't' },
      body: { messages: [{ data: 'YQ==' }] },
      schema: v.object({ messageIds: v.array(v.string()) }),
    });
    expect(published.messageIds).toEqual(['0']);
    expect(await ams.request('DELETE', '/projects/P/topics/t')).toBeUndefined();
    const page = await ams.request('GET', '/projects/{project}/topics', {
      searchParams: { pageSize: '1' },
      headers: { 'x-request-id': 'r1' },
    });
    expect(page).toEqual({ topics: [], nextPageToken: '', totalSize: 0 });
    expect(seen.at(-1)).toMatchObject({ 'x-request-id': 'r1' });
  });

  it('checks the answer against the schema given; keeps a {token} out of errors', async () => {
    const { ams } = await start();
    const wrong = await rejection(() =>
      ams.request('GET', '/status', { schema: v.object({ status: v.number() }) }),
    );
    expect(isResponseValidationError(wrong)).toBe(true);
    expect(
      await ams.request('GET', '/users:byToken/{token}', { params: { token: 'bob-token-0002' } }),
    ).toMatchObject({ name: 'bob' });
    const missing = await rejection(() =>
      ams.request('GET', '/users:byToken/{token}', { params: { token: 'no-such-token-9' } }),
    );
    expect(missing).toMatchObject({ status: 404, route: 'GET /users:byToken/{token}' });
    expect(visibleText(missing)).not.toContain('no-such-token-9');
  });

  it('refuses bad methods, routes, params, bodies and schemas before any request', async () => {
    const { ams, seen } = await start();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const cases: Array<[unknown, unknown, unknown, string]> = [
      ['PATCH', '/status', {}, 'method'],
      ['get', '/status', {}, 'method'],
      ['GET', '/v1/status', {}, 'route'],
      ['GET', 'status', {}, 'route'],
      ['GET', '/projects/../users', {}, 'route'],
      ['GET', '/status?x=1', {}, 'route'],
      ['GET', '/a//b', {}, 'route'],
      ['GET', 7, {}, 'route'],
      ['GET', '/projects/{project}/topics/{topic}', {}, 'request options.params.topic'],
      [
        'GET',
        '/projects/{project}/topics/{topic}',
        { params: { topic: '..' } },
        'request options.params.topic',
      ],
      [
        'GET',
        '/projects/{project}/topics/{topic}',
        { params: { topic: 't', other: 'x' } },
        'request options.params.other',
      ],
      [
        'GET',
        '/projects/{project}/topics/{topic}',
        { params: { project: 'a b', topic: 't' } },
        'request options.params.project',
      ],
      ['POST', '/status', { body: circular }, 'request options.body'],
      ['POST', '/status', { body: 10n }, 'request options.body'],
      ['GET', '/status', { schema: { kind: 'nope' } }, 'request options.schema'],
      ['GET', '/status', { searchParams: { a: 1 } }, 'request options.searchParams.a'],
      ['GET', '/status', null, 'request options'],
      ['GET', '/status', [], 'request options'],
    ];
    for (const [method, route, options, path] of cases) {
      const error = await rejection(() =>
        ams.request(method as never, route as never, options as never),
      );
      expect(isInputValidationError(error), `${String(method)} ${String(route)}`).toBe(true);
      expect((error as InputValidationError).issues[0]?.path).toBe(path);
    }
    expect(seen.length).toBe(0);
  });

  it('repeats GET, PUT and DELETE after a balancer error, a POST only when marked idempotent', async () => {
    const { ams, sim } = await start();
    const server = await sim.listen();
    closers.push(server.close);
    const direct = new ArgoMessagingService({
      endpoint: server.url,
      token: TOKEN,
      project: 'P',
      retry: { limit: 1, baseDelay: 0, maxDelay: 0 },
    });
    const page = {
      kind: 'status' as const,
      status: 503,
      body: '<html>503</html>',
      contentType: 'text/html',
    };
    sim.faults.next(page);
    expect(await direct.request('GET', '/status')).toMatchObject({ status: 'ok' });
    sim.faults.next(page);
    await expect(
      direct.request('POST', '/projects/P/topics/t:publish', { body: { messages: [] } }),
    ).rejects.toMatchObject({ status: 503 });
    await ams.createTopic('t');
    sim.faults.next(page);
    expect(
      await direct.request('POST', '/projects/P/topics/t:publish', {
        body: { messages: [] },
        idempotent: true,
      }),
    ).toEqual({ messageIds: [] });
  });
});

describe('admin calls over HTTP', () => {
  it('updateProject renames and describes, deleteProject removes (a second delete is a 404)', async () => {
    const { ams, sim } = await start();
    await ams.createProject('Q', 'first');
    expect(await ams.updateProject('Q', { description: 'second' })).toMatchObject({
      name: 'Q',
      description: 'second',
    });
    expect(await ams.updateProject('Q', { name: 'R' })).toMatchObject({ name: 'R' });
    expect(sim.state.projects.has('Q')).toBe(false);
    await ams.deleteProject('R');
    expect(sim.state.projects.has('R')).toBe(false);
    await expect(ams.deleteProject('R')).rejects.toMatchObject({ status: 404 });
    await expect(ams.getProject('R')).rejects.toMatchObject({ status: 404 });
  });

  it('metrics and usageReport read the operational and per-project figures', async () => {
    const { ams } = await start();
    await ams.createTopic('t');
    await ams.publish('t', [new AmsMessage({ data: 'a' }), new AmsMessage({ data: 'b' })]);
    const metrics = await ams.metrics();
    expect(metrics.metrics).toEqual(
      expect.arrayContaining([expect.objectContaining({ metric: 'ams_node.number_of_topics' })]),
    );
    const report = await ams.usageReport({
      projects: ['P'],
      startDate: new Date('2026-01-01T12:00:00Z'),
      endDate: new Date('2026-01-02T12:00:00Z'),
    });
    expect(report).toMatchObject({
      va_metrics: { projects: [{ project: 'P', message_count: 2, average_daily_messages: 1 }] },
      operational_metrics: { metrics: [] },
    });
    const bad = await rejection(() => ams.usageReport({ startDate: new Date(Number.NaN) }));
    expect((bad as InputValidationError).issues[0]?.path).toBe('usageReport options.startDate');
  });
});

describe('AmsTopic, AmsSubscription and AmsMessage helpers over HTTP', () => {
  it('topic.publisher() batches, sub.subscribe() consumes, a pulled message has its id and time', async () => {
    const { ams, sim } = await start();
    const server = await sim.listen();
    closers.push(server.close);
    const direct = new ArgoMessagingService({
      endpoint: server.url,
      token: TOKEN,
      project: 'P',
      retry: false,
    });
    const topic = await direct.topic('t');
    const sub = await topic.subscription('s');
    const publisher = topic.publisher({ maxMessages: 2, maxDelayMs: 1 });
    const ids = await Promise.all(['a', 'b', 'c'].map((d) => publisher.publish(d)));
    await publisher.flush();
    expect(ids).toEqual(['0', '1', '2']);
    // A batch AMS refuses rejects every publish of that batch.
    sim.faults.next({ kind: 'status', status: 500, body: '{}', contentType: 'application/json' });
    const refused = await Promise.allSettled([publisher.publish('d'), publisher.publish('e')]);
    expect(refused.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    const seen: Array<[string, string, string]> = [];
    const consumer = sub.subscribe(
      (message) => {
        seen.push([message.text(), message.getMsgid(), message.getPublishtime()]);
      },
      { stopWhenEmpty: true },
    );
    await consumer.done;
    expect(seen.map(([text, id]) => [text, id])).toEqual([
      ['a', '0'],
      ['b', '1'],
      ['c', '2'],
    ]);
    expect(seen[0]?.[2]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    expect(sim.offsets('s')).toEqual({ max: 3, min: 0, current: 3 });
    expect(await ams.getoffsetsSub('s', 'current')).toBe(3);
  });

  it('the data setter replaces the bytes sent, and takes only bytes', async () => {
    const { ams, sim } = await start();
    await ams.createTopic('t');
    const message = new AmsMessage({ data: 'text' });
    message.data = new Uint8Array([1, 2, 3]);
    await ams.publish('t', message);
    expect(sim.state.topics.get('P/t')?.messages[0]?.data).toBe('AQID');
    expect(
      refusal(() => {
        message.data = 'text' as unknown as Uint8Array;
      })?.issues[0]?.path,
    ).toBe('data');
  });
});
