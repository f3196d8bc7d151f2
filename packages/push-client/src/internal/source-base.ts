import { buildPath } from '@connectorkit/http-core';
import * as v from 'valibot';
import type { FieldAnalyser, FieldModel } from '../field-analysis.js';
import type { CoveoTransport, PlatformOptions } from '../platform-options.js';
import { check } from './check.js';
import { createCoveoTransport } from './coveo-http.js';

/** Who can see a source's items (`SourceVisibility` of the official clients). */
export type SourceVisibility = 'PRIVATE' | 'SECURED' | 'SHARED';

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
}

const Id = v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'));

/** Shared plumbing of `PushSource` and `CatalogSource`. The API key lives only in the auth closure. */
export abstract class SourceBase {
  /** @internal */
  protected readonly transport: CoveoTransport;

  constructor(apiKey: string, organizationId: string, options: PlatformOptions = {}) {
    check(Id, apiKey, 'source options', 'apiKey');
    check(Id, organizationId, 'source options', 'organizationId');
    if (options.baseUrl !== undefined) {
      check(
        v.pipe(v.string(), v.url('must be a URL')),
        options.baseUrl,
        'source options',
        'baseUrl',
      );
    }
    this.transport = createCoveoTransport(apiKey, organizationId, options);
  }

  /** The organization this source writes to. */
  get organizationId(): string {
    return this.transport.organizationId;
  }

  /** `/sources/{id}` with the id checked and encoded. */
  protected sourcePath(sourceId: string, rest = ''): string {
    return (
      buildPath('/sources/{sourceId}', { sourceId: check(Id, sourceId, 'call', 'sourceId') }) + rest
    );
  }

  /** Creates a source of this kind (`POST /rest/organizations/{org}/sources`). */
  protected createSource(
    body: Record<string, unknown>,
    options: CallOptions,
  ): Promise<{ id: string; [key: string]: unknown }> {
    return this.transport.platform.post('/sources', {
      json: body,
      signal: options.signal,
      schema: v.looseObject({ id: v.string() }),
    });
  }

  /**
   * Creates the fields the analyser saw that the organization lacks (one listing, one creation
   * call per 500 fields). Resolves with the fields created.
   */
  createFields(analyser: FieldAnalyser, options: CallOptions = {}): Promise<FieldModel[]> {
    return analyser.createMissing(this.transport, options.signal);
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
