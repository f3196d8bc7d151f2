import { isInputValidationError } from '@connectorkit/http-core';
import { type LoopbackServer, startLoopbackServer } from '@connectorkit/http-core/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Document,
  FakePushAPI,
  HttpPushAPI,
  type HttpPushAPIOptions,
  isInvalidParameterError,
  isPushAPIException,
  type PushAPI,
  PushAPIFactory,
  PushAPIVersion,
} from './index.js';
import {
  hostile,
  hostileDocument,
  hostileDocuments,
  hostileFlag,
  hostileNames,
  hostileSerial,
  hostileUris,
  validCheckpoint,
  validDocument,
  validMode,
  validName,
  validRootPath,
  validSerial,
  validUri,
  wrongType,
} from './test-support/hostile-values.js';
import { createPapiSimulator } from './testing/index.js';

/*
 * Every public method, fed generated hostile arguments: either the named input error with no
 * request at all, or only well-formed requests (the simulator, which checks every parameter,
 * answered 2xx) whose values arrived unchanged; FakePushAPI refuses exactly the same calls.
 */

interface Received {
  method: string;
  path: string;
  status: number;
}
const sim = createPapiSimulator({ connectorName: 'files' });
const received: Received[] = [];
let server: LoopbackServer;

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const record = {
      method: req.method ?? '',
      path: new URL(req.url ?? '/', 'http://x').pathname,
      status: 0,
    };
    received.push(record);
    res.on('finish', () => {
      record.status = res.statusCode;
    });
    return sim.handler(req, res);
  });
});
afterAll(() => server.close());

const options = (): HttpPushAPIOptions => ({
  version: PushAPIVersion.PAPI_V4,
  host: '127.0.0.1',
  port: server.port,
  connectorName: 'files',
  connectorType: 'fs',
  retry: 0,
});

interface Arg {
  name: string;
  valid: fc.Arbitrary<unknown>;
  hostile: fc.Arbitrary<unknown>;
}
interface Entry {
  args: readonly Arg[];
  call(api: PushAPI, args: unknown[]): Promise<unknown>;
  /** What a call that went through must have done on the simulator. */
  arrived?(result: unknown, args: unknown[]): void;
}

const arg = (name: string, valid: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown> = hostile) => ({
  name,
  valid,
  hostile: bad,
});
const docs = arg('documents', fc.array(validDocument, { maxLength: 3 }), hostileDocuments);
const fields = arg('fields', fc.array(validName, { maxLength: 2 }), hostileNames);
const mode = arg('mode', validMode);
const root = arg('rootPath', validRootPath);
const flag = (name: string) => arg(name, fc.boolean(), hostileFlag);
const readSome = async (iterator: {
  nextBatch(n: number): Promise<unknown[]>;
  close(): Promise<void>;
}) => {
  try {
    return await iterator.nextBatch(3);
  } finally {
    await iterator.close();
  }
};
// A method's own call, as a user makes it (enumerations are read a little, then closed).
const call =
  (f: (api: PushAPI, a: [never, never, never]) => Promise<unknown> | unknown) =>
  async (api: PushAPI, a: unknown[]) =>
    f(api, a as [never, never, never]);

const stampsArrived = (list: unknown) => {
  const last = new Map<string, Document>();
  for (const doc of list as Document[]) last.set(doc.uri, doc);
  for (const [uri, doc] of last) {
    const status = sim.state.status(uri);
    expect(status.exist).toBe(true);
    if (doc.stamp) expect(status.stamp).toBe(doc.stamp);
  }
};

