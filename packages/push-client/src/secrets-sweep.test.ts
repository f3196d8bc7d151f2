import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpLogEvent } from '@connectorkit/http-core';
import {
  type LoopbackServer,
  startLoopbackServer,
  visibleText,
} from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchProgressEvent } from './batch/batch-types.js';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import { partialUpdate } from './partial-update/partial-update.js';
import { PushSource } from './push-source.js';

/*
 * A server that echoes every request header and the request line (a pre-signed upload URL's
 * query included) into its error bodies, its response headers and its status text, and hands
 * out pre-signed upload URLs carrying credentials. Whatever error the package throws, nothing a
 * reader sees of it (visibleText: message, stack, cause chain, JSON, inspect with hidden fields)
 * or of the log and progress events holds the API keys or the upload URL's signing values.
 */

const KEY = 'xx-coveo-Api-Key-7f3a9c2e5b';
const SEARCH_KEY = 'xx-search-Key-81b7d4aa';
const SIGNATURE = 'a1b2c3d4e5f60718293a4b5c6d7e8f90deadbeefcafe';
const CREDENTIAL = 'AKIAEXAMPLECRED42/20240101/us-east-1/s3/aws4_request';
const SESSION_TOKEN = 'IQoJb3JpZ2luX2VjEXAMPLEsessionTOKEN';
const ACCESS_KEY_ID = 'AKIAV2ACCESSKEY99';
const V2_SIGNATURE = 'v2SiGnAtUrE0123456789abc';
const SECRETS = [
  KEY,
  SEARCH_KEY,
  SIGNATURE,
  CREDENTIAL,
  encodeURIComponent(CREDENTIAL),
  'AKIAEXAMPLECRED42',
  SESSION_TOKEN,
  ACCESS_KEY_ID,
  V2_SIGNATURE,
];

const v4Query = () =>
  `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(CREDENTIAL)}` +
  `&X-Amz-Date=20240101T000000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host` +
  `&X-Amz-Security-Token=${SESSION_TOKEN}&X-Amz-Signature=${SIGNATURE}`;
const v2Query = () =>
  `AWSAccessKeyId=${ACCESS_KEY_ID}&Expires=1700000000&Signature=${V2_SIGNATURE}`;

type Answer = 'echo' | 'ok' | 'reset' | 'stall' | 'wrongShape' | 'wrongList' | 'notJson';
/** What each route answers in the current scenario (first matching pattern wins). */
let plan: [RegExp, Answer, number?][] = [];
let server: LoopbackServer;
let base = '';

function seen(req: IncomingMessage): string {
  const headers = Object.entries(req.headers).map(([n, v]) => `${n}=${String(v)}`);
  return `${req.method} ${req.url} ${headers.join(' ')}`;
}

/** The route's real answer, when it has to succeed for the scenario to get further. */
function ok(line: string, res: ServerResponse) {
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const container = (query: string) => ({
    uploadUri: `${base}/upload/f-1?${query}`,
    fileId: 'f-1',
    requiredHeaders: { 'x-amz-server-side-encryption': 'AES256' },
  });
  if (/ \/push\/v1\/organizations\/org1\/files/.test(line)) return json(201, container(v4Query()));
  if (/\/stream\/open/.test(line)) return json(201, { streamId: 's-1', ...container(v4Query()) });
  if (/\/chunk/.test(line)) return json(201, container(v2Query()));
  if (/\/rest\/search\/v2\b/.test(line)) return json(200, { results: [] });
  res.writeHead(line.startsWith('PUT /upload') ? 200 : 202);
  res.end();
}

function answer(req: IncomingMessage, res: ServerResponse) {
  const line = `${req.method} ${req.url}`;
  const [, kind, status = 500] = plan.find(([route]) => route.test(line)) ?? [/./, 'ok' as const];
  const echo = seen(req);
  if (kind === 'stall') return; // never answered: the client's timeout ends it
  req.resume();
  if (kind === 'reset') return void req.socket.destroy();
  if (kind === 'ok') return ok(line, res);
  const headers = {
    'content-type': 'application/json',
    'x-echo': echo,
    'x-echo-authorization': String(req.headers.authorization ?? ''),
    'x-request-id': 'req-1',
  };
  if (kind === 'echo') {
    res.writeHead(status, echo.slice(0, 2000), headers);
    return void res.end(JSON.stringify({ errorCode: 'ECHO', message: echo, headers: req.headers }));
  }
  res.writeHead(line.includes('/files') ? 201 : 200, headers);
  if (kind === 'notJson') return void res.end(`not json ${echo} ${base}/upload/x?${v4Query()}`);
  // A wrong shape that carries the headers and a pre-signed URL (its fileId is not a string).
  const wrong = { uploadUri: `${base}/upload/x?${v4Query()}`, fileId: 42, echo: req.headers };
  res.end(JSON.stringify(kind === 'wrongList' ? [wrong, [wrong]] : wrong));
}

beforeAll(async () => {
  server = await startLoopbackServer(answer);
  base = server.url;
});
afterAll(() => server.close());

interface Scenario {
  /** The error class the call must end in (for a batch, its cause's). */
  kind: string;
  plan: [RegExp, Answer, number?][];
  call: (o: ReturnType<typeof sourceOptions>) => Promise<unknown>;
}

function sourceOptions(events: unknown[]) {
  return {
    events,
    baseUrl: base,
    backoff: { maxRetries: 1 },
    retry: { sleep: async () => {} },
    // Long enough for a loaded CI machine; the stall scenario sets its own short one.
    timeout: 5_000,
    logger: (e: HttpLogEvent) => events.push(e),
  };
}
const progress = (events: unknown[]) => ({
  onProgress: (e: BatchProgressEvent) => events.push(e),
  batchRedos: 1,
});
const doc = () => new DocumentBuilder('https://ex.com/a', 'A').withData('x');
const push = (o: ReturnType<typeof sourceOptions>) => new PushSource(KEY, 'org1', o);
const catalog = (o: ReturnType<typeof sourceOptions>) => new CatalogSource(KEY, 'org1', o);

