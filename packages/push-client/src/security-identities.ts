import { buildPath, validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { fillFileContainer } from './file-container.js';
import { check, invalid } from './internal/check.js';
import {
  CallOptionsSchema,
  isOptionsObject,
  optionsOf,
  SignalSchema,
  wholeNumber,
} from './internal/options-schemas.js';
import { toOrderingIdValue } from './internal/ordering-id.js';
import { IdSchema } from './internal/text-rules.js';
import { utf8Length } from './internal/utf8.js';
import type { CoveoTransport } from './platform-options.js';
import { acknowledged, type WriteAnswer } from './write-answer.js';

const Name = IdSchema;
/** One identity of a provider. */
export interface IdentityModel {
  name: string;
  type: 'USER' | 'GROUP' | 'VIRTUAL_GROUP' | 'UNKNOWN';
  additionalInfo?: Record<string, string> | undefined;
}
/**
 * An identity of a provider and its members, as `PUT /providers/{providerId}/permissions` takes it
 * ({@link SecurityIdentities.createOrUpdateSecurityIdentity}, or `members` of a batch).
 */
export interface SecurityIdentityModel {
  identity: IdentityModel;
  members?: IdentityModel[] | undefined;
  wellKnowns?: IdentityModel[] | undefined;
}
/** One identity of another provider that an alias maps to. */
export interface AliasMapping extends IdentityModel {
  provider: string;
}
/**
 * An alias: an identity of this provider mapped to identities of other providers, as
 * `PUT /providers/{providerId}/mappings` takes it
 * ({@link SecurityIdentities.createOrUpdateSecurityIdentityAlias}, or `mappings` of a batch).
 */
export interface SecurityIdentityAliasModel {
  identity: IdentityModel;
  mappings: AliasMapping[];
  wellKnowns?: IdentityModel[] | undefined;
}
/**
 * The identity to delete, as `DELETE /providers/{providerId}/permissions` takes it
 * ({@link SecurityIdentities.deleteSecurityIdentity}, or `deleted` of a batch).
 */
export interface SecurityIdentityDelete {
  identity: IdentityModel;
}
const identityEntries = {
  name: Name,
  type: v.picklist(
    ['USER', 'GROUP', 'VIRTUAL_GROUP', 'UNKNOWN'],
    'must be USER, GROUP, VIRTUAL_GROUP or UNKNOWN',
  ),
  additionalInfo: v.optional(
    v.record(v.string(), v.string('must be a string'), 'must be an object of strings'),
  ),
};
const IdentityModelSchema = v.object(identityEntries, 'must be an identity { name, type }');
const AliasMappingSchema = v.object(
  { ...identityEntries, provider: Name },
  'must be a mapping { name, type, provider }',
);

/** An identity with its members (`PUT /providers/{p}/permissions`). */
export const SecurityIdentityModelSchema: v.GenericSchema<SecurityIdentityModel> = v.object(
  {
    identity: IdentityModelSchema,
    members: v.optional(v.array(IdentityModelSchema, 'must be an array')),
    wellKnowns: v.optional(v.array(IdentityModelSchema, 'must be an array')),
  },
  'must be { identity, members?, wellKnowns? }',
);
/** An alias: one identity mapped to identities of other providers (`PUT …/mappings`). */
export const SecurityIdentityAliasModelSchema: v.GenericSchema<SecurityIdentityAliasModel> =
  v.object(
    {
      identity: IdentityModelSchema,
      mappings: v.array(AliasMappingSchema, 'must be an array'),
      wellKnowns: v.optional(v.array(IdentityModelSchema, 'must be an array')),
    },
    'must be { identity, mappings, wellKnowns? }',
  );
export const SecurityIdentityDeleteSchema: v.GenericSchema<SecurityIdentityDelete> = v.object(
  { identity: IdentityModelSchema },
  'must be { identity }',
);

/** The body of a batch of identity changes, uploaded through a file container. */
export interface SecurityIdentityBatch {
  members?: SecurityIdentityModel[];
  mappings?: SecurityIdentityAliasModel[];
  deleted?: SecurityIdentityDelete[];
}
const BatchSchema = v.object(
  {
    members: v.optional(v.array(SecurityIdentityModelSchema, 'must be an array')),
    mappings: v.optional(v.array(SecurityIdentityAliasModelSchema, 'must be an array')),
    deleted: v.optional(v.array(SecurityIdentityDeleteSchema, 'must be an array')),
  },
  'must be { members?, mappings?, deleted? }',
);

interface Call {
  signal?: AbortSignal;
}

const OrderingInput = v.custom<Date | string | number>(
  (x) => typeof x === 'number' || typeof x === 'string' || x instanceof Date,
  'must be a Date, a date string or epoch milliseconds',
);
const OlderThanOptions = v.pipe(
  v.custom(isOptionsObject, 'must be { orderingId, queueDelay? }'),
  v.object({ orderingId: OrderingInput, queueDelay: v.optional(wholeNumber(0)) }),
);
const ManageOptions = v.pipe(
  v.custom(isOptionsObject, 'must be { fileId, orderingId? }'),
  v.object({ fileId: IdSchema, orderingId: v.optional(OrderingInput) }),
);
const BatchCallOptions = optionsOf({ signal: SignalSchema, orderingId: v.optional(OrderingInput) });

const isTransport = (t: unknown): boolean =>
  typeof t === 'object' &&
  t !== null &&
  ['push', 'upload'].every(
    (k) => typeof (t as Record<string, { request?: unknown }>)[k]?.request === 'function',
  );

/** Security identities of one organization (reach it as `source.identity`). */
export class SecurityIdentities {
  readonly #t: CoveoTransport;
  /** @internal Made by `source.identity`. */
  constructor(t: CoveoTransport) {
    if (!isTransport(t)) {
      throw invalid('SecurityIdentities', 'transport', 'reach it as source.identity');
    }
    this.#t = t;
  }

  #path(providerId: string, rest: string, subject: string, o: unknown): string {
    check(CallOptionsSchema, o, subject, 'options');
    return (
      buildPath('/providers/{providerId}', {
        providerId: check(Name, providerId, subject, 'providerId'),
      }) + rest
    );
  }

  #sized(body: unknown, subject: string): string {
    const text = JSON.stringify(body);
    const bytes = utf8Length(text);
    const limit = this.#t.limits.requestBytes;
    if (bytes > limit) {
      throw invalid(
        subject,
        '',
        `is ${bytes} bytes, over the request limit of ${limit} bytes (limits.requestBytes); use batchSecurityIdentities`,
      );
    }
    return text;
  }

  /** Creates or replaces an identity and its members. */
  async createOrUpdateSecurityIdentity(
    providerId: string,
    model: SecurityIdentityModel,
    o?: Call,
  ): Promise<WriteAnswer> {
    const path = this.#path(providerId, '/permissions', 'createOrUpdateSecurityIdentity', o);
    const body = this.#sized(
      validateInput(SecurityIdentityModelSchema, model, 'security identity'),
      'security identity',
    );
    return acknowledged(this.#t.push, path, {
      method: 'PUT',
      body,
      headers: JSON_TYPE,
      idempotent: true,
      signal: o?.signal,
    });
  }
  /** The official JS client's name for {@link createOrUpdateSecurityIdentity}. */
  createSecurityIdentity(
    providerId: string,
    model: SecurityIdentityModel,
    o?: Call,
  ): Promise<WriteAnswer> {
    return this.createOrUpdateSecurityIdentity(providerId, model, o);
  }
  /**
   * Creates or replaces an alias: `alias.identity` of this provider mapped to the identities of
   * other providers in `alias.mappings` (`PUT /providers/{providerId}/mappings`). Resolves with
   * Coveo's acknowledgement (202: accepted, applied later).
   * @throws {InputValidationError} when `providerId` or `alias` breaks a rule, or the body is over
   * `limits.requestBytes` (6 MiB), before any request.
   * @throws {HttpError} when Coveo refuses the call after its retries.
   */
  async createOrUpdateSecurityIdentityAlias(
    providerId: string,
    alias: SecurityIdentityAliasModel,
    o?: Call,
  ): Promise<WriteAnswer> {
    const path = this.#path(providerId, '/mappings', 'createOrUpdateSecurityIdentityAlias', o);
    const body = this.#sized(
      validateInput(SecurityIdentityAliasModelSchema, alias, 'security identity alias'),
      'security identity alias',
    );
    return acknowledged(this.#t.push, path, {
      method: 'PUT',
      body,
      headers: JSON_TYPE,
      idempotent: true,
      signal: o?.signal,
    });
  }
  /**
   * Deletes one identity of the provider (`DELETE /providers/{providerId}/permissions`, the
   * identity in the JSON body). Resolves with Coveo's acknowledgement (202: accepted, applied
   * later).
   * @throws {InputValidationError} when `providerId` or `model` breaks a rule, before any request.
   * @throws {HttpError} when Coveo refuses the call after its retries.
   */
  async deleteSecurityIdentity(
    providerId: string,
    model: SecurityIdentityDelete,
    o?: Call,
  ): Promise<WriteAnswer> {
    const path = this.#path(providerId, '/permissions', 'deleteSecurityIdentity', o);
    const json = validateInput(SecurityIdentityDeleteSchema, model, 'security identity delete');
    return acknowledged(this.#t.push, path, {
      method: 'DELETE',
      json,
      idempotent: true,
      signal: o?.signal,
    });
  }
  /**
   * Deletes the identities last written before `orderingId`: a `Date`, a date string or epoch
   * **milliseconds**. `queueDelay` is in minutes.
   */
  async deleteOldSecurityIdentities(
    providerId: string,
    options: { orderingId: Date | string | number; queueDelay?: number },
    o?: Call,
  ): Promise<WriteAnswer> {
    const subject = 'deleteOldSecurityIdentities';
    const path = this.#path(providerId, '/permissions/olderthan', subject, o);
    check(OlderThanOptions, options, subject, 'options');
    return acknowledged(this.#t.push, path, {
      method: 'DELETE',
      searchParams: {
        orderingId: toOrderingIdValue(options.orderingId, 'options.orderingId', subject),
        queueDelay: options.queueDelay,
      },
      idempotent: true,
      signal: o?.signal,
    });
  }
  /** Applies a file container already filled with a {@link SecurityIdentityBatch}. */
  async manageSecurityIdentities(
    providerId: string,
    options: { fileId: string; orderingId?: Date | string | number },
    o?: Call,
  ): Promise<WriteAnswer> {
    const subject = 'manageSecurityIdentities';
    const path = this.#path(providerId, '/permissions/batch', subject, o);
    check(ManageOptions, options, subject, 'options');
    return acknowledged(this.#t.push, path, {
      method: 'PUT',
      searchParams: {
        fileId: options.fileId,
        orderingId:
          options.orderingId === undefined
            ? undefined
            : toOrderingIdValue(options.orderingId, 'options.orderingId', subject),
      },
      idempotent: true,
      signal: o?.signal,
    });
  }
  /** Uploads a batch of identity changes to a new file container, then applies it. */
  async batchSecurityIdentities(
    providerId: string,
    batch: SecurityIdentityBatch,
    options?: Call & { orderingId?: Date | string | number },
  ): Promise<WriteAnswer & { fileId: string }> {
    const subject = 'batchSecurityIdentities';
    this.#path(providerId, '', subject, undefined);
    check(BatchCallOptions, options, subject, 'options');
    if (options?.orderingId !== undefined) {
      toOrderingIdValue(options.orderingId, 'options.orderingId', subject);
    }
    const body = JSON.stringify(validateInput(BatchSchema, batch, 'security identity batch'));
    const bytes = utf8Length(body);
    const limit = this.#t.limits.containerBytes;
    if (bytes > limit) {
      throw invalid(
        'security identity batch',
        '',
        `is ${bytes} bytes, over the file container limit of ${limit} bytes (limits.containerBytes)`,
      );
    }
    const { fileId } = await fillFileContainer(this.#t, body, options?.signal);
    const answer = await this.manageSecurityIdentities(
      providerId,
      options?.orderingId === undefined ? { fileId } : { fileId, orderingId: options.orderingId },
      options?.signal ? { signal: options.signal } : {},
    );
    return { ...answer, fileId };
  }
}

const JSON_TYPE = { 'content-type': 'application/json' };
