import { createDocDbClient, type DocDbClient } from '@connectorkit/doc-db-client';
import { basicAuth } from '@connectorkit/http-core';
import { createSelfSignedCertificate } from '@connectorkit/http-core/testing';
import { ArgoMessagingService } from '@connectorkit/messaging-client';
import { balancerFault, createAmsSimulator } from '@connectorkit/messaging-client/testing';
import { PushSource } from '@connectorkit/push-client';
import { createCoveoSimulator } from '@connectorkit/push-client/testing';
import { HttpPushAPI, type PushAPI, PushAPIVersion } from '@connectorkit/pushapi-conventions';
import { createPapiSimulator } from '@connectorkit/pushapi-conventions/testing';
import type { DemoConfig } from './config.js';
import { startEmbeddedCouchDb } from './embedded-couchdb.js';

/** The services one demo run talks to, embedded or real, and how to shut them down. */
export interface DemoServices {
  db: DocDbClient;
  papi: PushAPI;
  ams: ArgoMessagingService;
  coveo: {
    source: PushSource;
    sourceId: string;
    apiKey: string;
    organizationId: string;
    /** The simulator's origin, for the partial update's Search API calls. */
    baseUrl: string | undefined;
    region: string;
    /** Makes pushed items searchable at once (embedded only). */
    indexNow(): void;
    /** Items in the embedded push source (undefined for a real organization). */
    itemCount(): number | undefined;
  };
  /** What each service is, for the summary ("embedded" or a host). */
  describe: Record<string, string>;
  /** Fault injectors of the embedded services (for --faults). */
  setFaultRate(rate: number): void;
  /** Connection details of the embedded services (for `serve`). */
  endpoints: Record<string, Record<string, string>>;
  close(): Promise<void>;
}

