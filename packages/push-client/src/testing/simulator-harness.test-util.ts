import { type CoveoSimulator, type CoveoSimulatorOptions, createCoveoSimulator } from './index.js';

/** A file container as `POST /files` answers it. */
export interface Container {
  uploadUri: string;
  fileId: string;
  requiredHeaders: Record<string, string>;
}

export interface SimulatorHarness {
  sim: CoveoSimulator;
  url: string;
  call(
    method: string,
    path: string,
    o?: { body?: unknown; key?: string | null; raw?: string },
  ): Promise<Response>;
  container(): Promise<Container>;
  upload(c: Container, payload: unknown, headers?: Record<string, string>): Promise<Response>;
  batch(commit: string, payload: unknown): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Starts a simulator (org `org1`, key `push-key` with every privilege, `search-key` with search
 * only) on loopback, and returns raw-HTTP helpers for tests. `close` must be awaited.
 */
export async function startSimulator(
  options: CoveoSimulatorOptions = {},
): Promise<SimulatorHarness> {
  const sim = createCoveoSimulator({
    apiKeys: ['push-key'],
    keyPrivileges: { 'search-key': ['search'] },
    organizationId: 'org1',
    ...options,
  });
  const server = await sim.listen();
  const url = server.url;
  /** A call; `path` is under `/push/v1/organizations/org1` unless it starts with `/rest`. */
  const call: SimulatorHarness['call'] = (method, path, o = {}) =>
    fetch(`${url}${path.startsWith('/rest') ? '' : '/push/v1/organizations/org1'}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(o.key === null ? {} : { authorization: `Bearer ${o.key ?? 'push-key'}` }),
      },
      ...(o.raw !== undefined
        ? { body: o.raw }
        : o.body !== undefined
          ? { body: JSON.stringify(o.body) }
          : {}),
    });
  const container = async (): Promise<Container> =>
    (await (await call('POST', '/files', { body: {} })).json()) as Container;
  /** PUT to the upload URL with its required headers (plus `headers`). */
  const upload: SimulatorHarness['upload'] = (c, payload, headers = {}) =>
    fetch(c.uploadUri, {
      method: 'PUT',
      headers: { ...c.requiredHeaders, ...headers },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  /** A container filled with `payload` (must upload with 200), committed with `PUT <commit>?fileId=`. */
  const batch: SimulatorHarness['batch'] = async (commit, payload) => {
    const c = await container();
    const uploaded = await upload(c, payload);
    if (uploaded.status !== 200) throw new Error(`upload answered ${uploaded.status}`);
    return call('PUT', `${commit}${commit.includes('?') ? '&' : '?'}fileId=${c.fileId}`);
  };
  return { sim, url, call, container, upload, batch, close: server.close };
}

/** The Coveo `errorCode` of a JSON answer, or S3's `<Code>` of an XML one. */
export async function errorCode(res: Response): Promise<string | undefined> {
  const text = await res.text();
  if (text.startsWith('<')) return /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
  return (JSON.parse(text) as { errorCode?: string }).errorCode;
}
