// The REST proxy of the "Coveo Partial Updates" flow: POST the seed's JSON body (its settings
// plus `newdata`) and get its answer, `{ "<key>": "Found and updated" | "Not found" }`. A web
// page or another service can then update items without holding a Coveo client.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isInputValidationError, validateInput } from '@connectorkit/http-core';
import {
  type PartialUpdateOptions,
  PartialUpdateRequestSchema,
  partialUpdate,
} from '@connectorkit/push-client';
import { coveoSettings, runExample } from './support/services.js';

/** The proxy; `options.baseUrl` sends the Search and Push calls elsewhere (a simulator). */
function partialUpdateProxy(options: PartialUpdateOptions) {
  return createServer(async (request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST') return reply(405, { error: 'POST a partial update request' });
    let text = '';
    for await (const chunk of request) text += chunk;
    try {
      // Check the whole body before any Coveo call: a bad one gets a 400 naming the field.
      const { newdata, ...settings } = validateInput(
        PartialUpdateRequestSchema,
        JSON.parse(text),
        'partial update request',
      );
      reply(200, await partialUpdate(settings, newdata, options));
    } catch (error) {
      const bad = error instanceof SyntaxError || isInputValidationError(error);
      // Error messages of the client never quote the API keys.
      reply(bad ? 400 : 502, { error: (error as Error).message });
    }
  });
}

await runExample(async () => {
  const coveo = await coveoSettings({ withProducts: true });
  const server = partialUpdateProxy(coveo.routing).listen(0, '127.0.0.1');
  await new Promise((listening) => server.once('listening', listening));
  const proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  console.log(`Partial update proxy listening on ${proxy}`);

  try {
    // What a caller sends: the seed's body, keys included (keep the proxy on a private network).
    const post = (body: unknown) =>
      fetch(proxy, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    const ok = await post({
      api_key_search: coveo.apiKey,
      api_key_push: coveo.apiKey,
      org_id: coveo.organizationId,
      source_id: coveo.sourceId,
      region: coveo.seedRegion,
      type_source: 'push',
      key_field: 'sku',
      newdata: [{ key: 'C3', metadata: { ec_price: 9.5 } }],
    });
    console.log(`POST → ${ok.status} ${JSON.stringify(ok.body)}`);

    const bad = await post({ org_id: coveo.organizationId, newdata: 'C3' });
    console.log(`POST without keys → ${bad.status} ${JSON.stringify(bad.body)}`);
  } finally {
    await new Promise((closed) => server.close(closed));
  }
});
