import { afterEach, describe, expect, it } from 'vitest';
import { DocumentBuilder } from '../document-builder.js';
import { PushSource } from '../push-source.js';
import type { CoveoSimulatorOptions } from './index.js';
import { startSimulator } from './simulator-harness.test-util.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
async function start(options: CoveoSimulatorOptions = {}) {
  const h = await startSimulator(options);
  closers.push(h.close);
  return h;
}
const BATCH = '/sources/push-source/documents/batch';

describe('container content the Push API takes (202) and refuses later', () => {
  it('applies the good entries of a batch and lists the bad ones with their reason', async () => {
    const h = await start();
    const res = await h.batch(BATCH, {
      addOrUpdate: [
        { documentId: 'x://ok', title: 'Fine' },
        { documentId: 'x://bad-date', date: true },
        {
          documentId: 'x://bad-identity',
          permissions: [{ allowedPermissions: [{ identity: 'a', identityType: 'ROBOT' }] }],
        },
        { title: 'no id' },
      ],
      delete: [{ documentId: 'x://gone' }, { deleteChildren: 'yes' }],
    });
    expect(res.status).toBe(202);
    expect([...h.sim.documents('push-source').keys()]).toEqual(['x://ok']);
    const fileId = h.sim.fileIds()[0];
    expect(h.sim.rejected('push-source')).toEqual([
      expect.objectContaining({
        operation: 'PUT documents/batch',
        sourceId: 'push-source',
        fileId,
        entry: 'addOrUpdate[1]',
        documentId: 'x://bad-date',
        errorCode: 'INVALID_JSON',
        message: expect.stringContaining('addOrUpdate[1].date'),
      }),
      expect.objectContaining({
        entry: 'addOrUpdate[2]',
        documentId: 'x://bad-identity',
        message: expect.stringContaining('identityType'),
      }),
      expect.objectContaining({ entry: 'addOrUpdate[3]', documentId: undefined }),
      expect.objectContaining({ entry: 'delete[1]', documentId: undefined }),
    ]);
  });

  it('takes a file that is not a batch, refuses it whole, and applies nothing', async () => {
    const h = await start();
    expect((await h.batch(BATCH, '{not json')).status).toBe(202);
    expect((await h.batch(BATCH, { upsert: [{ documentId: 'x://1' }] })).status).toBe(202);
    expect(h.sim.documents('push-source').size).toBe(0);
    expect(h.sim.rejected().map((r) => [r.entry, r.message])).toEqual([
      ['', 'The file container does not hold valid JSON'],
      ['', '"upsert" is not a batch list; expected addOrUpdate, delete'],
    ]);
  });

  it('lists partial updates sent to a Push source, inline data of 5 MB, and stream entries', async () => {
    const h = await start({ limits: { inlineDataBytes: 10 } });
    const partial = { documentId: 'x://1', operator: 'fieldValueReplace', field: 'f', value: 1 };
    await h.batch('/sources/push-source/stream/update', {
      addOrUpdate: [{ documentId: 'x://1', data: 'more than ten bytes' }],
      partialUpdate: [partial],
    });
    const update = await h.batch('/sources/catalog-source/stream/update', {
      partialUpdate: [partial, { ...partial, operator: 'arrayAppend', value: 'x' }],
    });
    expect(update.status).toBe(202);
    expect(await update.json()).toMatchObject({ orderingId: expect.any(Number) });
    expect(h.sim.rejected().map((r) => [r.sourceId, r.entry, r.errorCode])).toEqual([
      ['push-source', 'addOrUpdate[0]', 'REQUEST_ENTITY_TOO_LARGE'],
      ['push-source', 'partialUpdate[0]', 'INVALID_JSON'],
      ['catalog-source', 'partialUpdate[1]', 'INVALID_JSON'],
    ]);
  });

  it('loads a catalog stream with the good items of its chunks', async () => {
    const h = await start();
    const open = (await (
      await h.call('POST', '/sources/catalog-source/stream/open', { body: {} })
    ).json()) as { streamId: string };
    const base = `/sources/catalog-source/stream/${open.streamId}`;
    const chunk = await (await h.call('POST', `${base}/chunk`, { body: {} })).json();
    await h.upload(chunk, {
      addOrUpdate: [{ documentId: 'x://1' }, { documentId: 'x://2', permissions: 'all' }],
    });
    expect((await h.call('POST', `${base}/close`, { body: {} })).status).toBe(200);
    expect([...h.sim.documents('catalog-source').keys()]).toEqual(['x://1']);
    expect(h.sim.rejected()).toMatchObject([
      { operation: 'POST stream/close', entry: 'addOrUpdate[1]', documentId: 'x://2' },
    ]);
  });

  it('takes an identity batch that is not one and refuses it whole', async () => {
    const h = await start();
    const res = await h.batch('/providers/p/permissions/batch', { members: [], removed: [] });
    expect(res.status).toBe(202);
    expect(h.sim.securityIdentities('p')).toEqual([]);
    expect(h.sim.rejected('p')).toMatchObject([
      { operation: 'PUT permissions/batch', entry: '', errorCode: 'INVALID_JSON' },
    ]);
  });

  it("shows a user's test what our client's caller would miss: a batch report says ok, the item is not there", async () => {
    const h = await start();
    const source = new PushSource('push-key', 'org1', { baseUrl: h.url });
    // A caller's own builder that marshals a date Coveo refuses.
    const broken = { marshal: () => ({ documentId: 'x://broken', date: { when: 'soon' } }) };
    const report = await source.batchUpdateDocuments('push-source', {
      addOrUpdate: [new DocumentBuilder('x://fine', 'Fine'), broken as never],
    });
    expect(report.totals).toMatchObject({ documentsSent: 2, batchesDone: 1, batchesFailed: 0 });
    expect([...h.sim.documents('push-source').keys()]).toEqual(['x://fine']);
    expect(h.sim.rejected()).toMatchObject([{ entry: 'addOrUpdate[1]', documentId: 'x://broken' }]);
  });

  it('in strict mode answers 400 at the commit and applies nothing of the file', async () => {
    const h = await start({ strictBatches: true });
    const res = await h.batch(BATCH, {
      addOrUpdate: [{ documentId: 'x://ok' }, { documentId: 'x://bad', date: true }],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errorCode: 'INVALID_JSON',
      message: expect.stringContaining('addOrUpdate[1].date'),
    });
    expect(h.sim.documents('push-source').size).toBe(0);
    expect(h.sim.rejected()).toEqual([]);
  });

  it('records nothing when the commit is refused at once for a quota', async () => {
    const h = await start({ documentLimit: 1 });
    const res = await h.batch(BATCH, {
      addOrUpdate: [{ documentId: 'x://1' }, { documentId: 'x://2' }, { title: 5 }],
    });
    expect(res.status).toBe(412);
    expect(h.sim.rejected()).toEqual([]);
  });
});
