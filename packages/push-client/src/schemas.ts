import * as v from 'valibot';
import { isId } from './internal/text-rules.js';

/** Coveo's error envelope; the key names vary (see the reference), so all are optional. */
export interface CoveoErrorBody {
  errorCode?: string | undefined;
  code?: string | undefined;
  type?: string | undefined;
  message?: string | undefined;
  detail?: string | undefined;
  title?: string | undefined;
}
export const CoveoErrorBodySchema: v.GenericSchema<unknown, CoveoErrorBody> = v.looseObject({
  errorCode: v.optional(v.string()),
  code: v.optional(v.string()),
  type: v.optional(v.string()),
  message: v.optional(v.string()),
  detail: v.optional(v.string()),
  title: v.optional(v.string()),
});

/** `POST /files`, `stream/{id}/chunk`: where and how to upload one batch. */
export interface FileContainer {
  uploadUri: string;
  fileId: string;
  requiredHeaders: Record<string, string>;
}
/** A JSON object, not an array (valibot's object schemas take arrays too). */
export const JsonObject: v.GenericSchema<object> = v.custom<object>(
  (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
  'must be a JSON object',
);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\u0020-\u007e\u0080-\u00ff]*$/;
const NonEmptyId = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.check((s: string) => isId(s), 'must not hold control characters or lone surrogates'),
);
// Messages name the rule, never the value: an upload URL carries its signature.
const fileContainerEntries = {
  uploadUri: v.pipe(
    v.string('must be a string'),
    v.check(
      (u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol),
      'must be an http(s) URL',
    ),
  ),
  fileId: NonEmptyId,
  requiredHeaders: v.optional(
    v.pipe(
      JsonObject,
      v.record(
        v.pipe(v.string(), v.regex(HEADER_NAME, 'must be a header name')),
        v.pipe(v.string('must be a string'), v.regex(HEADER_VALUE, 'must be a header value')),
      ),
    ),
    {},
  ),
};
export const FileContainerSchema: v.GenericSchema<unknown, FileContainer> = v.pipe(
  JsonObject,
  v.looseObject(fileContainerEntries),
);

/** `POST stream/open`: a file container plus the stream's id. */
export const StreamOpenSchema: v.GenericSchema<unknown, FileContainer & { streamId: string }> =
  v.pipe(JsonObject, v.looseObject({ ...fileContainerEntries, streamId: NonEmptyId }));

/** Stream answers that may carry an `orderingId` (`stream/update`, `stream/merge`, ...). */
export const OrderingIdSchema: v.GenericSchema<
  unknown,
  { orderingId?: number | string | undefined } | null | undefined
> = v.nullish(
  v.pipe(
    JsonObject,
    v.looseObject({
      orderingId: v.optional(v.union([v.number(), v.string()], 'must be a number or a string')),
    }),
  ),
  undefined,
);

/**
 * What a write answers when its answer is not used (202 or 201): nothing, `null` or a JSON
 * object. An array, a scalar or text is not an answer Coveo gives: a proxy or a wrong host.
 */
export const AcknowledgementSchema: v.GenericSchema<unknown, unknown> = v.nullish(
  v.custom(
    (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
    'must be empty, null or a JSON object',
  ),
);

/** `POST /rest/organizations/{org}/sources`: the new source, with its id. */
export const CreatedSourceSchema: v.GenericSchema<unknown, { id: string; [key: string]: unknown }> =
  v.looseObject({ id: NonEmptyId });

/** An answer whose shape is not documented and not used: any JSON, or nothing. */
export const AnyAnswerSchema: v.GenericSchema<unknown, unknown> = v.unknown();
