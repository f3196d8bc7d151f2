import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCouchDbSimulator } from '../index.js';

// The simulator's revision tree against what CouchDB does, over HTTP.
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const server = await createCouchDbSimulator().listen();
  ({ url: base, close } = server);
});
afterAll(() => close());

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const rev = async (path: string, body: unknown) => String((await call('PUT', path, body)).body.rev);

describe('simulator revisions', () => {
  it('computes revs as CouchDB does, from the content and the parent', async () => {
    await call('PUT', '/revs');
    await call('PUT', '/revs2');
    // Both revs are CouchDB's: any CouchDB gives them for these documents.
    expect(await rev('/revs/empty', {})).toBe('1-967a00dff5e02add41819138abb3284d');
    const recipe = {
      description:
        'An Italian-American dish that usually consists of spaghetti, tomato sauce and meatballs.',
      ingredients: ['spaghetti', 'tomato sauce', 'meatballs'],
      name: 'Spaghetti with meatballs',
    };
    expect(await rev('/revs/SpaghettiWithMeatballs', recipe)).toBe(
      '1-917fa2381192822767f010b95b45325b',
    );
    const a = await rev('/revs/same', { v: 1 });
    expect(await rev('/revs2/other-id', { v: 1 })).toBe(a);
    const next = await rev('/revs/same', { _rev: a, v: 2 });
    expect(await rev('/revs2/other-id', { _rev: a, v: 2 })).toBe(next);
  });

  it('stems the history at _revs_limit', async () => {
    await call('PUT', '/stem');
    await call('PUT', '/stem/_revs_limit', 3);
    let current = await rev('/stem/d', { n: 0 });
    for (let n = 1; n < 5; n++) current = await rev('/stem/d', { _rev: current, n });
    const doc = await call('GET', '/stem/d?revs=true&revs_info=true');
    expect(doc.body._revisions).toMatchObject({ start: 5 });
    expect((doc.body._revisions as { ids: string[] }).ids).toHaveLength(3);
    expect((doc.body._revs_info as unknown[]).length).toBe(3);
  });

  it('keeps old bodies until _compact, and leaves after it', async () => {
    await call('PUT', '/compact');
    const first = await rev('/compact/d', { n: 1 });
    const second = await rev('/compact/d', { _rev: first, n: 2 });
    expect((await call('GET', `/compact/d?rev=${first}`)).body).toMatchObject({ n: 1 });
    const compact = await call('POST', '/compact/_compact', {});
    expect(compact).toEqual({ status: 202, body: { ok: true } });
    expect(await call('GET', `/compact/d?rev=${first}`)).toEqual({
      status: 404,
      body: { error: 'not_found', reason: 'missing' },
    });
    expect((await call('GET', `/compact/d?rev=${second}`)).body).toMatchObject({ n: 2 });
    const info = await call('GET', '/compact/d?revs_info=true');
    expect(info.body._revs_info).toEqual([
      { rev: second, status: 'available' },
      { rev: first, status: 'missing' },
    ]);
  });

  it('merges replicated revisions with their history, and picks the winner as CouchDB does', async () => {
    await call('PUT', '/repl');
    const h = (c: string) => c.repeat(32);
    const written = await call('POST', '/repl/_bulk_docs', {
      new_edits: false,
      docs: [
        { _id: 'd', _rev: `3-${h('c')}`, _revisions: { start: 3, ids: [h('c'), h('b'), h('a')] } },
        {
          _id: 'd',
          _rev: `4-${h('e')}`,
          _deleted: true,
          _revisions: { start: 4, ids: [h('e'), h('d'), h('b'), h('a')] },
        },
      ],
    });
    expect(written).toEqual({ status: 201, body: [] });
    // A live leaf wins over a longer deleted one.
    const doc = await call('GET', '/repl/d?revs_info=true&deleted_conflicts=true');
    expect(doc.body).toMatchObject({ _rev: `3-${h('c')}`, _deleted_conflicts: [`4-${h('e')}`] });
    expect(doc.body._revs_info).toEqual([
      { rev: `3-${h('c')}`, status: 'available' },
      { rev: `2-${h('b')}`, status: 'missing' },
      { rev: `1-${h('a')}`, status: 'missing' },
    ]);
    expect((await call('GET', `/repl/d?rev=2-${h('b')}`)).status).toBe(404);
    const diff = await call('POST', '/repl/_revs_diff', { d: [`2-${h('b')}`, `4-${h('f')}`] });
    expect(diff.body).toEqual({
      d: { missing: [`4-${h('f')}`], possible_ancestors: [`3-${h('c')}`] },
    });
    // The same revision again changes nothing.
    const before = await call('GET', '/repl/_changes');
    await call('POST', '/repl/_bulk_docs', {
      new_edits: false,
      docs: [{ _id: 'd', _rev: `3-${h('c')}` }],
    });
    expect((await call('GET', '/repl/_changes')).body.last_seq).toBe(before.body.last_seq);
  });

  it('purges a conflicting leaf, and a whole document with its last leaf', async () => {
    await call('PUT', '/purge');
    await call('POST', '/purge/_bulk_docs', {
      new_edits: false,
      docs: [
        { _id: 'c', _rev: `1-${'1'.repeat(32)}`, v: 1 },
        { _id: 'c', _rev: `1-${'2'.repeat(32)}`, v: 2 },
      ],
    });
    const only = await rev('/purge/only', { v: 0 });
    const purged = await call('POST', '/purge/_purge', {
      c: [`1-${'2'.repeat(32)}`],
      only: [only],
    });
    expect(purged).toEqual({
      status: 201,
      body: { purge_seq: null, purged: { c: [`1-${'2'.repeat(32)}`], only: [only] } },
    });
    expect((await call('GET', '/purge/c?conflicts=true')).body).toEqual({
      _id: 'c',
      _rev: `1-${'1'.repeat(32)}`,
      v: 1,
    });
    expect((await call('GET', '/purge/only')).body).toEqual({
      error: 'not_found',
      reason: 'missing',
    });
    const changes = await call('GET', '/purge/_changes');
    expect((changes.body.results as { id: string }[]).map((r) => r.id)).toEqual(['c']);
    expect((await call('GET', '/purge/_all_docs')).body.rows).toHaveLength(1);
  });
});
