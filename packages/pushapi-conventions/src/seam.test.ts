import { STATUS_CODES } from 'node:http';
import {
  basicAuth,
  createHttpClient,
  type HttpPlugin,
  isHttpError,
  isInputValidationError,
  isResponseValidationError,
} from '@connectorkit/http-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  exceptionFor,
  FakePushAPI,
  HttpPushAPI,
  type HttpPushAPIOptions,
  InvalidConnectorException,
  InvalidConnectorNameError,
  isInvalidConnectorException,
  isInvalidParameterError,
  isInvalidResponseError,
  isPushAPIException,
  isServerUnavailableException,
  isUnknownErrorException,
  PushAPIException,
  PushAPIFactory,
  PushAPIVersion,
  parseErrorXml,
  ServerUnavailableException,
  UnknownError,
  UnknownErrorException,
} from './index.js';
import { createPapiSimulator, type PapiSimulatorListening } from './testing/index.js';

/*
 * Issue #14: the one error model and the one options vocabulary, over real HTTP on loopback
 * against the PAPI simulator (faults injected with the shared fault injector).
 */

const sim = createPapiSimulator({ connectorName: 'files', login: 'papi', password: 'pw-secret-1' });
let server: PapiSimulatorListening;
beforeAll(async () => {
  server = await sim.listen();
});
afterAll(() => server.close());

const base = (): HttpPushAPIOptions => ({
  version: PushAPIVersion.PAPI_V4,
  host: server.host,
  port: server.port,
  connectorName: 'files',
  connectorType: 'fs',
  login: 'papi',
  password: 'pw-secret-1',
  retry: false,
});

async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
}

describe('acceptance (#14 point 4): retries off, each status rejects with an HttpError', () => {
  // The Push API has no "not found" answer (an unknown URI is a status with exist 0), so 404 is
  // injected like the others.
  it.each([404, 409, 429, 500])('%i', async (status) => {
    sim.faults.failNext(1, status);
    const e = await failure(() => new HttpPushAPI(base()).ping());
    expect(isHttpError(e) && e.status === status).toBe(true);
    if (!isHttpError(e) || !isPushAPIException(e)) throw new Error('not both');
    expect(e.statusText).toBe(STATUS_CODES[status]);
    expect(['string', 'undefined']).toContain(typeof e.serviceCode);
    expect(isUnknownErrorException(e)).toBe(true);
    expect(e).toBeInstanceOf(UnknownErrorException);
    expect(e).toBeInstanceOf(PushAPIException);
    expect(e.httpStatus).toBe(status);
    expect(e).toMatchObject({
      method: 'GET',
      url: expect.stringMatching(/\/papi\/4\/connectors\/files\/ping\?/),
      retryCount: 0,
      attempts: 1,
      isRetryable: status === 429,
      body: expect.stringContaining('injected'),
    });
    expect(e.message).toBe(`The Push API server answered ${status} ${STATUS_CODES[status]}`);
  });
});

