import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpPushAPI, PushAPIVersion, parseErrorXml } from './index.js';
import { createPapiSimulator } from './testing/index.js';

/*
 * The simulator answers the documented request lines (reference exalead-papi.md 5.2) as a PAPI
 * server would, whoever sends them: raw requests here, not our client.
 */

const sim = createPapiSimulator({ connectorName: 'files' });
let base: string;
let port: number;
let close: () => Promise<void>;
beforeAll(async () => {
  const server = await sim.listen();
  base = `${server.url}/papi/4/connectors/files`;
  port = server.port;
  close = server.close;
  sim.state.add({ uri: 'r/a', stamp: 's-a' });
  sim.state.add({ uri: 'r/sub/b', stamp: 's-b' });
  sim.state.setCheckpoint('C:\\dir\\x line\nend', '', true);
  sim.state.setCheckpoint('v 1', 'a b+', true);
  sim.state.setCheckpoint('a\\nb', 'ambiguous', true);
  sim.state.setCheckpoint('not synced', 'pending', false);
});
afterAll(() => close());

async function call(method: 'GET' | 'POST', command: string) {
  const response = await fetch(`${base}/${command}`, { method });
  return { status: response.status, body: await response.text() };
}

describe('the simulator answers the documented calls', () => {
  it('get_current_session_id: the session id', async () => {
    expect(await call('GET', 'get_current_session_id')).toEqual({
      status: 200,
      body: sim.state.sessionId.toString(),
    });
  });

  it('get_documents_status: one line per PAPI_uri, in order', async () => {
    expect(await call('GET', 'get_documents_status?PAPI_uri=r%2Fa&PAPI_uri=nope')).toEqual({
      status: 200,
      body: 'r%2Fa 1 s-a\nnope 0 \n',
    });
  });

  it('get_checkpoint: the last synced value; get_checkpoint_info: the flag chooses', async () => {
    expect(await call('GET', 'get_checkpoint?PAPI_name=a+b%2B')).toEqual({
      status: 200,
      body: 'v 1',
    });
    expect(await call('GET', 'get_checkpoint?PAPI_name=pending')).toEqual({
      status: 204,
      body: '',
    });
    expect(
      await call('GET', 'get_checkpoint_info?PAPI_name=pending&PAPI_showSynchronizedOnly=false'),
    ).toEqual({ status: 200, body: 'not synced' });
    expect(
      await call('GET', 'get_checkpoint_info?PAPI_name=pending&PAPI_showSynchronizedOnly=true'),
    ).toEqual({ status: 204, body: '' });
    const missing = await call('GET', 'get_checkpoint_info?PAPI_name=pending');
    expect(missing.status).toBe(400);
    expect(parseErrorXml(missing.body)?.type).toBe('InvalidParameterError');
  });

  it('enumerate_checkpoints_info (synced) and enumerate_stated_checkpoints_info: Exalead lines', async () => {
    // urlencode(name) SP value with only CR and LF escaped: the backslashes go as they are.
    const synced = ' C:\\dir\\x line\\nend\na+b%2B v 1\nambiguous a\\nb\n';
    expect(await call('GET', 'enumerate_checkpoints_info')).toEqual({ status: 200, body: synced });
    expect(
      await call('GET', 'enumerate_stated_checkpoints_info?PAPI_showSynchronizedOnly=true'),
    ).toEqual({ status: 200, body: synced });
    expect(
      await call('GET', 'enumerate_stated_checkpoints_info?PAPI_showSynchronizedOnly=false'),
    ).toEqual({ status: 200, body: `${synced}pending not synced\n` });
  });

  it('enumerate_synced_entries: the synced entries under PAPI_rootPath by PAPI_mode', async () => {
    expect(
      await call('GET', 'enumerate_synced_entries?PAPI_rootPath=r&PAPI_mode=NOT_RECURSIVE_ALL'),
    ).toEqual({ status: 200, body: 'r%2Fa f s-a\nr%2Fsub d \n' });
  });

  it('set_checkpoint answers the serial; delete_documents_root_path answers nothing', async () => {
    expect(await call('POST', 'set_checkpoint?PAPI_checkpoint=x&PAPI_name=later')).toEqual({
      status: 200,
      body: '2',
    });
    expect(
      await call('POST', 'delete_documents_root_path?PAPI_rootPath=r&PAPI_recursive=false'),
    ).toEqual({ status: 204, body: '' });
    expect(await call('GET', 'get_documents_status?PAPI_uri=r%2Fa&PAPI_uri=r%2Fsub%2Fb')).toEqual({
      status: 200,
      body: 'r%2Fa 0 \nr%2Fsub%2Fb 1 s-b\n',
    });
  });

  it('each command accepts only its own method (405)', async () => {
    expect((await call('POST', 'enumerate_checkpoints_info')).status).toBe(405);
    expect((await call('GET', 'set_checkpoint?PAPI_checkpoint=x')).status).toBe(405);
  });

  it('HttpPushAPI reads back through the simulator what it wrote, backslashes included', async () => {
    const api = new HttpPushAPI(PushAPIVersion.PAPI_V4, '127.0.0.1', port, 'files', 'fs');
    expect(await api.getCheckpoint('')).toBe('C:\\dir\\x line\nend');
    expect(await api.getCheckpoint('ambiguous')).toBe('a\\nb');
    const infos = [];
    for await (const info of api.enumerateCheckpointsInfo()) infos.push(info);
    // Exalead's format does not double a backslash: a backslash then `n`, written as text, reads
    // back as a line break through an enumeration (get_checkpoint carries the value as it is).
    expect(infos).toEqual([
      { name: '', value: 'C:\\dir\\x line\nend' },
      { name: 'a b+', value: 'v 1' },
      { name: 'ambiguous', value: 'a\nb' },
    ]);
  });
});

describe('the simulator serves browser pages (withCors)', () => {
  it('answers a preflight, and lets a page of any origin read answers and their headers', async () => {
    const origin = 'http://page.example';
    const preflight = await fetch(`${base}/set_checkpoint`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
    const answer = await fetch(`${base}/get_current_session_id`, { headers: { origin } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
    expect(answer.headers.get('access-control-expose-headers')).toContain('content-type');
    const refused = await fetch(`${base}/sync`, { headers: { origin } });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('access-control-allow-origin')).toBe(origin);
    const plain = await fetch(`${base}/get_current_session_id`);
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });
});
