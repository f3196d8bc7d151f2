import {
  apiKeyAuth,
  createHttpClient,
  HttpError,
  isConfigError,
  isHttpError,
  isInputValidationError,
  nodeHttpTransport,
} from '@connectorkit/http-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AmsBalancerException,
  AmsConnectionException,
  AmsException,
  AmsMessageException,
  AmsServiceException,
  AmsTimeoutException,
  ArgoMessagingService,
  isAmsBalancerException,
  isAmsException,
  isAmsServiceException,
  isAmsTimeoutException,
} from './index.js';
import { createAmsSimulator } from './testing/index.js';

const TOKEN = 'tok-Seam-7c41';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function start() {
  const sim = createAmsSimulator({ token: TOKEN, project: 'P' });
  const server = await sim.listen();
  closers.push(server.close);
  return { sim, url: server.url };
}

const REASONS: Record<number, string> = {
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

describe('one error model (issue #14): every error answer is an http-core HttpError', () => {
  it('404 (a missing topic), and 409, 429, 500 injected, with retries off', async () => {
    const { sim, url } = await start();
    const ams = new ArgoMessagingService({
      endpoint: url,
      token: TOKEN,
      project: 'P',
      retry: false,
    });
    const missing = await ams.getTopic('missing').catch((e: unknown) => e);
    const injected: unknown[] = [];
    for (const status of [409, 429, 500]) {
      sim.faults.failNext(1, status);
      injected.push(await ams.listTopics().catch((e: unknown) => e));
    }
    for (const [status, error] of [
      [404, missing],
      [409, injected[0]],
      [429, injected[1]],
      [500, injected[2]],
    ] as const) {
      expect(isHttpError(error) && error.status === status).toBe(true);
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).statusText).toBe(REASONS[status]);
      expect(['string', 'undefined']).toContain(typeof (error as HttpError).serviceCode);
      expect(isAmsServiceException(error) && isAmsException(error)).toBe(true);
      expect(error).toBeInstanceOf(AmsServiceException);
      expect(error).toBeInstanceOf(AmsException);
      expect(error).toMatchObject({ retryCount: 0, attempts: 1, method: 'GET' });
    }
    expect(missing).toMatchObject({
      serviceCode: 'NOT_FOUND',
      serviceMessage: "Topic doesn't exist",
      envelopeCode: 404,
      envelopeStatus: 'NOT_FOUND',
      errorMessage: "Topic doesn't exist",
      route: 'topic_get',
      isRetryable: false,
      code: 'AMS_SERVICE_ERROR',
    });
    expect((missing as HttpError).url).toBe(`${url}/v1/projects/P/topics/missing`);
    expect((missing as Error).message).toBe(
      "While trying the [topic_get]: Topic doesn't exist (404 NOT_FOUND)",
    );
    expect((missing as Error).stack?.split('\n')[0]).toBe(
      `AmsServiceException: ${(missing as Error).message}`,
    );
    // The injector's body is not AMS's envelope: no service code, and a 5xx without the
    // envelope is the balancer's (as an HTML page from it is).
    expect(injected[0]).toMatchObject({ serviceCode: undefined, envelopeCode: 409 });
    expect(isAmsBalancerException(injected[2])).toBe(true);
    expect(injected[1]).toMatchObject({ isRetryable: true, route: 'topic_list' });
  });

  it('408 and 503 are the timeout and balancer subclasses, HttpErrors and AmsExceptions too', async () => {
    const { sim, url } = await start();
    const ams = new ArgoMessagingService({ endpoint: url, token: TOKEN, project: 'P', retry: 0 });
    sim.faults.failNext(1, 408);
    const timeout = await ams.listTopics().catch((e: unknown) => e);
    sim.faults.failNext(1, 503);
    const balancer = await ams.listTopics().catch((e: unknown) => e);
    expect(isAmsTimeoutException(timeout) && isHttpError(timeout)).toBe(true);
    expect(timeout).toBeInstanceOf(AmsTimeoutException);
    expect(timeout).not.toBeInstanceOf(AmsBalancerException);
    expect(timeout).toMatchObject({ name: 'AmsTimeoutException', code: 'AMS_TIMEOUT' });
    expect(isAmsBalancerException(balancer) && isHttpError(balancer)).toBe(true);
    expect(balancer).toBeInstanceOf(AmsBalancerException);
    expect(balancer).toBeInstanceOf(AmsServiceException);
    expect(balancer).toBeInstanceOf(AmsException);
    expect(balancer).toMatchObject({ statusText: REASONS[503], code: 'AMS_BALANCER_ERROR' });
  });

  it('instanceof goes by kind: each class holds for its own errors only', async () => {
    const { url } = await start();
    const ams = new ArgoMessagingService({
      endpoint: url.replace(/:\d+$/, ':1'),
      token: TOKEN,
      project: 'P',
      retry: false,
    });
    const refused = await ams.listTopics().catch((e: unknown) => e);
    const message = new AmsMessageException('too large');
    expect(refused).toBeInstanceOf(AmsConnectionException);
    expect(refused).toBeInstanceOf(AmsException);
    expect(isHttpError(refused)).toBe(false);
    expect(refused).not.toBeInstanceOf(AmsServiceException);
    expect(message).toBeInstanceOf(AmsException);
    expect(message).toBeInstanceOf(AmsMessageException);
    expect(refused).not.toBeInstanceOf(AmsMessageException);
    expect(message).not.toBeInstanceOf(AmsConnectionException);
    expect(new Error('x')).not.toBeInstanceOf(AmsException);
  });
});

