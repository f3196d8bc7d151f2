import { buildPath, type HttpClient } from '@connectorkit/http-core';
import * as v from 'valibot';
import { FieldAnalyser, type FieldModel } from '../field-analysis.js';
import type { CoveoTransport, PlatformOptions } from '../platform-options.js';
import { CreatedSourceSchema } from '../schemas.js';
import { check } from './check.js';
import { createCoveoTransport } from './coveo-http.js';
import { CallOptionsSchema, optionsOf } from './options-schemas.js';
import { PlatformOptionsSchema, platformOptionEntries } from './platform-options-schema.js';
import { ApiKeySchema, readSourceEnvironment } from './source-environment.js';
import { hasControl, IdSchema, isId, NO_CONTROL } from './text-rules.js';

/**
 * Who can see a source's items (`SourceVisibility` of the official clients), as values
 * (`SourceVisibility.SECURED`) and as a type (`'SECURED'`).
 */
export const SourceVisibility: Readonly<{
  PRIVATE: 'PRIVATE';
  SECURED: 'SECURED';
  SHARED: 'SHARED';
}> = Object.freeze({ PRIVATE: 'PRIVATE', SECURED: 'SECURED', SHARED: 'SHARED' });
export type SourceVisibility = (typeof SourceVisibility)[keyof typeof SourceVisibility];

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

const SourceNameSchema = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.check((n) => !hasControl(n), NO_CONTROL),
);
const VisibilitySchema = v.picklist(
  ['PRIVATE', 'SECURED', 'SHARED'],
  'must be PRIVATE, SECURED or SHARED',
);
const FromEnvironmentOptions = optionsOf({
  ...platformOptionEntries,
  env: v.optional(
    v.record(v.string(), v.optional(v.string()), 'must be an object of variable names to strings'),
  ),
});
const FieldAnalyserSchema = v.instance(FieldAnalyser, 'must be a FieldAnalyser');

/** Shared plumbing of `PushSource` and `CatalogSource`. The API key lives only in the auth closure. */
export abstract class SourceBase {
  /** @internal */
  protected readonly transport: CoveoTransport;

  constructor(apiKey: string, organizationId: string, options: PlatformOptions = {}) {
    check(ApiKeySchema, apiKey, 'source options', 'apiKey');
    check(IdSchema, organizationId, 'source options', 'organizationId');
    check(PlatformOptionsSchema, options, 'source options', '');
    this.transport = createCoveoTransport(apiKey, organizationId, options ?? {});
  }

  /**
   * Makes a source from the environment: `COVEO_API_KEY` and `COVEO_ORGANIZATION_ID` (required),
   * `COVEO_REGION` (`us`, `eu`, `au`, `ca`), `COVEO_ENVIRONMENT` (`prod`, `dev`, `stg`, `hipaa`)
   * and `COVEO_BASE_URL` (a proxy or a simulator). `options` win over the environment; `env`
   * replaces `process.env`. Source ids are not read: every call takes its own.
   * @throws {ConfigError} naming each variable missing or malformed (never quoting its value).
   * @example
   * const source = PushSource.fromEnvironment({ backoff: { maxRetries: 3 } });
   */
  static fromEnvironment<S extends SourceBase>(
    this: new (
      apiKey: string,
      organizationId: string,
      options?: PlatformOptions,
    ) => S,
    options: PlatformOptions & { env?: Readonly<Record<string, string | undefined>> } = {},
  ): S {
    check(FromEnvironmentOptions, options, 'fromEnvironment', 'options');
    const { env, ...own } = options ?? {};
    const found = readSourceEnvironment(env);
    return new this(found.apiKey, found.organizationId, { ...found.options, ...own });
  }

  /** The organization this source writes to. */
  get organizationId(): string {
    return this.transport.organizationId;
  }

  /**
   * The Platform API as this source calls it: an http-core `HttpClient` whose paths are
   * relative to `https://platform{env}{-region}.cloud.coveo.com/rest/organizations/{organizationId}`
   * (or `baseUrl`), with this source's key (`Authorization: Bearer`), retries, timeout, logger
   * and answer checks. Use it for the endpoints this package does not wrap:
   * `await source.platformClient.get('/sources')`. It is not `@coveo/platform-client`'s
   * `PlatformClient` (the official JS client's `platformClient`): there are no resource
   * objects, only `get`, `post`, `put`, `patch`, `delete` (parsed JSON, a valibot `schema`
   * optional) and `request`. The key stays inside it (not in `options`).
   */
  get platformClient(): HttpClient {
    return this.transport.platform;
  }

  /** `/sources/{id}` with the id checked and encoded. */
  protected sourcePath(sourceId: string, rest = '', subject = 'call'): string {
    return (
      buildPath('/sources/{sourceId}', {
        sourceId: check(IdSchema, sourceId, subject, 'sourceId', isId),
      }) + rest
    );
  }

  /**
   * Creates a source of this kind (`POST /rest/organizations/{org}/sources`). Not retried: a
   * lost answer would create a second source.
   */
  protected async createSource(
    sourceType: 'PUSH' | 'CATALOG',
    name: unknown,
    sourceVisibility: unknown,
    options: unknown,
  ): Promise<{ id: string; [key: string]: unknown }> {
    const subject = 'create';
    check(SourceNameSchema, name, subject, 'name');
    check(VisibilitySchema, sourceVisibility, subject, 'sourceVisibility');
    check(CallOptionsSchema, options, subject, 'options');
    const flag = sourceType === 'PUSH' ? { pushEnabled: true } : { streamEnabled: true };
    return this.transport.platform.post('/sources', {
      json: { sourceType, ...flag, name, sourceVisibility },
      signal: (options as CallOptions | undefined)?.signal,
      schema: CreatedSourceSchema,
      idempotent: false,
    });
  }

  /**
   * Creates the fields the analyser saw that the organization lacks (one listing, one creation
   * call per 500 fields). Resolves with the fields created.
   */
  async createFields(analyser: FieldAnalyser, options?: CallOptions): Promise<FieldModel[]> {
    check(FieldAnalyserSchema, analyser, 'createFields', 'analyser');
    check(CallOptionsSchema, options, 'createFields', 'options');
    return analyser.createMissing(this.transport, options?.signal);
  }

  /** Keeps `util.inspect` and `JSON.stringify` short and free of secrets. */
  toJSON(): { organizationId: string } {
    return { organizationId: this.organizationId };
  }
  /** What `util.inspect` shows (never the key). */
  inspect(): string {
    return `${this.constructor.name} { organizationId: ${JSON.stringify(this.organizationId)} }`;
  }
  static {
    Object.defineProperty(SourceBase.prototype, Symbol.for('nodejs.util.inspect.custom'), {
      value(this: SourceBase) {
        return this.inspect();
      },
    });
  }
}
