import * as v from 'valibot';
import { ENUMERATION_MODES, type PushAPI, type PushAPICallOptions } from '../types.js';
import { checkInput, invalid } from './check-input.js';
import { anObject } from './http-options.js';
import { CheckpointValue, multipartName, PlainText, Text, uriLike } from './text-rules.js';

/*
 * The arguments of every PushAPI method, checked in one place so HttpPushAPI and FakePushAPI
 * refuse the same calls with the same errors, before any request.
 */

const Uri = uriLike(false);
const RootPath = uriLike(true);
const Name = multipartName();
const PartName = multipartName({ pattern: /^[^:\s]+$/, rule: 'must not contain ":" or spaces' });
const Flag = v.boolean('must be true or false');

const MultiValue = v.pipe(
  v.union([v.string(), v.array(v.string())], 'must be a string or an array of strings'),
  v.check(
    (value) => (typeof value === 'string' ? [value] : value).every((t) => v.is(Text, t)),
    'must be well-formed Unicode (no lone surrogate)',
  ),
);
const NamedValues = v.record(Name, MultiValue, 'must be an object of names to values');
const MimeType = v.pipe(
  PlainText,
  v.regex(/^[!-~]+\/[!-~]+(?: *;[ -~]*)?$/, 'must be a MIME type such as text/plain'),
);

const PartSchema = v.object(
  {
    name: v.optional(PartName),
    content: v.union([Text, v.instance(Uint8Array)], 'must be a string or bytes (Uint8Array)'),
    encoding: v.optional(PlainText),
    filename: v.optional(Name),
    mimeHint: v.optional(MimeType),
    certifiedMime: v.optional(MimeType),
    directives: v.optional(NamedValues),
  },
  'must be a part object ({ content, ... })',
);

const DocumentSchema = v.pipe(
  v.object(
    {
      uri: Uri,
      stamp: v.optional(PlainText),
      metas: v.optional(NamedValues),
      parts: v.optional(v.array(PartSchema, 'must be an array of parts')),
      directives: v.optional(NamedValues),
    },
    'must be a document object ({ uri, ... })',
  ),
  v.check((doc) => {
    const names = (doc.parts ?? []).map((p) => p.name ?? 'master');
    return new Set(names).size === names.length;
  }, 'must not have two parts of the same name'),
);
const Documents = v.array(DocumentSchema, 'must be an array of documents');
const Fields = v.array(Name, 'must be an array of meta or part names');
const Uris = v.array(Uri, 'must be an array of URIs');
const Mode = v.picklist(ENUMERATION_MODES, `must be one of ${ENUMERATION_MODES.join(', ')}`);
const MAX_SERIAL = 2n ** 64n - 1n;
const Serial = v.pipe(
  v.bigint('must be a bigint (as setCheckpoint returns it)'),
  v.minValue(0n, 'must be 0 or more'),
  v.maxValue(MAX_SERIAL, 'must fit in 64 bits'),
);

const CallOptions = v.optional(
  v.pipe(
    anObject('must be an options object ({ signal })'),
    v.looseObject({ signal: v.optional(v.instance(AbortSignal, 'must be an AbortSignal')) }),
  ),
  {},
);
/** Read their signal later: an enumeration at each read, `close` never (it sends nothing). */
const LATER: readonly PushAPIMethod[] = [
  'enumerateCheckpointsInfo',
  'enumerateSyncedEntries',
  'close',
];

type Spec = readonly (readonly [string, v.GenericSchema])[];
const spec = <const T extends Spec>(...args: T): T => args;
const none = spec();

const METHODS = {
  ping: none,
  startPushSession: none,
  stopPushSession: none,
  addDocument: spec(['document', DocumentSchema]),
  addDocumentList: spec(['documents', Documents]),
  updateDocument: spec(['document', DocumentSchema], ['fields', Fields]),
  updateDocumentList: spec(
    ['documents', Documents],
    ['fieldsList', v.array(Fields, 'must be an array of arrays of names')],
  ),
  deleteDocument: spec(['uri', Uri]),
  deleteDocumentList: spec(['uris', Uris]),
  deleteDocumentsRootPath: spec(['rootPath', RootPath], ['recursive', v.optional(Flag, true)]),
  getDocumentStatus: spec(['uri', Uri]),
  getDocumentStatusList: spec(['uris', Uris]),
  setCheckpoint: spec(
    ['checkpoint', CheckpointValue],
    ['name', v.optional(RootPath, '')],
    ['sync', v.optional(Flag, false)],
  ),
  // Which call goes out depends on whether the flag is given: no default here.
  getCheckpoint: spec(
    ['name', v.optional(RootPath, '')],
    ['showSynchronizedOnly', v.optional(Flag)],
  ),
  clearAllCheckpoints: none,
  enumerateCheckpointsInfo: spec(['showSynchronizedOnly', v.optional(Flag)]),
  enumerateSyncedEntries: spec(['rootPath', RootPath], ['mode', Mode]),
  countSyncedEntries: spec(['rootPath', RootPath], ['mode', Mode]),
  sync: none,
  triggerIndexingJob: none,
  areDocumentsSearchable: spec(['serial', Serial]),
  close: none,
} as const satisfies Record<keyof PushAPI, Spec>;

export type PushAPIMethod = keyof PushAPI;
/** A method's arguments once checked, defaults applied. */
export type CheckedArguments<M extends PushAPIMethod> = M extends keyof FlagOptional
  ? FlagOptional[M]
  : Required<Parameters<PushAPI[M]>>;
/** Methods whose flag stays `undefined` when not given (Exalead documents another call then). */
interface FlagOptional {
  getCheckpoint: [
    name: string,
    showSynchronizedOnly: boolean | undefined,
    options: PushAPICallOptions,
  ];
  enumerateCheckpointsInfo: [
    showSynchronizedOnly: boolean | undefined,
    options: PushAPICallOptions,
  ];
}

/**
 * Checks the arguments of `method`, in order, then its trailing per-call options, and returns
 * them with defaults applied. An aborted signal then throws its reason (but see {@link LATER}).
 * @throws {InvalidParameterError} naming the method, the argument (and field) and the rule
 */
export function checkArguments<M extends PushAPIMethod>(
  method: M,
  args: readonly unknown[],
): CheckedArguments<M> {
  const specs: Spec = METHODS[method];
  const out = specs.map(([name, schema], i) =>
    checkInput(schema, args[i], `${method}(${name})`, name),
  );
  if (method === 'updateDocumentList') checkFieldsCount(out[0] as unknown[], out[1] as unknown[]);
  const options = checkInput(CallOptions, args[specs.length], `${method}(options)`, 'options');
  if (!LATER.includes(method)) options.signal?.throwIfAborted();
  out.push(options);
  return out as CheckedArguments<M>;
}

function checkFieldsCount(documents: readonly unknown[], fieldsList: readonly unknown[]): void {
  if (fieldsList.length !== documents.length) {
    throw invalid('updateDocumentList(fieldsList)', [
      {
        path: 'fieldsList',
        message: `must hold one list of fields per document (${documents.length}), got ${fieldsList.length}`,
      },
    ]);
  }
}

/** `nextBatch(count)` of an enumeration. */
export function checkCount(count: unknown): number {
  return checkInput(
    v.pipe(
      v.number('must be a number'),
      v.safeInteger('must be a whole number'),
      v.minValue(1, 'must be 1 or more'),
    ),
    count,
    'nextBatch(count)',
    'count',
  );
}