describe('answers of the Push API itself', () => {
  it('a 400 <error> carries its type as serviceCode, and its class', async () => {
    const e = await failure(() => new HttpPushAPI({ ...base(), connectorName: 'other' }).ping());
    expect(e).toBeInstanceOf(InvalidConnectorNameError);
    expect(e).toBeInstanceOf(InvalidConnectorException);
    expect(isHttpError(e)).toBe(true);
    expect(e).toMatchObject({
      name: 'InvalidConnectorNameError',
      status: 400,
      statusText: 'Bad Request',
      serviceCode: 'InvalidConnectorNameError',
      serviceMessage: 'Unknown connector other',
      type: 'InvalidConnectorNameError',
      shortMessage: 'Unknown connector other',
      code: 'InvalidConnectorNameError',
      message: 'InvalidConnectorNameError: Unknown connector other',
      headers: expect.objectContaining({ 'content-type': expect.stringContaining('xml') }),
      body: expect.stringContaining('<type>InvalidConnectorNameError</type>'),
    });
  });

  it('a 401 is an InvalidConnectorException and an HttpError; the password is nowhere in it', async () => {
    const e = await failure(() => new HttpPushAPI({ ...base(), password: 'pw-wrong-2' }).ping());
    expect(isInvalidConnectorException(e) && isHttpError(e)).toBe(true);
    expect(e).toMatchObject({ status: 401, statusText: 'Unauthorized', type: 'Unauthorized' });
    expect((e as Error).message).toBe(
      'The server refused the credentials for connector "files" (401 Unauthorized)',
    );
    expect(JSON.stringify(e)).not.toContain('pw-wrong-2');
  });

  it('a 503 is a ServerUnavailableException; retried, it counts its attempts', async () => {
    sim.faults.failNext(3, 503);
    const e = await failure(() =>
      new HttpPushAPI({ ...base(), retry: { limit: 2, baseDelay: 1, maxDelay: 1 } }).ping(),
    );
    expect(isServerUnavailableException(e) && isHttpError(e)).toBe(true);
    expect(e).toBeInstanceOf(ServerUnavailableException);
    expect(e).toMatchObject({ status: 503, retryCount: 2, attempts: 3, isRetryable: true });
  });

  it('an <error> built by exceptionFor from an HttpError is one too; without one it is not', async () => {
    const raw = createHttpClient({
      baseUrl: server.url,
      retry: false,
      auth: basicAuth({ username: 'papi', password: 'pw-secret-1' }),
    });
    const cause = await failure(() => raw.request('/papi/4/connectors/other/ping'));
    if (!isHttpError(cause)) throw new Error('not an HttpError');
    const description = parseErrorXml(cause.body);
    if (!description) throw new Error('no <error>');
    const e = exceptionFor(description, cause.status, cause);
    expect(e).toBeInstanceOf(InvalidConnectorNameError);
    expect(isHttpError(e)).toBe(true);
    expect(e).toMatchObject({
      status: 400,
      statusText: 'Bad Request',
      serviceCode: 'InvalidConnectorNameError',
      serviceMessage: 'Unknown connector other',
      attempts: 1,
      cause,
    });
    const plain = exceptionFor({ type: 'UnknownError', shortMessage: 's', message: 'm' }, 400);
    expect(plain).toBeInstanceOf(UnknownError);
    expect(plain.status).toBe(400);
    expect(isHttpError(plain)).toBe(false);
  });
});

describe('failures without an answer are not HttpErrors', () => {
  it('unreachable, refused before sending, a 2xx of the wrong form, FakePushAPI', async () => {
    const closed = await createPapiSimulator().listen();
    await closed.close();
    const unreachable = await failure(() =>
      new HttpPushAPI({ ...base(), port: closed.port }).ping(),
    );
    expect(isServerUnavailableException(unreachable)).toBe(true);
    expect(isHttpError(unreachable)).toBe(false);
    expect((unreachable as PushAPIException).status).toBeUndefined();

    const refused = await failure(() => new HttpPushAPI(base()).deleteDocument(''));
    expect(isInvalidParameterError(refused) && isInputValidationError(refused)).toBe(true);
    expect(isHttpError(refused)).toBe(false);

    sim.setMalformedResponses(true);
    const malformed = await failure(() =>
      new HttpPushAPI(base()).countSyncedEntries('', 'RECURSIVE_DOCUMENTS'),
    );
    sim.setMalformedResponses(false);
    expect(isInvalidResponseError(malformed) && isResponseValidationError(malformed)).toBe(true);
    expect(isHttpError(malformed)).toBe(false);
    expect((malformed as PushAPIException).status).toBe(200);

    const fake = await failure(() => new FakePushAPI().stopPushSession());
    expect(isPushAPIException(fake)).toBe(true);
    expect(isHttpError(fake)).toBe(false);
  });

  it('classes made by hand keep their names, instanceof and guards', () => {
    const e = new UnknownError({ message: 'm', httpStatus: 500 });
    expect(e).toBeInstanceOf(UnknownErrorException);
    expect(e).toBeInstanceOf(PushAPIException);
    expect(e).not.toBeInstanceOf(ServerUnavailableException);
    expect(e).toMatchObject({ name: 'UnknownError', status: 500, httpStatus: 500 });
    expect(isHttpError(e)).toBe(false);
    expect(new InvalidConnectorNameError({ message: 'n' })).toBeInstanceOf(
      InvalidConnectorException,
    );
  });
});