const TABLE: Record<keyof PushAPI | 'nextBatch', Entry> = {
  ping: { args: [], call: call((api) => api.ping()) },
  startPushSession: {
    args: [],
    call: call(async (api) => {
      await api.startPushSession();
      await api.stopPushSession();
    }),
  },
  stopPushSession: {
    args: [],
    call: call(async (api) => {
      await api.startPushSession();
      await api.stopPushSession();
    }),
  },
  addDocument: {
    args: [arg('document', validDocument, hostileDocument)],
    call: call((api, [d]) => api.addDocument(d)),
    arrived: (_, [d]) => stampsArrived([d]),
  },
  addDocumentList: {
    args: [docs],
    call: call((api, [d]) => api.addDocumentList(d)),
    arrived: (_, [d]) => stampsArrived(d),
  },
  updateDocument: {
    args: [arg('document', validDocument, hostileDocument), fields],
    call: call((api, [d, f]) => api.updateDocument(d, f)),
    arrived: (_, [d]) => stampsArrived([d]),
  },
  updateDocumentList: {
    args: [
      arg('documents', fc.constant([{ uri: 'u/1' }, { uri: 'u/2', stamp: 's' }]), hostileDocuments),
      arg(
        'fieldsList',
        fc.array(fc.array(validName), { minLength: 2, maxLength: 2 }),
        hostileNames,
      ),
    ],
    call: call((api, [d, f]) => api.updateDocumentList(d, f)),
    arrived: (_, [d]) => stampsArrived(d),
  },
  deleteDocument: {
    args: [arg('uri', validUri)],
    call: call((api, [u]) => api.deleteDocument(u)),
    arrived: (_, [u]) => expect(sim.state.status(u as string).exist).toBe(false),
  },
  deleteDocumentList: {
    args: [arg('uris', fc.array(validUri, { maxLength: 3 }), hostileUris)],
    call: call((api, [u]) => api.deleteDocumentList(u)),
  },
  deleteDocumentsRootPath: {
    args: [root, flag('recursive')],
    call: call((api, [r, deep]) => api.deleteDocumentsRootPath(r, deep)),
  },
  getDocumentStatus: {
    args: [arg('uri', validUri)],
    call: call((api, [u]) => api.getDocumentStatus(u)),
    arrived: (result, [u]) => expect((result as { uri: string }).uri).toBe(u),
  },
  getDocumentStatusList: {
    args: [arg('uris', fc.array(validUri, { maxLength: 6 }), hostileUris)],
    call: call((api, [u]) => api.getDocumentStatusList(u)),
    arrived: (result, [u]) => expect((result as { uri: string }[]).map((s) => s.uri)).toEqual(u),
  },
  setCheckpoint: {
    args: [arg('checkpoint', validCheckpoint), arg('name', validRootPath), flag('sync')],
    call: call((api, [value, name, synced]) => api.setCheckpoint(value, name, synced)),
    arrived: (_, [value, name]) =>
      expect(sim.state.getCheckpoint((name as string | undefined) ?? '', false)).toBe(value),
  },
  getCheckpoint: {
    args: [arg('name', validRootPath), flag('showSynchronizedOnly')],
    call: call((api, [name, syncedOnly]) => api.getCheckpoint(name, syncedOnly)),
  },
  clearAllCheckpoints: { args: [], call: call((api) => api.clearAllCheckpoints()) },
  enumerateCheckpointsInfo: {
    args: [flag('showSynchronizedOnly')],
    call: call((api, [syncedOnly]) => readSome(api.enumerateCheckpointsInfo(syncedOnly))),
  },
  enumerateSyncedEntries: {
    args: [root, mode],
    call: call((api, [r, m]) => readSome(api.enumerateSyncedEntries(r, m))),
  },
  countSyncedEntries: {
    args: [root, mode],
    call: call((api, [r, m]) => api.countSyncedEntries(r, m)),
  },
  sync: { args: [], call: call((api) => api.sync()) },
  triggerIndexingJob: { args: [], call: call((api) => api.triggerIndexingJob()) },
  areDocumentsSearchable: {
    args: [arg('serial', validSerial, hostileSerial)],
    call: call((api, [s]) => api.areDocumentsSearchable(s)),
  },
  close: { args: [], call: call((api) => api.close()) },
  nextBatch: {
    args: [arg('count', fc.integer({ min: 1, max: 50 }))],
    call: async (api, [count]) => {
      const iterator = api.enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS');
      try {
        return await iterator.nextBatch(count as number);
      } finally {
        await iterator.close();
      }
    },
  },
};

/** A method and its arguments, one of them (or none, for a method without any) hostile. */
const invocation = fc
  .constantFrom(...(Object.keys(TABLE) as (keyof typeof TABLE)[]))
  .chain((method) => {
    const specs = TABLE[method].args;
    if (specs.length === 0) return fc.constant({ method, args: [] as unknown[] });
    return fc
      .nat(specs.length - 1)
      .chain((bad) => fc.tuple(...specs.map((s, i) => (i === bad ? s.hostile : s.valid))))
      .map((args) => ({ method, args: args as unknown[] }));
  });

async function outcome(run: () => Promise<unknown>): Promise<{ value?: unknown; error?: unknown }> {
  try {
    return { value: await run() };
  } catch (error) {
    return { error };
  }
}

