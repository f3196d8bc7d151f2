import { createDocDbClient, type DocDbClient } from '@connectorkit/doc-db-client';
import { basicAuth } from '@connectorkit/http-core';
import { ArgoMessagingService } from '@connectorkit/messaging-client';
import { balancerFault, createAmsSimulator } from '@connectorkit/messaging-client/testing';
import { HttpPushAPI, type PushAPI, PushAPIVersion } from '@connectorkit/pushapi-conventions';
import { createPapiSimulator } from '@connectorkit/pushapi-conventions/testing';
import type { DemoConfig } from './config.js';
import { startEmbeddedCouchDb } from './embedded-couchdb.js';

/** The services one demo run talks to, embedded or real, and how to shut them down. */
export interface DemoServices {
  db: DocDbClient;
  papi: PushAPI;
  ams: ArgoMessagingService;
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
  options: { port?: (n: number) => number | undefined } = {},
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
      const server = await sim.listen(amsPort ? { port: amsPort } : {});
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
