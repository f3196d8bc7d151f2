import { toProblems } from '@connectorkit/http-core';
import * as v from 'valibot';
import { InvalidParameterError } from '../errors.js';
import { type Document, ENUMERATION_MODES, type EnumerationMode } from '../types.js';

const MultiValueSchema = v.union(
  [v.string(), v.array(v.string())],
  'must be a string or an array of strings',
);
const NamedValues = v.record(
  v.pipe(v.string(), v.nonEmpty('names must not be empty')),
  MultiValueSchema,
);
const UriSchema = v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'));

const PartSchema = v.object({
  name: v.optional(
    v.pipe(v.string(), v.regex(/^[^:\s]+$/, 'must not be empty or contain ":" or spaces')),
  ),
  content: v.union([v.string(), v.instance(Uint8Array)], 'must be a string or bytes'),
  encoding: v.optional(v.string()),
  filename: v.optional(v.string()),
  mimeHint: v.optional(v.string()),
  certifiedMime: v.optional(v.string()),
  directives: v.optional(NamedValues),
});

const DocumentSchema = v.object({
  uri: UriSchema,
  stamp: v.optional(v.string('must be a string')),
  metas: v.optional(NamedValues),
  parts: v.optional(v.array(PartSchema)),
  directives: v.optional(NamedValues),
});

function check<S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  subject: string,
): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const detail = toProblems(result.issues, subject)
    .map((p) => `${p.path}: ${p.message}`)
    .join('; ');
  throw new InvalidParameterError({
    message: `Invalid ${subject}: ${detail}`,
    type: 'InvalidParameterError',
    shortMessage: detail,
  });
}

export function checkUri(uri: unknown, subject = 'uri'): string {
  return check(UriSchema, uri, subject);
}

export function checkDocuments(documents: unknown): Document[] {
  return check(
    v.array(DocumentSchema, 'must be an array of documents'),
    documents,
    'documents',
  ) as Document[];
}

export function checkFields(documents: readonly Document[], fieldsList: unknown): string[][] {
  const list = check(
    v.array(v.array(v.pipe(v.string(), v.nonEmpty('field names must not be empty')))),
    fieldsList,
    'fieldsList',
  );
  if (list.length !== documents.length) {
    throw new InvalidParameterError({
      message: `Invalid fieldsList: needs one list of fields per document (${documents.length}), got ${list.length}`,
      type: 'InvalidParameterError',
    });
  }
  return list;
}

export function checkText(value: unknown, subject: string): string {
  return check(v.string('must be a string'), value, subject);
}

export function checkMode(mode: unknown): EnumerationMode {
  return check(
    v.picklist(ENUMERATION_MODES, `must be one of ${ENUMERATION_MODES.join(', ')}`),
    mode,
    'mode',
  );
}

export function checkSerial(serial: unknown): bigint {
  if (typeof serial === 'bigint' && serial >= 0n) return serial;
  throw new InvalidParameterError({
    message: 'Invalid serial: must be a bigint of 0 or more (as setCheckpoint returns it)',
    type: 'InvalidParameterError',
  });
}
