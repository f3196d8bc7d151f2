import { toProblems, type ValidationProblem } from '@connectorkit/http-core';
import * as v from 'valibot';

/** The longest sequence a follower sends back, as JSON (Cloudant's are a few hundred bytes). */
export const MAX_SEQ_LENGTH: number = 64 * 1024;

/**
 * What is wrong with a sequence, if anything: it must be a string, a finite number or an array,
 * and fit in {@link MAX_SEQ_LENGTH} characters of JSON (the follower sends it back as `since`).
 */
export function seqProblem(seq: unknown): string | undefined {
  if (typeof seq === 'string')
    return seq.length <= MAX_SEQ_LENGTH
      ? undefined
      : `must be at most ${MAX_SEQ_LENGTH} characters`;
  if (typeof seq === 'number') return Number.isFinite(seq) ? undefined : 'must be a finite number';
  if (!Array.isArray(seq)) return 'must be a sequence (a string, a number or an array)';
  let json: string;
  try {
    json = JSON.stringify(seq);
  } catch {
    return 'must be an array that can be written back as JSON';
  }
  return json.length <= MAX_SEQ_LENGTH
    ? undefined
    : `must be at most ${MAX_SEQ_LENGTH} characters of JSON`;
}

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