describe('every PushAPI method checks its arguments before any request', () => {
  it('refuses hostile arguments with the named input error and no request, or sends a well-formed one; FakePushAPI agrees', async () => {
    const http = new HttpPushAPI(options());
    const fake = new FakePushAPI();
    const seen = { refused: 0, sent: 0 };
    await fc.assert(
      fc.asyncProperty(invocation, async ({ method, args }) => {
        const entry = TABLE[method];
        const before = received.length;
        const got = await outcome(() => entry.call(http, args));
        const requests = received.slice(before);
        const faked = await outcome(() => entry.call(fake, args));
        if ('error' in got) {
          const error = got.error as Error & { issues: unknown[] };
          expect(isInvalidParameterError(error), String(error)).toBe(true);
          expect(isInputValidationError(error)).toBe(true);
          expect(isPushAPIException(error)).toBe(true);
          const names = entry.args.map((a) => a.name).join('|');
          expect(error.message).toMatch(new RegExp(`^Invalid ${method}\\((${names})\\): `));
          expect(error.issues.length).toBeGreaterThan(0);
          expect(requests).toEqual([]);
          expect(faked.error, 'FakePushAPI must refuse the same call').toBeDefined();
          expect((faked.error as Error).name).toBe(error.name);
          expect((faked.error as Error).message).toBe(error.message);
          seen.refused++;
        } else {
          for (const r of requests) {
            expect(r.path).toMatch(/^\/papi\/4\/connectors\/files\/[a-z_]+$/);
            expect(r.status, `${r.method} ${r.path}`).toBeGreaterThanOrEqual(200);
            expect(r.status).toBeLessThan(300);
          }
          entry.arrived?.(got.value, args);
          expect(faked.error, String(faked.error)).toBeUndefined();
          seen.sent++;
        }
      }),
      { seed: 1301, numRuns: 600 },
    );
    // The generator reaches both outcomes often.
    expect(seen.refused).toBeGreaterThan(150);
    expect(seen.sent).toBeGreaterThan(100);
  });

  it.each([
    [
      'a NUL in a document URI',
      (api: PushAPI) => api.addDocument({ uri: 'a\u0000b' }),
      'addDocument(document)',
    ],
    [
      'a NUL in a checkpoint name',
      (api: PushAPI) => api.setCheckpoint('v', 'n\u0000'),
      'setCheckpoint(name)',
    ],
    [
      'a lone surrogate in a URI',
      (api: PushAPI) => api.getDocumentStatus('\ud800'),
      'getDocumentStatus(uri)',
    ],
    [
      'a string where URIs go',
      (api: PushAPI) => api.deleteDocumentList('x' as never),
      'deleteDocumentList(uris)',
    ],
    [
      'a string flag',
      (api: PushAPI) => api.deleteDocumentsRootPath('', 'false' as never),
      'deleteDocumentsRootPath(recursive)',
    ],
    [
      'a number serial',
      (api: PushAPI) => api.areDocumentsSearchable(1 as never),
      'areDocumentsSearchable(serial)',
    ],
  ])('refuses %s, naming the argument', async (_, run, subject) => {
    for (const api of [new HttpPushAPI(options()), new FakePushAPI()]) {
      const before = received.length;
      const error = await Promise.resolve()
        .then((): Promise<unknown> => run(api))
        .catch((e: unknown) => e);
      expect(isInvalidParameterError(error)).toBe(true);
      expect((error as Error).message).toContain(`Invalid ${subject}: `);
      expect(received.length).toBe(before);
    }
  });
});

type Field = keyof HttpPushAPIOptions;
const OPTION_VALUES: Record<Field, fc.Arbitrary<unknown>> = {
  version: fc.oneof(hostile, fc.constantFrom('PAPI_V3', 'papi_v4')),
  host: fc.oneof(
    hostile,
    fc.constantFrom('a/b', 'h:1:2:x', 'user@h', 'h?x', 'h#', 'http://h', '[::1'),
  ),
  port: fc.oneof(hostile, fc.constantFrom(0, 65536, '65536', '0x10', ' 80', '1e3', 1.5, '-1')),
  basePort: fc.oneof(hostile, fc.constantFrom(65534, 0)),
  connectorName: fc.oneof(hostile, fc.constantFrom('.', '..', 'a/b')),
  connectorType: hostile,
  login: fc.oneof(hostile, fc.constantFrom('a:b')),
  password: hostile,
  scheme: fc.oneof(hostile, fc.constantFrom('ftp', 'HTTP')),
  timeoutMs: fc.oneof(hostile, fc.constantFrom(0, 2 ** 31, 1.5)),
  retry: fc.oneof(
    hostile,
    fc.constantFrom(
      101,
      1.5,
      { limit: -1 },
      { limit: 1.5 },
      { baseDelay: Number.NaN },
      { multiplier: 0 },
    ),
  ),
  fetch: wrongType.filter((v) => typeof v !== 'function'),
  logger: wrongType.filter((v) => typeof v !== 'function'),
  baseUrl: fc.oneof(
    hostile,
    fc.constantFrom('ftp://h', 'http://h/x', 'http://u:p@h', 'http://h?x', 'http://h#', 'http://h'),
  ),
  timeout: fc.oneof(hostile, fc.constantFrom(0, 2 ** 31, 1.5, true, [])),
  transport: fc.constantFrom(5, 'x', null, [], () => {}),
  headers: fc.constantFrom(5, 'x', null, [], { accept: 1 }),
  plugins: fc.constantFrom(5, 'x', null, {}, [5]),
  auth: fc.constantFrom(5, 'x', null, [], {}),
  tls: fc.constantFrom(5, 'x', null, []),
  http: fc.constantFrom(5, 'x', null, {}, { request: 1, extend: 1 }),
};
const POSITIONAL: Field[] = [
  'version',
  'host',
  'port',
  'connectorName',
  'connectorType',
  'login',
  'password',
];

