import { isResponseValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogSource } from './catalog-source.js';
import { DocumentBuilder } from './document-builder.js';
import { isBatchUpdateError } from './errors.js';
import { FieldAnalyser } from './field-analysis.js';
import { partialUpdate } from './partial-update/partial-update.js';
import { PushSource } from './push-source.js';
import { createCoveoSimulator } from './testing/index.js';

/*
 * A 2xx answer of the wrong shape, per operation: the simulator answers everything else, and
 * the operation under test gets the wrong answer instead. Each must end in a
 * ResponseValidationError (for a batch, as the BatchUpdateError's cause), sent once (not
 * retried), and never reach the caller as a value or a later TypeError.
 */

const sim = createCoveoSimulator({
  apiKeys: ['key-123'],
  organizationId: 'org1',
  sources: [
    { id: 'src', type: 'PUSH' },
    { id: 'cat', type: 'CATALOG' },
  ],
  fields: ['sku'],
});
let server: LoopbackServer;
let wrong: { route: RegExp; body: string; status: number } | undefined;
let hits = 0;
beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const line = `${req.method} ${(req.url ?? '').split('?')[0]}`;
    if (wrong?.route.test(line)) {
      hits++;
      req.resume();
      res.writeHead(wrong.status, { 'content-type': 'application/json' });
      res.end(wrong.body);
      return;
    }
    return sim.handler(req, res);
  });
});
afterAll(() => server.close());

const options = () => ({ baseUrl: server.url, retry: { sleep: async () => {} } });
const push = () => new PushSource('key-123', 'org1', options());
const catalog = () => new CatalogSource('key-123', 'org1', options());
const doc = () => new DocumentBuilder('https://ex.com/a', 'A').withData('x');

const NOT_JSON = ['not json', '{"uploadUri":', '<html>ok</html>'];
const NOT_AN_ACK = ['[]', '[1,2,3]', '42', '"accepted"', 'true', ...NOT_JSON];
const CONTAINER = [
  'null',
  '[]',
  '{}',
  '{"uploadUri":"http://127.0.0.1:9/u"}',
  '{"fileId":"f-1"}',
  '{"uploadUri":"ftp://host/u","fileId":"f-1"}',
  '{"uploadUri":"http://127.0.0.1:9/u","fileId":""}',
  '{"uploadUri":"http://127.0.0.1:9/u","fileId":"f-1","requiredHeaders":{"bad header":"x"}}',
  '{"uploadUri":"http://127.0.0.1:9/u","fileId":"f-1","requiredHeaders":[1]}',
  '{"uploadUri":"http://127.0.0.1:9/u","fileId":"f-1","requiredHeaders":[]}',
  ...NOT_JSON,
];

interface Operation {
  route: RegExp;
  status?: number;
  bodies: string[];
  call: () => Promise<unknown>;
}