describe('one options vocabulary', () => {
  it('shares an http-core client: its plugins and headers go with every call, AMS errors laid over', async () => {
    const { url } = await start();
    const seen: string[] = [];
    const http = createHttpClient({
      auth: apiKeyAuth({ key: TOKEN, name: 'x-api-key' }),
      headers: { 'x-team': 'search' },
      plugins: [
        {
          name: 'count',
          hooks: {
            beforeRequest: ({ request }) => {
              seen.push(
                `${request.method} ${new URL(request.url).pathname} ${request.headers.get('x-team')}`,
              );
              return undefined;
            },
          },
        },
      ],
    });
    const ams = new ArgoMessagingService({ endpoint: url, project: 'P', http, retry: false });
    await ams.createTopic('shared');
    const missing = await ams.getTopic('gone').catch((e: unknown) => e);
    expect(seen).toEqual([
      'PUT /v1/projects/P/topics/shared search',
      'GET /v1/projects/P/topics/gone search',
    ]);
    expect(isAmsServiceException(missing) && isHttpError(missing)).toBe(true);
    expect(missing).toMatchObject({ status: 404, serviceCode: 'NOT_FOUND', route: 'topic_get' });
  });

  it('a shared client without credentials sends the token assignToken gives', async () => {
    const { url } = await start();
    const ams = new ArgoMessagingService({ endpoint: url, project: 'P', http: createHttpClient() });
    const denied = await ams.listTopics().catch((e: unknown) => e);
    expect(denied).toMatchObject({ status: 401 });
    ams.assignToken(TOKEN);
    await expect(ams.listTopics()).resolves.toMatchObject({ items: [] });
  });

  it('takes auth, headers, plugins and transport like every connectorkit client', async () => {
    const { url } = await start();
    const headers: string[] = [];
    const ams = new ArgoMessagingService({
      endpoint: url,
      project: 'P',
      auth: apiKeyAuth({ key: TOKEN, name: 'x-api-key' }),
      headers: { 'x-team': 'search' },
      transport: nodeHttpTransport(),
      plugins: [
        {
          name: 'headers',
          hooks: {
            beforeRequest: ({ request }) => {
              headers.push(request.headers.get('x-team') ?? '');
              return undefined;
            },
          },
        },
      ],
    });
    await expect(ams.createTopic('t')).resolves.toMatchObject({ name: '/projects/P/topics/t' });
    expect(headers).toEqual(['search']);
    expect(
      () =>
        new ArgoMessagingService({ endpoint: url, project: 'P', headers: { 'x-api-key': 'k' } }),
    ).toThrow(/x-api-key/);
  });

  it('fromEnvironment reads AMS_ENDPOINT, AMS_PROJECT and AMS_TOKEN, options laid over them', async () => {
    const { url } = await start();
    const env = { AMS_ENDPOINT: url, AMS_PROJECT: 'P', AMS_TOKEN: TOKEN };
    const ams = ArgoMessagingService.fromEnvironment({ env, retry: false });
    expect(ams).toMatchObject({ endpoint: url, project: 'P' });
    await expect(ams.createTopic('from-env')).resolves.toMatchObject({
      name: '/projects/P/topics/from-env',
    });
    const other = ArgoMessagingService.fromEnvironment({
      env: { ...env, AMS_PROJECT: 'Q' },
      project: 'P',
    });
    expect(other.project).toBe('P');
    // No token needed when the credentials come otherwise.
    const withAuth = ArgoMessagingService.fromEnvironment({
      env: { AMS_ENDPOINT: url, AMS_PROJECT: 'P', AMS_TOKEN: '' },
      auth: apiKeyAuth({ key: TOKEN, name: 'x-api-key' }),
    });
    await expect(withAuth.hasTopic('from-env')).resolves.toBe(true);
  });

  it('fromEnvironment names every missing variable in a ConfigError, and refuses bad options', () => {
    const missing = (() => {
      try {
        return ArgoMessagingService.fromEnvironment({ env: { AMS_PROJECT: 'P' } });
      } catch (error) {
        return error;
      }
    })();
    expect(isConfigError(missing)).toBe(true);
    expect((missing as Error).message).toMatch(/AMS_ENDPOINT: is not set/);
    expect((missing as Error).message).toMatch(/AMS_TOKEN: is not set/);
    expect((missing as Error).message).not.toMatch(/AMS_PROJECT/);
    const bad = (() => {
      try {
        return ArgoMessagingService.fromEnvironment([] as never);
      } catch (error) {
        return error;
      }
    })();
    expect(isInputValidationError(bad)).toBe(true);
    expect(() =>
      ArgoMessagingService.fromEnvironment({
        env: { AMS_ENDPOINT: 'not a url', AMS_PROJECT: 'P', AMS_TOKEN: 'secret-Tok-99' },
      }),
    ).toThrow(/endpoint/);
  });
});
