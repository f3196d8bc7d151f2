// The simulators the flows talk to, on loopback; each answers CORS as a browser page needs.
import { createCouchDbSimulator } from '@connectorkit/doc-db-client/testing';
import {
  type LoopbackServer,
  startLoopbackServer,
  withCors,
} from '@connectorkit/http-core/testing';
import { createAmsSimulator } from '@connectorkit/messaging-client/testing';
import { createCoveoSimulator } from '@connectorkit/push-client/testing';
import { createPapiSimulator } from '@connectorkit/pushapi-conventions/testing';
import type { Endpoints } from './flows.js';

export interface Services {
  endpoints: Endpoints;
  /** Ids of the documents the Coveo simulator holds in the push source. */
  coveoDocuments(): string[];
  close(): Promise<void>;
}

/** A small server for http-core's own flow: it echoes what it got, and 404s `/missing`. */
async function echoServer(): Promise<LoopbackServer> {
  return startLoopbackServer(
    withCors(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const status = req.url === '/missing' ? 404 : 200;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          status === 404
            ? { error: 'not_found', reason: 'missing' }
            : { authorization: req.headers.authorization, body: text ? JSON.parse(text) : null },
        ),
      );
    }),
  );
}

export async function startServices(): Promise<Services> {
  const couch = createCouchDbSimulator({ admins: { admin: 'pw-couch' } });
  const coveo = createCoveoSimulator({
    apiKeys: ['key-coveo'],
    organizationId: 'org1',
    sources: [{ id: 'src', type: 'PUSH' }],
  });
  const ams = createAmsSimulator({ token: 'tok-ams', project: 'P' });
  const papi = createPapiSimulator({ connectorName: 'files' });
  // Each simulator's own listener answers CORS, as a user's browser tests would start it.
  const [echo, couchServer, coveoServer, amsServer, papiServer] = await Promise.all([
    echoServer(),
    couch.listen(),
    coveo.listen(),
    ams.listen(),
    papi.listen(),
  ]);
  const servers = [echo, couchServer, coveoServer, amsServer, papiServer];
  return {
    endpoints: {
      echo: echo.url,
      couch: { url: couchServer.url, username: 'admin', password: 'pw-couch' },
      coveo: { url: coveoServer.url, apiKey: 'key-coveo', organizationId: 'org1', sourceId: 'src' },
      ams: { url: amsServer.url, token: 'tok-ams', project: 'P' },
      papi: { host: '127.0.0.1', port: papiServer.port, connectorName: 'files' },
    },
    coveoDocuments: () => [...coveo.documents('src').keys()],
    close: async () => {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
