import { inspect } from 'node:util';
import { recordCalls } from '@connectorkit/http-core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HttpPushAPI,
  InvalidConnectorNameError,
  isInvalidConnectorException,
  isServerUnavailableException,
  isUnknownErrorException,
  PushAPIFactory,
  PushAPIVersion,
  parseErrorXml,
  toErrorXml,
} from './index.js';
import { createPapiSimulator } from './testing/index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function simulator(options: Parameters<typeof createPapiSimulator>[0] = {}) {
  const sim = createPapiSimulator({ connectorName: 'files', ...options });
  const server = await sim.listen();
  closers.push(server.close);
  return { sim, server };
}

describe('HttpPushAPI construction', () => {
  it('rejects a wrong version, a login without a password, and a bad port', () => {
    expect(() => new HttpPushAPI('PAPI_V3' as never, 'h', 1, 'c', 't')).toThrow(/PAPI_V4/);
    expect(() => new HttpPushAPI(PushAPIVersion.PAPI_V4, 'h', 1, 'c', 't', 'me', null)).toThrow(
      /both be set or both be null/,
    );
    expect(
      () =>
        new HttpPushAPI({
          version: PushAPIVersion.PAPI_V4,
          host: 'h',
          port: 'x',
          connectorName: 'c',
          connectorType: 't',
        }),
    ).toThrow(/port: must be a whole number from 1 to 65535/);
  });

  it('uses base port + 2 when no port is given, and the papi/4 path', async () => {
    const calls = recordCalls(async () => new Response(null, { status: 204 }));
    const api = PushAPIFactory.createHttp({
      version: PushAPIVersion.PAPI_V4,
      host: 'cv.example',
      basePort: 42000,
      connectorName: 'my conn',
      connectorType: 'fs',
      fetch: calls,
    });
    await api.ping();
    expect(calls.calls[0]?.url).toBe(
      'http://cv.example:42002/papi/4/connectors/my%20conn/ping?PAPI_connectorType=fs',
    );
  });
});

describe('the wire', () => {
  it('sends documents as multipart PAPI_<k>: fields, UTF-8, with parts and directives', async () => {
    const { sim, server } = await simulator();
    const calls = recordCalls();
    const api = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: server.host,
      port: server.port,
      connectorName: 'files',
      connectorType: 'fs',
      fetch: calls,
    });
    await api.addDocument({
      uri: 'docs/été.html',
      stamp: '2026-11-24',
      metas: { title: 'Résumé', tag: ['a', 'b'] },
      parts: [{ content: '<p>héllo</p>', mimeHint: 'text/html', encoding: 'utf-8' }],
      directives: { lang: 'fr' },
    });
    const body = calls.calls[0]?.body ?? '';
    for (const field of [
      'PAPI_0:uri',
      'PAPI_0:stamp',
      'PAPI_0:meta:title',
      'PAPI_0:meta:tag',
      'PAPI_0:part_bytes:master',
      'PAPI_0:directive:lang',
      'PAPI_0:part_directive:master:encoding',
    ]) {
      expect(body).toContain(`name="${field}"`);
    }
    await api.sync();
    expect(sim.state.document('docs/été.html')).toMatchObject({
      stamp: '2026-11-24',
      metas: { title: 'Résumé', tag: ['a', 'b'] },
      directives: { lang: 'fr' },
      parts: [{ name: 'master', mimeHint: 'text/html', encoding: 'utf-8' }],
    });
    const part = sim.state.document('docs/été.html')?.parts?.[0];
    expect(Buffer.from(part?.content as Uint8Array).toString()).toBe('<p>héllo</p>');
  });

  it('round-trips the error XML', () => {
    const xml = toErrorXml({
      type: 'InvalidParameterError',
      shortMessage: 'bad <mode>',
      message: 'PAPI_mode & more',
    });
    expect(parseErrorXml(xml)).toEqual({
      type: 'InvalidParameterError',
      shortMessage: 'bad <mode>',
      message: 'PAPI_mode & more',
    });
    expect(parseErrorXml('<html>nope</html>')).toBeUndefined();
  });
});

describe('errors map to the recommendation exceptions', () => {
  it('an unreachable server is ServerUnavailableException', async () => {
    const { server } = await simulator();
    const port = server.port;
    await server.close();
    const api = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: '127.0.0.1',
      port,
      connectorName: 'files',
      connectorType: 'fs',
      retry: false,
    });
    expect(isServerUnavailableException(await api.ping().catch((e: unknown) => e))).toBe(true);
  });

  it('an overloaded server (503) is ServerUnavailableException; a read is retried first', async () => {
    const { sim, server } = await simulator();
    const api = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: server.host,
      port: server.port,
      connectorName: 'files',
      connectorType: 'fs',
      retry: { limit: 1, sleep: async () => {} },
    });
    sim.faults.failNext(1, 503);
    await expect(api.countSyncedEntries('', 'RECURSIVE_DOCUMENTS')).resolves.toBe(0n);
    sim.faults.failNext(1, 503);
    expect(isServerUnavailableException(await api.sync().catch((e: unknown) => e))).toBe(true);
  });

  it('an unknown connector name is InvalidConnectorNameError; refused credentials are InvalidConnectorException', async () => {
    const { server } = await simulator({ login: 'papi', password: 'the-Secret-1' });
    const wrongName = new HttpPushAPI(
      PushAPIVersion.PAPI_V4,
      server.host,
      server.port,
      'nope',
      'fs',
      'papi',
      'the-Secret-1',
    );
    const nameError = await wrongName.ping().catch((e: unknown) => e);
    expect(nameError).toBeInstanceOf(InvalidConnectorNameError);
    expect(isInvalidConnectorException(nameError)).toBe(true);
    const wrongPassword = new HttpPushAPI(
      PushAPIVersion.PAPI_V4,
      server.host,
      server.port,
      'files',
      'fs',
      'papi',
      'wrong-Secret-2',
    );
    const authError = await wrongPassword.ping().catch((e: unknown) => e);
    expect(isInvalidConnectorException(authError)).toBe(true);
    expect(`${inspect(authError, { depth: 6 })}${JSON.stringify(authError)}`).not.toContain(
      'wrong-Secret-2',
    );
  });

  it('a connector type the license refuses is InvalidConnectorNameError', async () => {
    const { server } = await simulator({ connectorTypes: ['fs'] });
    const api = new HttpPushAPI(
      PushAPIVersion.PAPI_V4,
      server.host,
      server.port,
      'files',
      'web',
      null,
      null,
    );
    expect(await api.startPushSession().catch((e: unknown) => e)).toBeInstanceOf(
      InvalidConnectorNameError,
    );
  });

  it('a malformed answer is UnknownErrorException; server-side parameter errors are InvalidParameterError', async () => {
    const { sim, server } = await simulator();
    const api = new HttpPushAPI(
      PushAPIVersion.PAPI_V4,
      server.host,
      server.port,
      'files',
      'fs',
      null,
      null,
    );
    sim.setMalformedResponses(true);
    expect(isUnknownErrorException(await api.startPushSession().catch((e: unknown) => e))).toBe(
      true,
    );
    sim.setMalformedResponses(false);
    const response = await fetch(
      `${server.url}/papi/4/connectors/files/count_synced_entries?PAPI_rootPath=&PAPI_mode=ALL`,
    );
    expect(response.status).toBe(400);
    expect(parseErrorXml(await response.text())?.type).toBe('InvalidParameterError');
    expect((await fetch(`${server.url}/papi/4/connectors/files/sync`)).status).toBe(405);
  });
});
