// The flows every runtime runs (Chromium, Deno, Bun), bundled as one ESM file with esbuild. Only
// platform APIs: each runtime must run the packages unchanged.
import { ChangesFollower } from '@connectorkit/changes-follower';
import { createDocDbClient } from '@connectorkit/doc-db-client';
import {
  basicAuth,
  bearerTokenAuth,
  createHttpClient,
  isConfigError,
  isHttpError,
} from '@connectorkit/http-core';
import { AmsMessage, ArgoMessagingService } from '@connectorkit/messaging-client';
import { DocumentBuilder, PushSource } from '@connectorkit/push-client';
import { HttpPushAPI, PushAPIVersion } from '@connectorkit/pushapi-conventions';

/** Where the simulators listen, and their credentials (see services.ts). */
export interface Endpoints {
  echo: string;
  couch: { url: string; username: string; password: string };
  coveo: { url: string; apiKey: string; organizationId: string; sourceId: string };
  ams: { url: string; token: string; project: string };
  papi: { host: string; port: number; connectorName: string };
}

export type FlowResults = Record<
  string,
  { ok: true; value: unknown } | { ok: false; error: string }
>;

async function flow(
  results: FlowResults,
  name: string,
  run: () => Promise<unknown>,
): Promise<void> {
  try {
    results[name] = { ok: true, value: await run() };
  } catch (error) {
    const e = error as Error;
    results[name] = { ok: false, error: `${e?.name}: ${e?.message}\n${e?.stack ?? ''}` };
  }
}

export async function runFlows(e: Endpoints): Promise<FlowResults> {
  const results: FlowResults = {};

  await flow(results, 'http-core GET and POST with auth, and a 404', async () => {
    const http = createHttpClient({ baseUrl: e.echo, auth: bearerTokenAuth({ token: 'tok-1' }) });
    const got = await http.get<{ authorization: string }>('/hello');
    const posted = await http.post<{ body: unknown }>('/echo', { json: { a: 1 } });
    const missing = await http.get('/missing').then(
      () => undefined,
      (error: unknown) => ({
        isHttpError: isHttpError(error),
        status: (error as { status?: number }).status,
      }),
    );
    return { authorization: got.authorization, body: posted.body, missing };
  });

  await flow(results, 'http-core tls options name the runtime where they cannot work', async () => {
    try {
      createHttpClient({ baseUrl: e.echo, tls: { rejectUnauthorized: false } });
      return { refused: false };
    } catch (error) {
      return { refused: isConfigError(error), message: (error as Error).message };
    }
  });

  await flow(results, 'doc-db-client document round trip and a _changes read', async () => {
    const db = createDocDbClient({
      url: e.couch.url,
      auth: basicAuth({ username: e.couch.username, password: e.couch.password }),
    });
    const name = `rt-${Math.random().toString(36).slice(2, 10)}`;
    await db.putDatabase({ db: name });
    const written = await db.putDocument({
      db: name,
      docId: 'a/b',
      document: { n: 1, text: 'é€😀' },
    });
    const read = await db.getDocument({ db: name, docId: 'a/b' });
    await db.postBulkDocs({
      db: name,
      docs: [
        { _id: 'c', n: 2 },
        { _id: 'd', n: 3 },
      ],
    });
    const changes = await db.postChanges({ db: name, includeDocs: true });
    // A follower drains the same feed to its end (one-off mode).
    const followed: string[] = [];
    // The follower needs a client whose timeout covers its longpolls (60 s or more).
    const forFollower = createDocDbClient({
      url: e.couch.url,
      auth: basicAuth({ username: e.couch.username, password: e.couch.password }),
      timeout: 60_000,
    });
    for await (const change of new ChangesFollower({ client: forFollower, db: name }).startOneOff())
      followed.push(change.id);
    return {
      followed: followed.sort(),
      rev: written.rev.startsWith('1-'),
      read: { n: read.n, text: read.text },
      changes: changes.results.map((r) => r.id).sort(),
    };
  });

  await flow(results, 'push-client single and batch push through file containers', async () => {
    const source = new PushSource(e.coveo.apiKey, e.coveo.organizationId, { baseUrl: e.coveo.url });
    const prefix = `https://ex.com/${Math.random().toString(36).slice(2, 10)}`;
    await source.addOrUpdateDocument(
      e.coveo.sourceId,
      new DocumentBuilder(`${prefix}/one`, 'One').withData('first é'),
    );
    const many = Array.from({ length: 30 }, (_, i) =>
      new DocumentBuilder(`${prefix}/${i}`, `Doc ${i}`).withData(`body ${i} ${'x'.repeat(100)}`),
    );
    await source.batchUpdateDocuments(e.coveo.sourceId, { addOrUpdate: many });
    return { prefix };
  });

  await flow(results, 'messaging-client publish, pull and ack', async () => {
    const ams = new ArgoMessagingService({
      endpoint: e.ams.url,
      token: e.ams.token,
      project: e.ams.project,
    });
    const topic = `t${Math.random().toString(36).slice(2, 8)}`;
    await ams.createTopic(topic);
    await ams.createSub(`${topic}-s`, topic);
    await ams.publish(topic, [
      new AmsMessage({ data: 'héllo 😀', attributes: { k: 'v' } }),
      new AmsMessage({ data: 'second' }),
    ]);
    const pulled = await ams.pullSub(`${topic}-s`, { num: 10 });
    await ams.ackSub(
      `${topic}-s`,
      pulled.map((m) => m.ackId),
    );
    return pulled.map((m) => m.message.text()).sort();
  });

  await flow(
    results,
    'messaging-client certificate login names the runtime where it cannot work',
    async () => {
      try {
        const ams = new ArgoMessagingService({
          endpoint: e.ams.url,
          project: e.ams.project,
          cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
          key: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
          authnUrl: 'https://127.0.0.1:1/v1/service-types/ams/hosts/x:authx509',
          retry: false,
          // Longer than runtimes.test.ts waits for the runtime to end: the failed login must
          // leave no timer or listener behind (Deno kept running until this fired).
          timeout: 120_000,
        });
        await ams.listTopics();
        return { refused: false };
      } catch (error) {
        return { refused: isConfigError(error), message: (error as Error).message };
      }
    },
  );

  await flow(results, 'pushapi-conventions push session with a synced checkpoint', async () => {
    const api = new HttpPushAPI({
      version: PushAPIVersion.PAPI_V4,
      host: e.papi.host,
      port: e.papi.port,
      connectorName: e.papi.connectorName,
      connectorType: 'fs',
    });
    await api.startPushSession();
    const uri = `doc-${Math.random().toString(36).slice(2, 8)}`;
    await api.addDocument({ uri, metas: { title: 'Été' } });
    const serial = await api.setCheckpoint('seq-42', `cp-${uri}`, true);
    const read = await api.getCheckpoint(`cp-${uri}`);
    const status = await api.getDocumentStatus(uri);
    await api.stopPushSession();
    return { serialIsBigint: typeof serial === 'bigint', read, exists: status.exist };
  });

  return results;
}
