import { buildPath, validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { documentParts } from '../batch/entries.js';
import { oversize } from '../batch/oversize.js';
import { runBatches } from '../batch/run-batches.js';
import { sendThroughContainer } from '../batch/send-through-container.js';
import type { DocumentBuilder } from '../document-builder.js';
import { MetadataKeySchema } from '../document-rules.js';
import { check } from '../internal/check.js';
import { createCoveoTransport } from '../internal/coveo-http.js';
import {
  BooleanSchema,
  optionsOf,
  SignalSchema,
  wholeNumber,
} from '../internal/options-schemas.js';
import { platformOptionEntries } from '../internal/platform-options-schema.js';
import type { PlatformOptions } from '../platform-options.js';
import { AcknowledgementSchema } from '../schemas.js';
import { rebuildDocument } from './rebuild-document.js';
import { quickViewHtml, searchByKey } from './search-api.js';
import { seedHosts } from './seed-hosts.js';
import {
  type PartialUpdateData,
  PartialUpdateDataSchema,
  type PartialUpdateResponse,
  type PartialUpdateSettings,
  PartialUpdateSettingsSchema,
} from './seed-schemas.js';

/**
 * Options of {@link partialUpdate}: the HTTP options of a source (`fetch`, `transport`, `http`,
 * `backoff`, `retry`, `timeout`, `logger`, `plugins`, `headers`) plus what to read back and how
 * many keys to search at once.
 */
export interface PartialUpdateOptions
  extends Pick<
    PlatformOptions,
    | 'fetch'
    | 'transport'
    | 'http'
    | 'backoff'
    | 'retry'
    | 'timeout'
    | 'logger'
    | 'plugins'
    | 'headers'
  > {
  /** Origin replacing the Search and Push hosts (a proxy or the simulator). */
  baseUrl?: string;
  /** Restrict the fields read back (`fieldsToInclude`). @default every field the index returns */
  fieldsToInclude?: readonly string[];
  /** Fetch the quick-view HTML of items that have one and push it back as the body. @default true */
  quickView?: boolean;
  /** Keys searched at the same time. @default 4 */
  concurrency?: number;
  /** Aborts the searches and the push; the call rejects with the signal's reason. */
  signal?: AbortSignal;
}

const FieldName = v.pipe(
  v.string('must be a string'),
  v.regex(/^@?[A-Za-z][A-Za-z0-9_]*$/, 'must be a field name such as uri or sku'),
);
const PartialUpdateOptionsSchema = optionsOf({
  fetch: platformOptionEntries.fetch as v.GenericSchema,
  transport: platformOptionEntries.transport as v.GenericSchema,
  http: platformOptionEntries.http as v.GenericSchema,
  backoff: platformOptionEntries.backoff as v.GenericSchema,
  retry: platformOptionEntries.retry as v.GenericSchema,
  timeout: platformOptionEntries.timeout as v.GenericSchema,
  logger: platformOptionEntries.logger as v.GenericSchema,
  plugins: platformOptionEntries.plugins as v.GenericSchema,
  headers: platformOptionEntries.headers as v.GenericSchema,
  baseUrl: platformOptionEntries.baseUrl as v.GenericSchema,
  fieldsToInclude: v.optional(v.array(FieldName, 'must be an array of field names')),
  quickView: v.optional(BooleanSchema),
  concurrency: v.optional(wholeNumber(1, 64)),
  signal: SignalSchema,
});

/**
 * The seed's read-modify-write update of Push-source items: for each `{ key, metadata }`, find
 * the items whose `key_field` equals `key` (Search API, `aq`), lay the new metadata over what the
 * index returned (quick-view HTML as the body), and push the full items back in one batch.
 *
 * Consistency caveat: indexing is asynchronous, so a read right after a write may be stale, and
 * two overlapping updates of one item can lose one of them. Use `CatalogSource` partial updates
 * when the source is stream-enabled.
 * @returns `{ [key]: 'Found and updated' | 'Not found' }`
 */
export async function partialUpdate(
  settings: PartialUpdateSettings,
  newdata: readonly PartialUpdateData[],
  options: PartialUpdateOptions = {},
): Promise<PartialUpdateResponse> {
  const s = validateInput(PartialUpdateSettingsSchema, settings, 'partial update settings');
  const changes = validateInput(PartialUpdateDataSchema, newdata, 'newdata');
  check(PartialUpdateOptionsSchema, options, 'partialUpdate', 'options');
  options ??= {};
  changes.forEach((c, i) => {
    for (const key of Object.keys(c.metadata))
      check(MetadataKeySchema, key, 'newdata', `${i}.metadata.${key}`);
  });
  const hosts = seedHosts(s, options.baseUrl);
  const {
    signal,
    baseUrl: _b,
    fieldsToInclude,
    quickView = true,
    concurrency = 4,
    ...http
  } = options;
  const search = createCoveoTransport(s.api_key_search, s.org_id, http, hosts.search).push;
  const push = createCoveoTransport(s.api_key_push, s.org_id, http, hosts.push);

  // Several entries for one key apply in order.
  const byKey = new Map<string, Record<string, PartialUpdateData['metadata'][string]>>();
  for (const c of changes) byKey.set(c.key, { ...byKey.get(c.key), ...c.metadata });
  const response: PartialUpdateResponse = {};
  const documents: DocumentBuilder[] = [];
  const keys = [...byKey.keys()];
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      const results = await searchByKey(search, {
        organizationId: s.org_id,
        keyField: s.key_field ?? 'uri',
        key,
        additionalQuery: s.additional_query ?? '',
        fieldsToInclude,
        signal,
      });
      response[key] = results.length > 0 ? 'Found and updated' : 'Not found';
      for (const result of results) {
        const html =
          quickView && result.hasHtmlVersion
            ? await quickViewHtml(search, {
                organizationId: s.org_id,
                uniqueId: result.uniqueId,
                signal,
              })
            : undefined;
        documents.push(rebuildDocument(result, html, byKey.get(key) ?? {}));
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, keys.length)) }, worker),
  );

  if (documents.length > 0) {
    const path = buildPath('/sources/{source_id}/documents/batch', { source_id: s.source_id });
    await runBatches(
      documentParts({ addOrUpdate: documents }),
      sendThroughContainer(push, async (fileId, sig) => {
        await push.push.put(path, {
          searchParams: { fileId },
          json: {},
          schema: AcknowledgementSchema,
          idempotent: true,
          signal: sig,
        });
        return undefined;
      }),
      {
        ...(signal ? { signal } : {}),
        onOversize: oversize,
        maxAllowed: push.limits.containerBytes,
      },
    );
  }
  // Answer in the order of `newdata`'s keys.
  return Object.fromEntries(keys.map((k) => [k, response[k] ?? 'Not found']));
}