describe('the common options', () => {
  it('baseUrl, headers, plugins and auth reach the server', async () => {
    const seen: Headers[] = [];
    const spy: HttpPlugin = {
      name: 'spy',
      hooks: {
        beforeRequest: ({ request }) => {
          seen.push(request.headers);
          return undefined;
        },
      },
    };
    const api = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      baseUrl: server.url,
      connectorName: 'files',
      connectorType: 'fs',
      headers: { 'x-team': 'indexing' },
      plugins: [spy],
      auth: basicAuth({ username: 'papi', password: 'pw-secret-1' }),
    });
    await api.ping();
    expect(seen.map((h) => h.get('x-team'))).toEqual(['indexing']);
    expect(seen[0]?.get('accept')).toBe('text/plain, application/xml');
  });

  it('http shares a client: its logger sees the calls, the errors stay the Push API classes', async () => {
    const events: string[] = [];
    const http = createHttpClient({
      logger: (event) => events.push(event.type),
      retry: false,
      auth: basicAuth({ username: 'papi', password: 'pw-secret-1' }),
    });
    const api = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      baseUrl: server.url,
      connectorName: 'files',
      connectorType: 'fs',
      http,
    });
    await api.ping();
    expect(events.length).toBeGreaterThan(0);
    sim.faults.failNext(1, 500);
    const e = await failure(() => api.ping());
    expect(isUnknownErrorException(e) && isHttpError(e)).toBe(true);
  });

  it('refuses both spellings of one option, before any request', () => {
    const refusals = [
      { ...base(), timeout: 1_000, timeoutMs: 1_000 },
      { ...base(), baseUrl: server.url },
      { ...base(), auth: basicAuth({ username: 'a', password: 'b' }) },
    ].map((options) => {
      try {
        return new HttpPushAPI(options);
      } catch (error) {
        return (error as { issues?: { path: string }[] }).issues?.map((i) => i.path);
      }
    });
    expect(refusals).toEqual([['timeoutMs'], ['baseUrl'], ['auth']]);
  });
});

describe('fromEnvironment', () => {
  const env = () => ({
    PAPI_URL: server.url,
    PAPI_CONNECTOR_NAME: 'files',
    PAPI_CONNECTOR_TYPE: 'fs',
    PAPI_LOGIN: 'papi',
    PAPI_PASSWORD: 'pw-secret-1',
  });

  it('makes a working client from the PAPI_* variables, on the class and the factory', async () => {
    await HttpPushAPI.fromEnvironment({ env: env() }).ping();
    await PushAPIFactory.fromEnvironment({ env: env(), retry: false }).ping();
    // Overrides win: a host replaces PAPI_URL.
    const overridden = HttpPushAPI.fromEnvironment({
      env: { ...env(), PAPI_URL: 'http://127.0.0.1:1' },
      host: server.host,
      port: server.port,
    });
    await overridden.ping();
  });

  it('names each missing or refused variable, never quoting the password', () => {
    const issues = (environment: Record<string, string>) => {
      try {
        HttpPushAPI.fromEnvironment({ env: environment });
      } catch (error) {
        expect(isInvalidParameterError(error) && isInputValidationError(error)).toBe(true);
        expect((error as Error).message).not.toContain('pw-secret-1');
        return (error as { issues: { path: string }[] }).issues.map((i) => i.path);
      }
      return [];
    };
    expect(issues({ PAPI_PASSWORD: 'pw-secret-1' })).toEqual([
      'PAPI_URL',
      'PAPI_CONNECTOR_NAME',
      'PAPI_CONNECTOR_TYPE',
    ]);
    expect(issues({ ...env(), PAPI_URL: 'ftp://h/x' })).toEqual(['PAPI_URL']);
    expect(issues({ ...env(), PAPI_LOGIN: 'a:b' })).toEqual(['PAPI_LOGIN']);
    const { PAPI_LOGIN: _, ...withoutLogin } = env();
    expect(issues(withoutLogin)).toEqual(['PAPI_LOGIN']);
    expect(() => HttpPushAPI.fromEnvironment(5 as never)).toThrow(
      /fromEnvironment: overrides: must be an options object/,
    );
  });
});
