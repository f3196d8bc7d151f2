import { createHttpClient } from '@connectorkit/http-core';
import { describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { readDemoConfig } from './config.js';
import { runPipeline } from './pipeline.js';
import { createProgress } from './progress.js';
import { startServices } from './services.js';

const silent = createProgress({ write: () => true }, 'silent');

async function countInExalead(
  services: Awaited<ReturnType<typeof startServices>>,
): Promise<bigint> {
  return services.papi.countSyncedEntries('product://', 'RECURSIVE_DOCUMENTS');
}

describe('the pipeline on embedded services', () => {
  it('brings every seeded product to Exalead and counts it', async () => {
    const services = await startServices(readDemoConfig({}));
    try {
      const metrics = await runPipeline(services, { documents: 300, progress: silent });
      expect(metrics).toMatchObject({
        documentsSeeded: 300,
        documentsRead: 300,
        pushedToExalead: 300,
        pushedToCoveo: 300,
        errors: 0,
      });
      expect(metrics.partialUpdates.map((u) => u.result)).toEqual([
        'Found and updated',
        'Found and updated',
        'Found and updated',
        'Not found',
      ]);
      expect(metrics.partialUpdates.at(-1)?.key).toBe('SKU-999999');
      expect(await countInExalead(services)).toBe(300n);
      expect(services.coveo.itemCount()).toBe(300);
      expect(await services.papi.getCheckpoint('couchdb-changes')).toBeTruthy();
    } finally {
      await services.close();
    }
  });

  it('reaches the same final state with faults injected into every service', async () => {
    const services = await startServices(readDemoConfig({}));
    try {
      services.setFaultRate(0.2);
      const metrics = await runPipeline(services, { documents: 300, progress: silent });
      services.setFaultRate(0);
      expect(metrics.documentsSeeded).toBe(300);
      expect(metrics.messagesPublished).toBeGreaterThanOrEqual(300);
      expect(metrics.messagesAcked).toBeGreaterThanOrEqual(300);
      expect(metrics.pushedToExalead).toBe(300);
      expect(metrics.pushedToCoveo).toBe(300);
      expect(services.coveo.itemCount()).toBe(300);
      expect(await countInExalead(services)).toBe(300n);
    } finally {
      await services.close();
    }
  });
});

describe('the CLI', () => {
  it('rejects bad options and bad configuration with one clear line and a non-zero code', async () => {
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => errors.push(line);
    try {
      expect(await main(['--documents', 'many'])).toBe(2);
      expect(await main(['--bogus'])).toBe(2);
      process.env.PAPI_HOST = 'cv.example';
      expect(await main([])).toBe(1);
      Reflect.deleteProperty(process.env, 'PAPI_HOST');
    } finally {
      console.error = original;
    }
    expect(errors[0]).toMatch(/--documents must be a whole number/);
    expect(errors[2]).toMatch(/PAPI_CONNECTOR must be set/);
    expect(errors.join('\n')).not.toMatch(/\n\s+at /);
  });
});

describe('serve', () => {
  it('gives working URLs and the credentials each embedded service accepts', async () => {
    const services = await startServices(readDemoConfig({}));
    try {
      const { couchdb, ams, papi, coveo } = services.endpoints;
      const files = await fetch(
        `${coveo?.url}/push/v1/organizations/${coveo?.organizationId}/files`,
        { method: 'POST', headers: { authorization: `Bearer ${coveo?.apiKey}` } },
      );
      expect(files.status).toBe(201);
      const basic = (user = '', pass = '') =>
        `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
      const couch = await fetch(`${couchdb?.url}/_session`, {
        headers: { authorization: basic(couchdb?.username, couchdb?.password) },
      });
      expect(((await couch.json()) as { userCtx: { name: string } }).userCtx.name).toBe(
        couchdb?.username,
      );
      const topics = await fetch(`${ams?.url}/v1/projects/${ams?.project}/topics`, {
        headers: { 'x-api-key': ams?.token ?? '' },
      });
      expect(topics.status).toBe(200);
      const ping = await fetch(`${papi?.url}/papi/4/connectors/${papi?.connectorName}/ping`, {
        headers: { authorization: basic(papi?.login, papi?.password) },
      });
      expect(ping.status).toBe(204);
    } finally {
      await services.close();
    }
  });
});

describe('serve --https', () => {
  it('serves the Coveo and ARGO simulators over TLS with a generated certificate', async () => {
    const services = await startServices(readDemoConfig({}), { https: true });
    try {
      const { coveo, ams } = services.endpoints;
      expect(coveo?.url?.startsWith('https://')).toBe(true);
      expect(ams?.url?.startsWith('https://')).toBe(true);
      const http = createHttpClient({ tls: { rejectUnauthorized: false }, retry: false });
      const status = await http.get<{ status: string }>(`${ams?.url}/v1/status`);
      expect(status.status).toBe('ok');
    } finally {
      await services.close();
    }
  });
});
