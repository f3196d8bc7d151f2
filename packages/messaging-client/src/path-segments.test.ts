import { isInputValidationError } from '@connectorkit/http-core';
import {
  type LoopbackServer,
  startLoopbackServer,
  toNodeHandler,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArgoMessagingService } from './index.js';
import { createAmsSimulator } from './testing/index.js';

/* Every name becomes one path segment: a `.` or `..` is refused before any request. */

const TOKEN = 'tok-segments';
const sim = createAmsSimulator({ token: TOKEN, project: 'P' });
const lines: string[] = [];
let server: LoopbackServer;
let ams: ArgoMessagingService;

beforeAll(async () => {
  const simulate = toNodeHandler(sim.handler);
  server = await startLoopbackServer((req, res) => {
    lines.push(`${req.method} ${req.url}`);
    return simulate(req, res);
  });
  ams = new ArgoMessagingService({
    endpoint: server.url,
    token: TOKEN,
    project: 'P',
    retry: false,
  });
});
afterAll(() => server.close());
beforeEach(() => {
  lines.length = 0;
});

const calls: Record<string, (segment: string) => Promise<unknown>> = {
  'getTopic topic': (name) => ams.getTopic(name),
  'deleteTopic topic': (name) => ams.deleteTopic(name),
  'getTopic project': (project) => ams.getTopic(`projects/${project}/topics/t`),
  'getSub subscription': (name) => ams.getSub(name),
  'deleteSub subscription': (name) => ams.deleteSub(name),
  'getUser user': (name) => ams.getUser(name),
  'deleteUser user': (name) => ams.deleteUser(name),
  'getUserByToken token': (token) => ams.getUserByToken(token),
  'getUserByUuid uuid': (uuid) => ams.getUserByUuid(uuid),
  'getProject project': (name) => ams.getProject(name),
  'deleteProject project': (name) => ams.deleteProject(name),
};

describe('a hostile name never reaches another resource', () => {
  for (const [name, call] of Object.entries(calls)) {
    it.each(['.', '..', ''])(`${name} = %j: a named error, no request`, async (segment) => {
      const error = await call(segment).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isInputValidationError(error)).toBe(true);
      expect((error as Error).message).toContain(name.split(' ')[1]);
      expect(lines).toEqual([]);
    });
  }

  it('a client whose project is "." or ".." is refused when it is made', () => {
    for (const project of ['.', '..']) {
      expect(
        () => new ArgoMessagingService({ endpoint: server.url, token: TOKEN, project }),
      ).toThrow(/project: must contain only letters/);
    }
    expect(lines).toEqual([]);
  });

  it('refuses a token or uuid that AMS would refuse as a path variable, without quoting it', async () => {
    for (const call of [() => ams.getUserByToken('a/b?c'), () => ams.getUserByUuid('a/b?c')]) {
      const error = await call().catch((e: unknown) => e);
      expect(isInputValidationError(error)).toBe(true);
      expect((error as Error).message).not.toContain('a/b?c');
    }
    expect(lines).toEqual([]);
  });
});
