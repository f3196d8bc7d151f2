import { startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  HttpPushAPI,
  type InvalidConnectorException,
  type InvalidParameterError,
  isInvalidConnectorException,
  isInvalidParameterError,
  isPushAPISessionMismatchException,
  isServerUnavailableException,
  isUnknownErrorException,
  type PushAPISessionMismatchException,
  PushAPIVersion,
  type ServerUnavailableException,
  type UnknownErrorException,
} from './index.js';
import { declarationsOf } from './test-support/declarations.js';
import { createPapiSimulator } from './testing/index.js';

/*
 * Each guard narrows to its own class, not to PushAPIException: checked on the errors an
 * HttpPushAPI really throws against the simulator, and on the declared types (four of the five
 * classes have the same members as PushAPIException, so only the checker tells them apart).
 */

const sim = createPapiSimulator({ connectorName: 'files' });
let requests = 0;
let server: Awaited<ReturnType<typeof startLoopbackServer>>;
beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    requests++;
    return sim.handler(req, res);
  });
});
afterAll(() => server.close());

const api = (connectorName = 'files') =>
  new HttpPushAPI({
    version: PushAPIVersion.PAPI_V4,
    host: '127.0.0.1',
    port: server.port,
    connectorName,
    connectorType: 'fs',
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

describe('error guards on the errors HttpPushAPI throws', () => {
  it('each recognises its own error, and narrows to its class', async () => {
    const before = requests;
    const invalidParameter = await failure(() => api().deleteDocument(''));
    expect(requests).toBe(before);

    sim.faults.failNext(1, 503);
    const unavailable = await failure(() => api().ping());
    const invalidConnector = await failure(() => api('other').ping());
    sim.faults.failNext(1, 500);
    const unknown = await failure(() => api().ping());
    const session = api();
    await session.startPushSession();
    sim.state.crash();
    const mismatch = await failure(() => session.ping());
    expect(requests - before).toBe(5);

    const errors = { invalidParameter, unavailable, invalidConnector, unknown, mismatch };
    const guards = {
      invalidParameter: isInvalidParameterError,
      unavailable: isServerUnavailableException,
      invalidConnector: isInvalidConnectorException,
      unknown: isUnknownErrorException,
      mismatch: isPushAPISessionMismatchException,
    };
    for (const [guardFor, guard] of Object.entries(guards))
      for (const [kind, error] of Object.entries(errors))
        expect([guardFor, kind, guard(error)]).toEqual([guardFor, kind, guardFor === kind]);

    if (!isInvalidParameterError(invalidParameter)) throw new Error('not an InvalidParameterError');
    expectTypeOf(invalidParameter).toEqualTypeOf<InvalidParameterError>();
    // Members only InvalidParameterError has, reachable without a cast.
    expect(invalidParameter.subject).toBe('deleteDocument(uri)');
    expect(invalidParameter.issues.map((i) => i.path)).toEqual(['uri']);

    if (isServerUnavailableException(unavailable))
      expectTypeOf(unavailable).toEqualTypeOf<ServerUnavailableException>();
    if (isInvalidConnectorException(invalidConnector))
      expectTypeOf(invalidConnector).toEqualTypeOf<InvalidConnectorException>();
    if (isUnknownErrorException(unknown))
      expectTypeOf(unknown).toEqualTypeOf<UnknownErrorException>();
    if (isPushAPISessionMismatchException(mismatch))
      expectTypeOf(mismatch).toEqualTypeOf<PushAPISessionMismatchException>();
  });
});

it('every guard is declared to narrow to the class it is named after', () => {
  const { checker, exportsOf } = declarationsOf(['errors.ts']);
  const narrowsTo = Object.fromEntries(
    [...exportsOf('errors.ts')]
      .filter(([name]) => /^is[A-Z]/.test(name))
      .map(([name, symbol]) => {
        const [signature] = checker.getTypeOfSymbol(symbol).getCallSignatures();
        const predicate = signature && checker.getTypePredicateOfSignature(signature);
        return [name, predicate?.type && checker.typeToString(predicate.type)];
      }),
  );
  expect(narrowsTo).toEqual({
    isPushAPIException: 'PushAPIException',
    isServerUnavailableException: 'ServerUnavailableException',
    isInvalidConnectorException: 'InvalidConnectorException',
    isUnknownErrorException: 'UnknownErrorException',
    isInvalidParameterError: 'InvalidParameterError',
    isInvalidResponseError: 'InvalidResponseError',
    isPushAPISessionMismatchException: 'PushAPISessionMismatchException',
  });
});
