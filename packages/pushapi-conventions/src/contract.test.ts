import { afterEach, describe, expect, it } from 'vitest';
import {
  FakePushAPI,
  HttpPushAPI,
  isInvalidParameterError,
  isPushAPISessionMismatchException,
  type PushAPI,
  PushAPIVersion,
} from './index.js';
import { createPapiSimulator } from './testing/index.js';

interface Harness {
  api: PushAPI;
  crash(): void;
  openEnumerations(): number;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

const harnesses: [string, () => Promise<Harness>][] = [
  [
    'FakePushAPI',
    async () => {
      const api = new FakePushAPI();
      return {
        api,
        crash: () => api.simulateCrash(),
        openEnumerations: () => api.openEnumerationCount(),
      };
    },
  ],
  [
    'HttpPushAPI against the simulator',
    async () => {
      const sim = createPapiSimulator({
        connectorName: 'files',
        login: 'papi',
        password: 'secret-pw',
      });
      const server = await sim.listen();
      closers.push(server.close);
      const api = new HttpPushAPI(
        PushAPIVersion.PAPI_V4,
        server.host,
        server.port,
        'files',
        'fs',
        'papi',
        'secret-pw',
      );
      return { api, crash: () => sim.state.crash(), openEnumerations: () => sim.openCursors() };
    },
  ],
];

const doc = (uri: string, stamp = 's1', extra: object = {}) => ({
  uri,
  stamp,
  metas: { title: `T ${uri}`, tags: ['a', 'b'] },
  ...extra,
});

describe.each(harnesses)('PushAPI contract: %s', (_name, make) => {
  it('moves documents from Pushed to Synced to Searchable', async () => {
    const { api } = await make();
    await api.startPushSession();
    await api.addDocument(doc('docs/a.txt'));
    expect(await api.getDocumentStatus('docs/a.txt')).toEqual({
      uri: 'docs/a.txt',
      exist: true,
      stamp: 's1',
    });
    expect(await api.countSyncedEntries('', 'RECURSIVE_DOCUMENTS')).toBe(0n);
    const serial = await api.setCheckpoint('cursor-1', '', true);
    expect(serial).toBe(1n);
    expect(await api.countSyncedEntries('', 'RECURSIVE_DOCUMENTS')).toBe(1n);
    expect(await api.areDocumentsSearchable(serial)).toBe(false);
    await api.triggerIndexingJob();
    expect(await api.areDocumentsSearchable(serial)).toBe(true);
    await api.stopPushSession();
  });

  it('keeps checkpoint values pending until synced, with serials', async () => {
    const { api } = await make();
    await api.addDocumentList([doc('x/1'), doc('x/2')]);
    expect(await api.setCheckpoint('v1', 'journal')).toBe(2n);
    expect(await api.getCheckpoint('journal')).toBeUndefined();
    expect(await api.getCheckpoint('journal', false)).toBe('v1');
    await api.sync();
    expect(await api.getCheckpoint('journal')).toBe('v1');
    await api.setCheckpoint('line\nbreak', '', true);
    const all = [];
    for await (const info of api.enumerateCheckpointsInfo()) all.push(info);
    expect(all).toEqual([
      { name: '', value: 'line\nbreak' },
      { name: 'journal', value: 'v1' },
    ]);
    await api.clearAllCheckpoints();
    expect(await api.getCheckpoint('journal', false)).toBeUndefined();
  });

  it('enumerates synced entries by mode, pages them, and releases the enumeration when closed', async () => {
    const { api, openEnumerations } = await make();
    await api.addDocumentList([
      doc('root/a'),
      doc('root/b', 's2'),
      doc('root/sub/c'),
      doc('root/sub/deep/d'),
      doc('other/e'),
    ]);
    await api.sync();
    const list = async (root: string, mode: Parameters<PushAPI['enumerateSyncedEntries']>[1]) => {
      const out = [];
      for await (const e of api.enumerateSyncedEntries(root, mode))
        out.push(`${e.isFolder ? 'd' : 'f'}:${e.uri}:${e.stamp}`);
      return out;
    };
    expect(await list('root', 'NOT_RECURSIVE_DOCUMENTS')).toEqual(['f:root/a:s1', 'f:root/b:s2']);
    expect(await list('root', 'NOT_RECURSIVE_FOLDERS')).toEqual(['d:root/sub:']);
    expect(await list('root/', 'NOT_RECURSIVE_ALL')).toEqual([
      'f:root/a:s1',
      'f:root/b:s2',
      'd:root/sub:',
    ]);
    expect(await list('root', 'RECURSIVE_DOCUMENTS')).toHaveLength(4);
    expect(await api.countSyncedEntries('', 'RECURSIVE_DOCUMENTS')).toBe(5n);
    const iterator = api.enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS');
    expect(await iterator.nextBatch(2)).toHaveLength(2);
    expect(openEnumerations()).toBe(1);
    await iterator.close();
    expect(openEnumerations()).toBe(0);
    expect(await iterator.next()).toBeNull();
  });

  it('deletes by URI and by root path (recursive or first level only)', async () => {
    const { api } = await make();
    await api.addDocumentList([doc('r/a'), doc('r/s/b'), doc('r/s/t/c'), doc('keep/d')]);
    await api.sync();
    await api.deleteDocumentsRootPath('r/s', false);
    await api.sync();
    expect((await api.getDocumentStatusList(['r/s/b', 'r/s/t/c'])).map((s) => s.exist)).toEqual([
      false,
      true,
    ]);
    await api.deleteDocumentsRootPath('r');
    await api.deleteDocument('keep/d');
    expect((await api.getDocumentStatus('keep/d')).exist).toBe(false);
    await api.sync();
    expect(await api.countSyncedEntries('', 'RECURSIVE_DOCUMENTS')).toBe(0n);
    await api.deleteDocumentsRootPath('nothing/here');
  });

  it('updates only the named fields', async () => {
    const { api } = await make();
    await api.addDocument({
      uri: 'u',
      stamp: '1',
      metas: { a: '1', b: '2' },
      parts: [{ content: 'hello', mimeHint: 'text/plain' }],
    });
    await api.updateDocument({ uri: 'u', stamp: '2', metas: { b: 'changed' } }, ['b']);
    await api.sync();
    const [entry] = await api.enumerateSyncedEntries('', 'RECURSIVE_DOCUMENTS').nextBatch(10);
    expect(entry).toEqual({ uri: 'u', stamp: '2', isFolder: false });
  });

  it('a crash before sync loses only Pushed operations, and the session id change is detected', async () => {
    const { api, crash } = await make();
    await api.startPushSession();
    await api.addDocument(doc('kept'));
    await api.setCheckpoint('c1', '', true);
    await api.addDocument(doc('lost'));
    await api.setCheckpoint('c2');
    crash();
    await expect(api.getDocumentStatus('kept')).rejects.toSatisfy(
      isPushAPISessionMismatchException,
    );
    await api.stopPushSession();
    await api.startPushSession();
    expect((await api.getDocumentStatusList(['kept', 'lost'])).map((s) => s.exist)).toEqual([
      true,
      false,
    ]);
    expect(await api.getCheckpoint('', false)).toBe('c1');
  });

  it('a crash after sync loses nothing', async () => {
    const { api, crash } = await make();
    await api.addDocumentList([doc('a'), doc('b')]);
    await api.sync();
    crash();
    expect(await api.countSyncedEntries('', 'RECURSIVE_DOCUMENTS')).toBe(2n);
  });

  it('rejects bad input before any request', async () => {
    const { api } = await make();
    const calls: (() => unknown)[] = [
      () => api.addDocument({ uri: '' }),
      () => api.deleteDocument(''),
      () => api.enumerateSyncedEntries('', 'EVERYTHING' as never),
      () => api.areDocumentsSearchable(-1n),
      () => api.updateDocumentList([doc('a')], []),
    ];
    for (const call of calls) {
      const error = await Promise.resolve()
        .then(call)
        .catch((e: unknown) => e);
      expect(isInvalidParameterError(error)).toBe(true);
    }
  });

  it('opening a push session twice, or stopping none, is an error', async () => {
    const { api } = await make();
    await api.startPushSession();
    await expect(api.startPushSession()).rejects.toThrow(/open already/);
    await api.stopPushSession();
    await expect(api.stopPushSession()).rejects.toThrow(/No push session/);
  });
});
