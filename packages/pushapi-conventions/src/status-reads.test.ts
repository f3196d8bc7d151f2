import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { FakePushAPI, HttpPushAPI, PushAPIVersion } from './index.js';
import { createPapiSimulator } from './testing/index.js';

/*
 * "Operations and states": a crash loses what is only Pushed. A document that was pushed but
 * never synced is back to Initial after a crash (getOperationStatus undefined, as for a URI never
 * written), whether or not its status was read while it was pending: reading changes nothing.
 */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

describe('a crash after reading the status of a pushed, unsynced document', () => {
  it('leaves the document never written, on FakePushAPI', async () => {
    const fake = new FakePushAPI();
    await fake.addDocument({ uri: 'docs/a', stamp: '1' });
    await fake.updateDocument({ uri: 'docs/b', stamp: '1' }, []);
    expect(await fake.getDocumentStatus('docs/a')).toEqual({
      uri: 'docs/a',
      exist: true,
      stamp: '1',
    });
    expect((await fake.getDocumentStatusList(['docs/b'])).map((s) => s.exist)).toEqual([true]);
    expect(fake.getOperationStatus('docs/a')).toBe('Pushed');

    fake.simulateCrash();

    expect(fake.getOperationStatus('docs/a')).toBeUndefined();
    expect(fake.getOperationStatus('docs/b')).toBeUndefined();
    expect(await fake.getDocumentStatus('docs/a')).toEqual({ uri: 'docs/a', exist: false });
  });

  it('leaves the document never written, through HttpPushAPI and the simulator', async () => {
    const sim = createPapiSimulator({ connectorName: 'files' });
    const server = await sim.listen();
    closers.push(server.close);
    const papi = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: server.host,
      port: server.port,
      connectorName: 'files',
      connectorType: 'fs',
    });
    await papi.addDocument({ uri: 'docs/a', stamp: '1' });
    expect(await papi.getDocumentStatus('docs/a')).toEqual({
      uri: 'docs/a',
      exist: true,
      stamp: '1',
    });

    sim.state.crash();

    expect(sim.state.operationStatus('docs/a')).toBeUndefined();
    expect(await papi.getDocumentStatus('docs/a')).toEqual({ uri: 'docs/a', exist: false });
    // A document synced, then deleted and synced, is still Deleted after a crash.
    await papi.addDocument({ uri: 'docs/b' });
    await papi.sync();
    await papi.deleteDocument('docs/b');
    await papi.sync();
    sim.state.crash();
    expect(sim.state.operationStatus('docs/b')).toBe('Deleted');
  });
});

type Command =
  | { kind: 'add' | 'update' | 'delete' | 'read'; uri: string }
  | { kind: 'deleteRoot'; uri: string; recursive: boolean }
  | { kind: 'sync' | 'crash' | 'index' };

const URIS = ['a', 'a/b', 'a/b/c', 'd'];
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('add', 'update', 'delete', 'read'),
    uri: fc.constantFrom(...URIS),
  }),
  fc.record({
    kind: fc.constant('deleteRoot'),
    uri: fc.constantFrom('', 'a', 'a/b'),
    recursive: fc.boolean(),
  }),
  fc.record({ kind: fc.constantFrom('sync', 'crash', 'index') }),
);

async function run(fake: FakePushAPI, c: Command): Promise<void> {
  if (c.kind === 'add') await fake.addDocument({ uri: c.uri, stamp: 's' });
  else if (c.kind === 'update') await fake.updateDocument({ uri: c.uri, stamp: 'u' }, []);
  else if (c.kind === 'delete') await fake.deleteDocument(c.uri);
  else if (c.kind === 'deleteRoot') await fake.deleteDocumentsRootPath(c.uri, c.recursive);
  else if (c.kind === 'read') await fake.getDocumentStatus(c.uri);
  else if (c.kind === 'sync') await fake.sync();
  else if (c.kind === 'crash') fake.simulateCrash();
  else fake.runIndexingJob();
}

const seen = (fake: FakePushAPI) =>
  URIS.map((uri) => [uri, fake.getOperationStatus(uri), fake.state.document(uri)]);

it('reading statuses never changes what any later read or crash shows', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(command, { maxLength: 30 }), async (commands) => {
      const reading = new FakePushAPI();
      const notReading = new FakePushAPI();
      for (const c of commands) {
        await run(reading, c);
        if (c.kind !== 'read') await run(notReading, c);
        expect(seen(reading)).toEqual(seen(notReading));
      }
    }),
    { seed: 1313, numRuns: 200 },
  );
});
