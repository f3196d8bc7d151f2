import { toProblems, type ValidationProblem } from '@connectorkit/http-core';

import * as v from 'valibot';

const Size = v.optional(
  v.pipe(
    v.number('must be a number'),
    v.finite('must be finite'),
    v.minValue(0, 'must be 0 or more'),
  ),
);
/** The part of `GET /{db}` the follower reads (batch sizing), checked even when the client does not. */
const DatabaseInformationSchema = v.pipe(
  v.custom<object>(
    (d) => typeof d === 'object' && d !== null && !Array.isArray(d),
    'must be a JSON object',
  ),
  v.looseObject({
    doc_count: Size,
    sizes: v.optional(v.looseObject({ external: Size }, 'must be an object')),
  }),
);

export function databaseInformationProblems(info: unknown): ValidationProblem[] {
  const checked = v.safeParse(DatabaseInformationSchema, info);
  return checked.success ? [] : toProblems(checked.issues);
}
