import * as v from 'valibot';
import { InputValidationError } from './errors.js';
import { validateInput } from './validate.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * One value placed in a URL path: a non-empty, well-formed string that is not `.` or `..`.
 * Percent-encoding cannot protect a dot segment (URL parsing removes `.`, `..`, `%2e` and `%2e%2e`
 * alike), so such a value would address another resource: `DELETE /db/..` is `DELETE /`.
 */
export const PathSegmentSchema: v.SchemaWithPipe<
  readonly [
    v.StringSchema<string>,
    v.NonEmptyAction<string, string>,
    v.CheckAction<string, string>,
    v.CheckAction<string, string>,
  ]
> = v.pipe(
  v.string('must be a string'),
  v.nonEmpty('must not be empty'),
  v.check(
    (s) => s !== '.' && s !== '..',
    'must not be "." or ".." (URL resolution would drop it and address another resource)',
  ),
  v.check((s) => !LONE_SURROGATE.test(s), 'must be well-formed Unicode (no lone surrogate)'),
);

const isSafeSegment = (value: unknown): value is string =>
  typeof value === 'string' &&
  value !== '' &&
  value !== '.' &&
  value !== '..' &&
  !LONE_SURROGATE.test(value);

/**
 * Checks one path value and percent-encodes it, `/` included (`a/b` → `a%2Fb`).
 * @throws {InputValidationError} naming `field` when the value is empty, `.`, `..`, not a string
 * or not well-formed Unicode.
 * @example pathSegment('a/b', 'docId') // 'a%2Fb'
 */
export function pathSegment(value: unknown, field: string): string {
  return encodeURIComponent(
    isSafeSegment(value) ? value : validateInput(PathSegmentSchema, value, field),
  );
}

interface CompiledTemplate {
  literals: string[];
  names: string[];
}

const compiled = new Map<string, CompiledTemplate>();

function compile(template: string): CompiledTemplate {
  let found = compiled.get(template);
  if (!found) {
    const parts = template.split(/\{([A-Za-z_$][\w$]*)\}/);
    found = {
      literals: parts.filter((_, i) => i % 2 === 0),
      names: parts.filter((_, i) => i % 2 === 1),
    };
    compiled.set(template, found);
  }
  return found;
}

/**
 * Builds a URL path from a template whose `{name}` placeholders are filled from `params`: the
 * template's own text is kept as written, and every value goes through {@link pathSegment}, so
 * it is checked (the error names the placeholder) and percent-encoded. Every path a connectorkit
 * package sends is built here.
 * @throws {InputValidationError} before any request, for an empty, `.` or `..` value.
 * @example buildPath('/{db}/_design/{ddoc}/_view/{view}', { db, ddoc, view })
 */
export function buildPath(template: string, params: Readonly<Record<string, unknown>>): string {
  const { literals, names } = compile(template);
  let path = literals[0] as string;
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    path += pathSegment(params[name], name) + (literals[i + 1] as string);
  }
  return path;
}

const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?=[/?#]|$)/i;

/**
 * Refuses a path with a `.` or `..` segment (or their percent-encoded forms), which URL parsing
 * would resolve away: the request would reach another resource than the one named.
 * @throws {InputValidationError}
 */
export function assertNoDotSegments(path: string): void {
  const end = path.search(/[?#]/);
  if (!DOT_SEGMENT.test(end === -1 ? path : path.slice(0, end))) return;
  throw new InputValidationError({
    subject: 'path',
    issues: [
      {
        path: 'path',
        message:
          'must not contain a "." or ".." segment (URL resolution would drop it and address another resource)',
      },
    ],
  });
}
