import * as v from 'valibot';
import { type MetadataValue, MetadataValueSchema } from '../document-rules.js';
import { IdSchema, isWellFormed, WELL_FORMED } from '../internal/text-rules.js';

/** The seed's settings object, with its parameter names. */
export interface PartialUpdateSettings {
  /** API key with the Search "execute query" privilege (and "view all content" to see every item). */
  api_key_search: string;
  /** API key allowed to push to the source. */
  api_key_push: string;
  source_id: string;
  org_id: string;
  /** `''` (US), `'eu'`, `'ap'` (APAC, which Coveo hosts in `au`) or `'ca'` (Canada). @default '' */
  region?: '' | 'eu' | 'ap' | 'ca' | undefined;
  /** `''` or `'push'` (see the README for which push host each selects). @default '' */
  type_source?: '' | 'push' | undefined;
  /** Appended to the key query, e.g. `@source=="My source"`. @default '' */
  additional_query?: string | undefined;
  /** The field that identifies an item. @default 'uri' */
  key_field?: string | undefined;
}

/** One change: the item whose key field equals `key` gets these metadata values. */
export interface PartialUpdateData {
  key: string;
  metadata: Record<string, MetadataValue>;
}

/** What happened to each key. */
export type PartialUpdateStatus = 'Found and updated' | 'Not found';
/** The seed's response: one status per key of `newdata`. */
export type PartialUpdateResponse = Record<string, PartialUpdateStatus>;

/** The seed's REST proxy body: the settings and `newdata` in one object. */
export interface PartialUpdateRequest extends PartialUpdateSettings {
  newdata: PartialUpdateData[];
}

const Text = v.pipe(v.string('must be a string'), v.minLength(1, 'must not be empty'));
// A key goes in a header: printable ASCII without spaces. Messages never quote it.
const ApiKey = v.pipe(
  Text,
  v.check((k) => /^[\x21-\x7e]+$/.test(k), 'must be printable ASCII without spaces'),
);
const settingsEntries = {
  api_key_search: ApiKey,
  api_key_push: ApiKey,
  source_id: IdSchema,
  org_id: IdSchema,
  region: v.optional(v.picklist(['', 'eu', 'ap', 'ca'], "must be '', 'eu', 'ap' or 'ca'")),
  type_source: v.optional(v.picklist(['', 'push'], "must be '' or 'push'")),
  additional_query: v.optional(v.string('must be a string')),
  key_field: v.optional(
    v.pipe(Text, v.regex(/^@?[A-Za-z][A-Za-z0-9_]*$/, 'must be a field name such as uri or sku')),
  ),
};

/**
 * Valibot schema of {@link PartialUpdateSettings}: keys printable ASCII without spaces, ids
 * without control characters, `region`, `type_source` and `key_field` from their lists.
 */
export const PartialUpdateSettingsSchema: v.GenericSchema<unknown, PartialUpdateSettings> =
  v.object(settingsEntries);

/** Valibot schema of `newdata`: an array of {@link PartialUpdateData}, non-empty keys. */
export const PartialUpdateDataSchema: v.GenericSchema<unknown, PartialUpdateData[]> = v.array(
  v.object({
    key: v.pipe(
      v.string('must be a string'),
      v.minLength(1, 'must not be empty'),
      v.check((k) => isWellFormed(k), WELL_FORMED),
    ),
    metadata: v.record(v.string(), MetadataValueSchema),
  }),
  'newdata must be an array of { key, metadata }',
);

/** Valibot schema of {@link PartialUpdateRequest}: the settings and `newdata` in one object. */
export const PartialUpdateRequestSchema: v.GenericSchema<unknown, PartialUpdateRequest> = v.object({
  ...settingsEntries,
  newdata: PartialUpdateDataSchema,
});

/** Valibot schema of {@link PartialUpdateResponse}: each key to `'Found and updated'` or `'Not found'`. */
export const PartialUpdateResponseSchema: v.GenericSchema<unknown, PartialUpdateResponse> =
  v.record(v.string(), v.picklist(['Found and updated', 'Not found']));
