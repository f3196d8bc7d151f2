import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import { isInputValidationError } from '@connectorkit/http-core';
import { startLoopbackServer } from '@connectorkit/http-core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchSizeFor,
  ChangesFollower,
  createFileCheckpointStore,
  createLocalDocumentCheckpointStore,
} from './index.js';
import { createMemoryCheckpointStore } from './testing/index.js';

/* The package's functions other than the follower's options check their arguments too. */

const caught = async (run: () => unknown): Promise<unknown> => {
  try {
    await run();
    return undefined;
  } catch (error) {
    return error;
  }
};
const deepArray = (depth: number): unknown => {
  let value: unknown = [];
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('checkpoint stores', () => {
  it.each([5, '', 'a\u0000b', null, ['p']])(
    'createFileCheckpointStore(%j) is refused',
    async (path) => {
      const error = await caught(() => createFileCheckpointStore(path as string));
      expect(isInputValidationError(error)).toBe(true);
      expect((error as Error).message).toContain('path');
    },
  );

  it.each([
    null,
    {},
    { client: {}, db: 'd', id: 'i' },
    { client: createDocDbClient({ url: 'http://127.0.0.1:9' }), db: '', id: 'i' },
  ])('createLocalDocumentCheckpointStore(%j) is refused', async (options) => {
    const error = await caught(() => createLocalDocumentCheckpointStore(options as never));
    expect(isInputValidationError(error)).toBe(true);
  });

  it('saves what a feed gives and refuses anything else, writing nothing', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'seq.json');
    const store = createFileCheckpointStore(file);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.integer(),
          fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
          fc.constantFrom<unknown>(
            null,
            undefined,
            {},
            Number.NaN,
            Number.POSITIVE_INFINITY,
            true,
            's'.repeat(70_000),
          ),
          fc.constant(null).map(() => deepArray(5_000)),
        ),
        async (seq) => {
          const before = await store.load().catch(() => undefined);
          const error = await caught(() => store.save(seq as never));
          if (error === undefined) expect(await store.load()).toEqual(seq);
          else {
            expect(isInputValidationError(error), String(error)).toBe(true);
            expect(await store.load().catch(() => undefined)).toEqual(before);
          }
        },
      ),
      { seed: 4242, numRuns: 150 },
    );
  });

  it('a checkpoint file that is not one is an InputValidationError, not a SyntaxError', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'seq.json');
    for (const text of ['{not json', '[]', '{"seq":{"a":1}}', '{}']) {
      writeFileSync(file, text);
      const error = await caught(() => createFileCheckpointStore(file).load());
      expect(isInputValidationError(error), `${text}: ${String(error)}`).toBe(true);
    }
  });

  it('a follower whose store loads a sequence no feed gives ends before any request', async () => {
    let requests = 0;
    const server = await startLoopbackServer((_, res) => {
      requests++;
      res.end();
    });
    try {
      const store = createMemoryCheckpointStore();
      store.load = async () => deepArray(5_000) as never;
      const follower = new ChangesFollower({
        client: createDocDbClient({ url: server.url }),
        db: 'feed',
        checkpoint: store,
      });
      const error = await caught(async () => {
        for await (const _ of follower.startOneOff()) {
          // drain
        }
      });
      expect(isInputValidationError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/checkpoint/);
      expect(requests).toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('batchSizeFor', () => {
  it.each([
    ['text info', 'x', true],
    ['an array info', [], true],
    ['a text flag', undefined, 'yes'],
  ])('refuses %s', (_, info, includeDocs) => {
    const error = (() => {
      try {
        return batchSizeFor(info as never, includeDocs as never);
      } catch (e) {
        return e;
      }
    })();
    expect(isInputValidationError(error)).toBe(true);
  });

  it('falls back to 1 000 on sizes that are not finite positive numbers', () => {
    for (const external of [Number.NaN, -5, 0, Number.POSITIVE_INFINITY, '5'])
      expect(batchSizeFor({ doc_count: 10, sizes: { external } } as never, true)).toBe(1000);
  });
});
