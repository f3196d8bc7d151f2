// The flows every runtime runs (Chromium, Deno, Bun), bundled as one ESM file with esbuild. Only
// platform APIs: each runtime must run the packages unchanged.
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

/** Where the simulators listen, and their credentials (see services.ts). */
export interface Endpoints {
  echo: string;
  couch: { url: string; username: string; password: string };
  coveo: { url: string; apiKey: string; organizationId: string; sourceId: string };
  ams: { url: string; token: string; project: string };
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
    return {
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

  return results;
}