const OPERATIONS: Record<string, Operation> = {
  'file container creation (POST /files)': {
    route: /^POST \/push\/v1\/organizations\/org1\/files$/,
    status: 201,
    bodies: CONTAINER,
    call: () => push().batchUpdateDocuments('src', { addOrUpdate: [doc()] }),
  },
  'stream open': {
    route: /\/stream\/open$/,
    status: 201,
    bodies: [...CONTAINER, '{"uploadUri":"http://127.0.0.1:9/u","fileId":"f-1"}'],
    call: () => catalog().batchStreamDocuments('cat', { addOrUpdate: [doc()] }),
  },
  'stream chunk': {
    route: /\/stream\/[^/]+\/chunk$/,
    status: 201,
    bodies: CONTAINER,
    call: () => catalog().batchStreamDocuments('cat', { addOrUpdate: [doc()] }),
  },
  'stream close': {
    route: /\/stream\/[^/]+\/close$/,
    bodies: ['[]', '{"orderingId":{}}', '{"orderingId":[1]}', ...NOT_JSON],
    call: () => catalog().batchStreamDocuments('cat', { addOrUpdate: [doc()] }),
  },
  'stream update commit': {
    route: /\/stream\/update$/,
    status: 202,
    bodies: ['[]', '{"orderingId":true}', ...NOT_JSON],
    call: () => catalog().batchUpdateDocuments('cat', { addOrUpdate: [doc()] }),
  },
  'stream delete older than': {
    route: /\/stream\/deleteolderthan\/\d+$/,
    status: 202,
    bodies: ['[]', '{"orderingId":null}', ...NOT_JSON],
    call: () => catalog().deleteOlderThan('cat', 1),
  },
  'push batch commit': {
    route: /\/documents\/batch$/,
    status: 202,
    bodies: NOT_AN_ACK,
    call: () => push().batchUpdateDocuments('src', { addOrUpdate: [doc()] }),
  },
  'single item push': {
    route: /^PUT .*\/sources\/src\/documents$/,
    status: 202,
    bodies: NOT_AN_ACK,
    call: () => push().addOrUpdateDocument('src', doc()),
  },
  'source status': {
    route: /\/status$/,
    status: 201,
    bodies: NOT_AN_ACK,
    call: () => push().setSourceStatus('src', 'IDLE'),
  },
  'source creation': {
    route: /^POST \/rest\/organizations\/org1\/sources$/,
    status: 201,
    bodies: ['null', '[]', '{}', '{"id":""}', '{"id":42}', ...NOT_JSON],
    call: () => push().create('New', 'PRIVATE'),
  },
  'security identity': {
    route: /\/providers\/prov\/permissions$/,
    status: 202,
    bodies: NOT_AN_ACK,
    call: () =>
      push().identity.createOrUpdateSecurityIdentity('prov', {
        identity: { name: 'a', type: 'USER' },
      }),
  },
  'security identity batch': {
    route: /\/providers\/prov\/permissions\/batch$/,
    status: 202,
    bodies: NOT_AN_ACK,
    call: () =>
      push().identity.batchSecurityIdentities('prov', {
        members: [{ identity: { name: 'a', type: 'USER' } }],
      }),
  },
  'field listing (platform)': {
    route: /\/indexes\/page\/fields$/,
    bodies: [
      'null',
      '{}',
      '{"items":"x","totalPages":1}',
      '{"items":[{"name":5}],"totalPages":1}',
      '{"items":[],"totalPages":-1}',
      '{"items":[],"totalPages":1.5}',
      ...NOT_JSON,
    ],
    call: () => push().createFields(new FieldAnalyser().add([doc().withMetadataValue('n', 1)])),
  },
  'search API (partial update)': {
    route: /^POST \/rest\/search\/v2$/,
    bodies: [
      'null',
      '{}',
      '{"results":null}',
      '{"results":[{}]}',
      '{"results":[{"uri":"a\\u0000b","uniqueId":"u"}]}',
      '{"results":[{"uri":"x","uniqueId":"u","raw":[]}]}',
      ...NOT_JSON,
    ],
    call: () =>
      partialUpdate(
        { api_key_search: 'key-123', api_key_push: 'key-123', source_id: 'src', org_id: 'org1' },
        [{ key: 'https://ex.com/a', metadata: { n: 1 } }],
        options(),
      ),
  },
};

describe('a 2xx answer of the wrong shape is a ResponseValidationError', () => {
  for (const [name, op] of Object.entries(OPERATIONS)) {
    it(name, async () => {
      for (const body of op.bodies) {
        wrong = { route: op.route, body, status: op.status ?? 200 };
        hits = 0;
        let value: unknown;
        let error: unknown;
        try {
          value = await op.call();
        } catch (e) {
          error = e;
        }
        wrong = undefined;
        const where = `${name} answering ${body}`;
        expect(value, where).toBeUndefined();
        const cause = isBatchUpdateError(error) ? error.cause : error;
        expect(isResponseValidationError(cause), `${where}: ${String(cause)}`).toBe(true);
        // The server's answer, not the network's: asked once, never again.
        expect(hits, where).toBe(1);
      }
    });
  }
});
