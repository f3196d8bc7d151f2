// Generators of valid and hostile arguments for the Push API, shared by the generated tests.
import fc from 'fast-check';
import type { Document, EnumerationMode, Part } from '../types.js';

const circularObject = (): Record<string, unknown> => {
  const o: Record<string, unknown> = { uri: 'circular' };
  o.self = o;
  o.metas = o;
  return o;
};
const circularArray = (): unknown[] => {
  const a: unknown[] = [];
  a.push(a);
  return a;
};

/** Values of the wrong type for any argument. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    0,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    0.5,
    -0,
    true,
    false,
    1n,
    -1n,
    Symbol('s'),
    () => 'x',
  ),
  fc.constant(null).map(() => ({})),
  fc.constant(null).map(() => []),
  fc.constant(null).map(() => new Date(0)),
  fc.constant(null).map(() => new Uint8Array(3)),
  fc.constant(null).map(circularObject),
  fc.constant(null).map(circularArray),
  fc.double(),
  fc.integer(),
);

const hostileUnit = fc.oneof(
  fc.constantFrom(
    '\u0000',
    '\n',
    '\r',
    '\t',
    '\u007f',
    '\u0085',
    '\ud800',
    '\udfff',
    '%22',
    '%0A',
    '%',
    '"',
    ':',
    ' ',
    '/',
    '.',
    '\\',
    '#',
    '?',
    '&',
    '=',
    '+',
    'é',
    '😀',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

/** Strings meant to break things: control characters, lone surrogates, escapes, sizes. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: hostileUnit, maxLength: 12 }),
  fc.constantFrom('', '.', '..', ' ', 'é'.repeat(800), 'a'.repeat(100_000)),
  fc.integer({ min: 4090, max: 4100 }).map((n) => 'u'.repeat(n)),
);

/** Any hostile value: a wrong type or a hostile string. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(wrongType, hostileText);

const safeUnit = fc.constantFrom('a', 'b', 'z', '0', '_', '-', 'é', '日', '😀');
export const validName: fc.Arbitrary<string> = fc.string({
  unit: safeUnit,
  minLength: 1,
  maxLength: 6,
});
const uriUnit = fc.constantFrom('a', 'b', '/', '.', ' ', '%', '+', '&', '=', '#', '?', 'é', '日');
export const validUri: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: uriUnit, minLength: 1, maxLength: 16 }),
  fc.integer({ min: 1000, max: 4096 }).map((n) => `long/${'u'.repeat(n - 5)}`),
);
export const validRootPath: fc.Arbitrary<string> = fc.oneof(fc.constant(''), validUri);
const valueUnit = fc.constantFrom('a', ' ', '\n', '\r', '\\', '\t', 'é', '😀', '%', '+');
export const validCheckpoint: fc.Arbitrary<string> = fc.string({ unit: valueUnit, maxLength: 20 });
export const validMode: fc.Arbitrary<EnumerationMode> = fc.constantFrom(
  'NOT_RECURSIVE_FOLDERS',
  'NOT_RECURSIVE_DOCUMENTS',
  'NOT_RECURSIVE_ALL',
  'RECURSIVE_DOCUMENTS',
);
export const validSerial: fc.Arbitrary<bigint> = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const validStamp = fc.string({ unit: safeUnit, maxLength: 8 });
const multiValue = fc.oneof(validCheckpoint, fc.array(validCheckpoint, { maxLength: 3 }));

const validPart: fc.Arbitrary<Part> = fc.record(
  {
    name: fc.string({ unit: fc.constantFrom('a', 'b', '_'), minLength: 1, maxLength: 4 }),
    content: fc.oneof(validCheckpoint, fc.uint8Array({ maxLength: 16 })),
    mimeHint: fc.constantFrom('text/plain', 'text/html; charset=utf-8', 'application/pdf'),
    encoding: fc.constantFrom('utf-8', 'latin1'),
  },
  { requiredKeys: ['content'] },
);

export const validDocument: fc.Arbitrary<Document> = fc.record(
  {
    uri: validUri,
    stamp: validStamp,
    metas: fc.dictionary(validName, multiValue, { maxKeys: 3 }),
    directives: fc.dictionary(validName, multiValue, { maxKeys: 2 }),
    parts: fc.uniqueArray(validPart, { maxLength: 2, selector: (p) => p.name ?? 'master' }),
  },
  { requiredKeys: ['uri'] },
);

/** A document that is an object, with one hostile field somewhere inside. */
const documentWithHostileField: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ uri: hostile }),
  fc.record({ uri: validUri, stamp: hostile }),
  fc.record({ uri: validUri, metas: hostile }),
  fc.record({
    uri: validUri,
    metas: fc.dictionary(hostileText, validCheckpoint, { minKeys: 1, maxKeys: 1 }),
  }),
  fc.record({
    uri: validUri,
    metas: fc.dictionary(validName, hostile, { minKeys: 1, maxKeys: 1 }),
  }),
  fc.record({
    uri: validUri,
    directives: fc.dictionary(hostileText, validCheckpoint, { minKeys: 1, maxKeys: 1 }),
  }),
  fc.record({ uri: validUri, parts: hostile }),
  fc.record({ uri: validUri, parts: fc.tuple(fc.record({ content: hostile })) }),
  fc.record({
    uri: validUri,
    parts: fc.tuple(fc.record({ content: fc.constant('x'), name: hostileText })),
  }),
  fc.record({
    uri: validUri,
    parts: fc.tuple(fc.record({ content: fc.constant('x'), mimeHint: hostileText })),
  }),
  fc.record({
    uri: validUri,
    parts: fc.tuple(fc.record({ content: fc.constant('x'), filename: hostileText })),
  }),
  fc.constant({ uri: 'twice', parts: [{ content: 'a' }, { content: 'b' }] }),
);

export const hostileDocument: fc.Arbitrary<unknown> = fc.oneof(hostile, documentWithHostileField);
/** An array of documents with a hostile one among valid ones, or no array at all. */
export const hostileDocuments: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc
    .tuple(fc.array(validDocument, { maxLength: 2 }), hostileDocument)
    .map(([docs, bad]) => [...docs, bad]),
);
export const hostileUris: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.tuple(fc.array(validUri, { maxLength: 2 }), hostile).map(([uris, bad]) => [...uris, bad]),
);
export const hostileNames: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.array(hostileText, { minLength: 1, maxLength: 2 }),
);
export const hostileSerial: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.constantFrom(-1n, 2n ** 64n, 2n ** 70n, '1', 1),
);
export const hostileFlag: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.constantFrom('true', 'false', 0, 1),
);
