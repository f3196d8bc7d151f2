import type { IncomingMessage } from 'node:http';
import { isHttpError } from '@connectorkit/http-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CatalogSource } from '../catalog-source.js';
import { DocumentBuilder } from '../document-builder.js';
import { PushSource } from '../push-source.js';
import { type CoveoSimulator, createCoveoSimulator } from '../testing/index.js';
import type { BatchReport, BatchStep } from './batch-types.js';

/** The batch step a request to the simulator belongs to. */
function stepOf(req: IncomingMessage): BatchStep | 'other' {
  const path = new URL(req.url ?? '/', 'http://sim').pathname;
  if (req.method === 'PUT' && path.startsWith('/upload/')) return 'upload';
  if (path.endsWith('/files') || path.endsWith('/chunk')) return 'container';
  if (path.endsWith('/stream/open')) return 'open';
  if (/\/(documents\/batch|stream\/update)$/.test(path)) return 'commit';
  return 'other';
}

let sim: CoveoSimulator;
let url: string;
let close: () => Promise<void>;
/** Requests seen per step since the last test began (faulted ones included). */
let hits: Record<string, number>;
/** The step whose requests the queued faults go to. */
let target: BatchStep | undefined;

beforeAll(async () => {
  sim = createCoveoSimulator({
    apiKeys: ['redo-key'],
    organizationId: 'org1',
    faults: {
      match: (req) => {
        const step = stepOf(req);
        hits[step] = (hits[step] ?? 0) + 1;
        return step === target;
      },
    },
  });
  ({ url, close } = await sim.listen());
});
afterAll(() => close());
beforeEach(() => {
  hits = {};
  target = undefined;
  sim.faults.clear();
});

const options = { retry: false } as const;
const docs = (name: string) => [new DocumentBuilder(`https://ex.com/${name}`, name)];
const batchOptions = { batchRedos: 1, throwOnFailure: false };

/** Fails the next request of `step` with `status`. */
function failAt(step: BatchStep, status: number): void {
  target = step;
  sim.faults.failNext(1, status);
}

function expectOne(report: BatchReport): BatchReport['batches'][number] {
  expect(report.batches).toHaveLength(1);
  return report.batches[0] as BatchReport['batches'][number];
}

describe('a failure at each step of a Push batch, and whether the batch is redone', () => {
  const push = () => new PushSource('redo-key', 'org1', { ...options, baseUrl: url });
  const cases: [BatchStep, number, boolean][] = [
    ['container', 503, true],
    ['container', 429, true],
    ['container', 400, false],
    ['upload', 403, true], // the pre-signed URL expired: a new container has a new one
    ['upload', 503, true],
    ['upload', 400, false],
    ['commit', 404, true], // the container was consumed by a commit whose answer was lost
    ['commit', 410, true],
    ['commit', 500, true],
    ['commit', 403, false], // ACCESS_DENIED: a new container does not fix the key
    ['commit', 400, false],
  ];
  it.each(cases)('%s answering %i: redone %s', async (step, status, redone) => {
    failAt(step, status);
    const id = `${step}-${status}`;
    const report = await push().batchUpdateDocuments(
      'push-source',
      { addOrUpdate: docs(id) },
      batchOptions,
    );
    const batch = expectOne(report);
    // Each step ran once more when the batch was redone, through a new container.
    expect(hits[step]).toBe(redone ? 2 : 1);
    if (redone) {
      expect([batch.ok, batch.failedStep, batch.error]).toEqual([true, undefined, undefined]);
      expect(hits.container).toBe(2);
      expect(sim.documents('push-source').has(`https://ex.com/${id}`)).toBe(true);
    } else {
      expect([batch.ok, batch.failedStep]).toEqual([false, step]);
      expect(isHttpError(batch.error) && batch.error.status).toBe(status);
      expect(report.totals.batchesFailed).toBe(1);
    }
  });

  it('a failure the redos do not outlast keeps its step in the report and the progress event', async () => {
    target = 'upload';
    sim.faults.failNext(2, 503);
    const events: string[] = [];
    const report = await push().batchUpdateDocuments(
      'push-source',
      { addOrUpdate: docs('twice') },
      { ...batchOptions, onProgress: (e) => events.push(`${e.type} ${e.batch.failedStep}`) },
    );
    expect(expectOne(report).failedStep).toBe('upload');
    expect(events).toEqual(['batch-failed upload']);
    expect(hits.upload).toBe(2);
  });
});

describe('Catalog batches', () => {
  const catalog = () => new CatalogSource('redo-key', 'org1', { ...options, baseUrl: url });
  const replace = { documentId: 'https://ex.com/p', operator: 'fieldValueReplace' } as const;

  it('a commit carrying partial updates is never redone (it may have been applied)', async () => {
    failAt('commit', 404);
    const report = await catalog().partialUpdateDocuments(
      'catalog-source',
      [{ ...replace, field: 'price', value: 1 }],
      batchOptions,
    );
    expect([expectOne(report).ok, expectOne(report).failedStep]).toEqual([false, 'commit']);
    expect(hits.commit).toBe(1);
  });

  it('the same partial updates are redone when the upload failed (nothing was committed)', async () => {
    failAt('upload', 503);
    const report = await catalog().partialUpdateDocuments(
      'catalog-source',
      [{ ...replace, field: 'price', value: 2 }],
      batchOptions,
    );
    expect(expectOne(report).ok).toBe(true);
    expect([hits.upload, hits.commit]).toEqual([2, 1]);
  });

  it('a stream load: a failed open is not redone, a failed chunk is', async () => {
    failAt('open', 503);
    const failed = await catalog().batchStreamDocuments(
      'catalog-source',
      { addOrUpdate: docs('load-1') },
      batchOptions,
    );
    expect([expectOne(failed).failedStep, failed.closed, hits.open]).toEqual(['open', false, 1]);
    hits = {};
    failAt('container', 503);
    const loaded = await catalog().batchStreamDocuments(
      'catalog-source',
      { addOrUpdate: docs('load-2') },
      batchOptions,
    );
    expect([expectOne(loaded).ok, loaded.closed, hits.container]).toEqual([true, true, 2]);
  });
});