export async function startServices(
  config: DemoConfig,
  options: { port?: (n: number) => number | undefined; https?: boolean } = {},
): Promise<DemoServices> {
  const closers: (() => Promise<void>)[] = [];
  const faultSetters: ((rate: number) => void)[] = [];
  const describe: Record<string, string> = {};
  const endpoints: Record<string, Record<string, string>> = {};
  const port = (n: number) => options.port?.(n);
  try {
    let db: DocDbClient;
    if (config.database === 'embedded') {
      const couchPort = port(0);
      const couch = await startEmbeddedCouchDb(couchPort ? { port: couchPort } : {});
      closers.push(couch.close);
      faultSetters.push((rate) =>
        couch.faults.setRate(rate, [
          { kind: 'status', status: 503 },
          { kind: 'status', status: 429, retryAfter: 0 },
          { kind: 'reset' },
        ]),
      );
      db = createDocDbClient({
        url: couch.url,
        auth: basicAuth({ username: couch.username, password: couch.password }),
        retry: { limit: 8, baseDelay: 20, maxDelay: 500 },
      });
      describe.couchdb = `embedded express-pouchdb at ${couch.url}`;
      endpoints.couchdb = { url: couch.url, username: couch.username, password: couch.password };
    } else {
      db = createDocDbClient.fromEnvironment('CLOUDANT');
      describe.couchdb = 'from CLOUDANT_* variables';
    }
    let ams: ArgoMessagingService;
    if (config.ams === 'embedded') {
      const sim = createAmsSimulator({ project: 'demo', token: 'ams-demo-token' });
      const amsPort = port(2);
      const server = await sim.listen({
        ...(amsPort ? { port: amsPort } : {}),
        ...(options.https ? { tls: true } : {}),
      });
      closers.push(server.close);
      faultSetters.push((rate) =>
        sim.faults.setRate(rate, [balancerFault(502), balancerFault(503), { kind: 'reset' }]),
      );
      ams = new ArgoMessagingService({
        endpoint: server.url,
        token: sim.token,
        project: sim.project,
        retry: { limit: 8, baseDelay: 20, maxDelay: 500 },
      });
      describe.ams = `embedded ARGO Messaging simulator at ${server.url}`;
      endpoints.ams = { url: server.url, token: sim.token, project: sim.project };
    } else {
      ams = new ArgoMessagingService({
        endpoint: config.ams.endpoint,
        token: config.ams.token,
        project: config.ams.project,
      });
      describe.ams = `${config.ams.endpoint} (project ${config.ams.project})`;
    }
    let coveo: DemoServices['coveo'];
    if (config.coveo === 'embedded') {
      const sim = createCoveoSimulator({
        apiKeys: ['coveo-demo-key'],
        organizationId: 'demoorg',
        indexingDelayMs: 0,
      });
      const coveoPort = port(1);
      const server = await sim.listen({
        ...(coveoPort ? { port: coveoPort } : {}),
        ...(options.https ? { tls: createSelfSignedCertificate() } : {}),
      });
      closers.push(server.close);
      faultSetters.push((rate) =>
        sim.faults.setRate(rate, [
          { kind: 'status', status: 503 },
          { kind: 'status', status: 429, retryAfter: 0 },
          { kind: 'reset' },
        ]),
      );
      coveo = {
        source: new PushSource('coveo-demo-key', 'demoorg', {
          baseUrl: server.url,
          backoff: { retryAfter: 20, maxRetries: 10, timeMultiple: 2 },
        }),
        sourceId: 'push-source',
        apiKey: 'coveo-demo-key',
        organizationId: 'demoorg',
        baseUrl: server.url,
        region: '',
        indexNow: () => sim.indexNow(),
        itemCount: () => sim.documents('push-source').size,
      };
      describe.coveo = `embedded Coveo simulator at ${server.url}`;
      endpoints.coveo = {
        url: server.url,
        apiKey: 'coveo-demo-key',
        organizationId: 'demoorg',
        pushSourceId: 'push-source',
        catalogSourceId: 'catalog-source',
      };
    } else {
      const c = config.coveo;
      const region = c.region as 'us' | 'eu' | 'au' | 'ca';
      coveo = {
        source: new PushSource(c.apiKey, c.organizationId, { region }),
        sourceId: c.sourceId,
        apiKey: c.apiKey,
        organizationId: c.organizationId,
        baseUrl: undefined,
        region: region === 'eu' ? 'eu' : region === 'au' ? 'ap' : '',
        indexNow: () => {},
        itemCount: () => undefined,
      };
      describe.coveo = `organization ${c.organizationId}, source ${c.sourceId}`;
    }
    let papi: PushAPI;
    if (config.papi === 'embedded') {
      const sim = createPapiSimulator({
        connectorName: 'catalogue',
        login: 'papi',
        password: 'papi-demo-password',
      });
      const papiPort = port(3);
      const server = await sim.listen(papiPort ? { port: papiPort } : {});
      closers.push(server.close);
      faultSetters.push((rate) =>
        sim.faults.setRate(rate, [{ kind: 'status', status: 503 }, { kind: 'reset' }]),
      );
      papi = new HttpPushAPI({
        version: PushAPIVersion.PAPI_V4,
        host: server.host,
        port: server.port,
        connectorName: 'catalogue',
        connectorType: 'demo',
        login: 'papi',
        password: 'papi-demo-password',
        retry: { limit: 8, baseDelay: 20, maxDelay: 500 },
      });
      describe.exalead = `embedded Push API simulator at ${server.url}`;
      endpoints.papi = {
        url: server.url,
        connectorName: 'catalogue',
        login: 'papi',
        password: 'papi-demo-password',
      };
    } else {
      const c = config.papi;
      papi = new HttpPushAPI({
        version: PushAPIVersion.PAPI_V4,
        host: c.host,
        ...(c.port ? { port: c.port } : {}),
        connectorName: c.connector,
        connectorType: 'demo',
        login: c.login,
        password: c.password,
      });
      describe.exalead = `${c.host} (connector ${c.connector})`;
    }
    return {
      db,
      papi,
      ams,
      coveo,
      describe,
      endpoints,
      setFaultRate: (rate) => {
        for (const set of faultSetters) set(rate);
      },
      close: async () => {
        await Promise.all(closers.map((c) => c()));
      },
    };
  } catch (error) {
    await Promise.all(closers.map((c) => c().catch(() => {})));
    throw error;
  }
}