describe('constructors and factories check every option when the client is made', () => {
  it('refuses each hostile option with InvalidParameterError naming it, in both forms; a client made from the rest sends well-formed requests', async () => {
    const fields = Object.keys(OPTION_VALUES) as Field[];
    const withCredentials = { login: 'papi-user', password: 'papi-password' };
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...fields)
          .chain((field) =>
            fc.tuple(
              fc.constant(field),
              OPTION_VALUES[field],
              fc.constantFrom('object', 'positional', 'factory'),
            ),
          ),
        async ([field, value, form]) => {
          const o: Record<string, unknown> = { ...options(), ...withCredentials, [field]: value };
          const positional = POSITIONAL.map((k) => o[k]);
          if (form === 'positional' && !POSITIONAL.includes(field)) return;
          const before = received.length;
          let made: HttpPushAPI | undefined;
          let error: unknown;
          try {
            made =
              form === 'object'
                ? new HttpPushAPI(o as unknown as HttpPushAPIOptions)
                : form === 'positional'
                  ? new HttpPushAPI(
                      ...(positional as [PushAPIVersion, string, number, string, string]),
                    )
                  : PushAPIFactory.createHttp(o as unknown as HttpPushAPIOptions);
          } catch (e) {
            error = e;
          }
          if (made === undefined) {
            expect(isInvalidParameterError(error), String(error)).toBe(true);
            expect(isInputValidationError(error)).toBe(true);
            expect((error as Error).message).toMatch(/^Invalid HttpPushAPI options: /);
            const path = field === 'password' ? /(password|login)/ : new RegExp(field);
            expect(
              (error as { issues: { path: string }[] }).issues.map((i) => i.path).join(),
            ).toMatch(path);
          } else if (['connectorName', 'connectorType', 'timeoutMs', 'retry'].includes(field)) {
            // The name may be refused by the server, but the request is one segment under connectors.
            await made.ping().catch(() => {});
            expect(received.slice(before).map((r) => r.path)).toEqual([
              expect.stringMatching(/^\/papi\/4\/connectors\/[^/]+\/ping$/),
            ]);
            return;
          }
          expect(received.length).toBe(before);
        },
      ),
      { seed: 1302, numRuns: 400 },
    );
  });

  it('FakePushAPI and PushAPIFactory.createFake refuse hostile options the same way', () => {
    const FIELDS = {
      connectorName: hostile,
      autoIndexOnTrigger: fc.oneof(hostile, fc.constantFrom('true', 1)),
      now: wrongType.filter((v) => typeof v !== 'function' && v !== undefined),
      indexingDelayMs: fc.oneof(hostile, fc.constantFrom(-1, 0.5, Number.NaN)),
      state: fc.oneof(hostile, fc.constant({ add() {} })),
    };
    fc.assert(
      fc.property(
        fc
          .constantFrom(...(Object.keys(FIELDS) as (keyof typeof FIELDS)[]))
          .chain((field) => fc.tuple(fc.constant(field), FIELDS[field])),
        ([field, value]) => {
          const results = [
            () => new FakePushAPI({ [field]: value } as never),
            () => PushAPIFactory.createFake({ [field]: value } as never),
          ].map((make) => {
            try {
              return make();
            } catch (error) {
              return error;
            }
          });
          for (const r of results) {
            if (r instanceof FakePushAPI) continue;
            expect(isInvalidParameterError(r), String(r)).toBe(true);
            expect((r as Error).message).toContain(`Invalid FakePushAPI options: ${field}`);
          }
          expect(results[0]?.constructor).toBe(results[1]?.constructor);
        },
      ),
      { seed: 1303, numRuns: 200 },
    );
    for (const options of [null, 'x', 5, []])
      expect(() => new FakePushAPI(options as never)).toThrow(
        /FakePushAPI options: must be an options object/,
      );
  });
});