const SCENARIOS: Record<string, Scenario> = {
  'HttpError: a Coveo call echoing the key (401)': {
    kind: 'PushApiError',
    plan: [[/documents\?/, 'echo', 401]],
    call: (o) => push(o).addOrUpdateDocument('src', doc()),
  },
  'HttpError after retries (500) on the source status': {
    kind: 'PushApiError',
    plan: [[/\/status/, 'echo', 500]],
    call: (o) => push(o).setSourceStatus('src', 'IDLE'),
  },
  'BatchUpdateError: the pre-signed upload echoing its URL (S3 403)': {
    kind: 'PushApiError',
    plan: [[/^PUT \/upload/, 'echo', 403]],
    call: (o) => push(o).batchUpdateDocuments('src', { addOrUpdate: [doc()] }, progress(o.events)),
  },
  'BatchUpdateError: the commit echoing the key (500)': {
    kind: 'PushApiError',
    plan: [[/documents\/batch/, 'echo', 500]],
    call: (o) => push(o).batchUpdateDocuments('src', { addOrUpdate: [doc()] }, progress(o.events)),
  },
  'BatchUpdateError with throwOnFailure false: the report itself': {
    kind: 'Error',
    plan: [[/^PUT \/upload/, 'echo', 400]],
    call: async (o) => {
      const report = await push(o).batchUpdateDocuments(
        'src',
        { addOrUpdate: [doc()] },
        { ...progress(o.events), throwOnFailure: false },
      );
      throw Object.assign(new Error('report'), { report });
    },
  },
  'NetworkError: connections reset': {
    kind: 'NetworkError',
    plan: [[/\/status/, 'reset']],
    call: (o) => push(o).setSourceStatus('src', 'IDLE'),
  },
  'TimeoutError: an answer that never comes': {
    kind: 'TimeoutError',
    plan: [[/documents\?/, 'stall']],
    call: (o) => push({ ...o, timeout: 300 }).deleteDocument('src', 'https://ex.com/a'),
  },
  'ResponseValidationError: a container of the wrong shape echoing headers and a signed URL': {
    kind: 'ResponseValidationError',
    plan: [[/\/files/, 'wrongShape']],
    call: (o) => push(o).batchUpdateDocuments('src', { addOrUpdate: [doc()] }, progress(o.events)),
  },
  'ResponseValidationError: a container answered as a list of signed URLs': {
    kind: 'ResponseValidationError',
    plan: [[/\/files/, 'wrongList']],
    call: (o) => push(o).batchUpdateDocuments('src', { addOrUpdate: [doc()] }, progress(o.events)),
  },
  'ResponseValidationError: a write acknowledged with a signed URL in a list': {
    kind: 'ResponseValidationError',
    plan: [[/\/status/, 'wrongList']],
    call: (o) => push(o).setSourceStatus('src', 'IDLE'),
  },
  'ResponseValidationError: a container answer that is not JSON': {
    kind: 'ResponseValidationError',
    plan: [[/\/files/, 'notJson']],
    call: (o) => push(o).batchUpdateDocuments('src', { addOrUpdate: [doc()] }, progress(o.events)),
  },
  'ResponseValidationError: source creation echoing headers': {
    kind: 'ResponseValidationError',
    plan: [[/\/sources$/, 'wrongShape']],
    call: (o) => push(o).create('Name'),
  },
  'HttpError: a security identity call echoing the key': {
    kind: 'PushApiError',
    plan: [[/\/providers\//, 'echo', 403]],
    call: (o) =>
      push(o).identity.createOrUpdateSecurityIdentity('prov', {
        identity: { name: 'a', type: 'USER' },
      }),
  },
  'BatchUpdateError: a stream chunk upload (AWS v2 signature) echoing its URL': {
    kind: 'PushApiError',
    plan: [[/^PUT \/upload/, 'echo', 403]],
    call: (o) =>
      catalog(o).batchStreamDocuments('cat', { addOrUpdate: [doc()] }, progress(o.events)),
  },
  'HttpError: the seed partial update, search echoing its key': {
    kind: 'PushApiError',
    plan: [[/\/rest\/search\/v2/, 'echo', 401]],
    call: (o) =>
      partialUpdate(
        { api_key_search: SEARCH_KEY, api_key_push: KEY, source_id: 'src', org_id: 'org1' },
        [{ key: 'k', metadata: { n: 1 } }],
        { ...o, baseUrl: base },
      ),
  },
  'InputValidationError: an invalid key and an invalid call': {
    kind: 'InputValidationError',
    plan: [],
    call: async (o) => {
      try {
        new PushSource(`${KEY} ${SEARCH_KEY}`, 'org1', o);
      } catch (error) {
        o.events.push(error);
      }
      await push(o).deleteDocument('src', `bad\u0000${KEY}`);
    },
  },
};

describe('no secret in any error or event', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      plan = scenario.plan;
      const events: unknown[] = [];
      const o = sourceOptions(events);
      const error = await scenario.call(o).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      const batch = (error as { name?: string }).name === 'BatchUpdateError';
      const cause = batch ? (error as { cause?: unknown }).cause : error;
      expect((cause as Error).name, String(cause)).toBe(scenario.kind);
      const text = visibleText(error, events);
      expect(text.length).toBeGreaterThan(100);
      for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    });
  }
});
