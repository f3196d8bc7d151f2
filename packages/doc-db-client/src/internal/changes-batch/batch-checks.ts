import type { ValidationProblem } from '@connectorkit/http-core';
import { toProblems } from '@connectorkit/http-core';
import * as v from 'valibot';

/** The longest sequence a follower sends back, as JSON (Cloudant's are a few hundred bytes). */
export const MAX_SEQ_LENGTH: number = 64 * 1024;

/**
 * What is wrong with a sequence, if anything: it must be a string, a finite number or an array,
 * and fit in {@link MAX_SEQ_LENGTH} characters of JSON (a follower sends it back as `since`).
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

const Seq = v.custom<unknown>(
  (seq) => seqProblem(seq) === undefined,
  'must be a sequence (a string, a finite number or an array) of at most 64 KiB',
);
const Pending = v.optional(
  v.pipe(
    v.number('must be a number'),
    v.safeInteger('must be a whole number'),
    v.minValue(0, 'must be 0 or more'),
  ),
);

/** What a follower needs to resume and to end, checked whether or not the client validates answers. */
const EnvelopeSchema = v.looseObject({ last_seq: Seq, pending: Pending });

/** Each row, when the client validates answers (messages never quote the value). */
const RowSchema = v.looseObject({
  id: v.string('must be a string'),
  seq: v.optional(v.nullable(Seq)), // null between two seq_interval points
  changes: v.array(
    v.looseObject({ rev: v.string('must be a string') }, 'must be an object with a rev'),
    'must be an array of revisions',
  ),
  deleted: v.optional(v.boolean('must be true or false')),
  doc: v.optional(
    v.custom<Record<string, unknown>>(
      (d) => typeof d === 'object' && d !== null && !Array.isArray(d),
      'must be an object',
    ),
  ),
});

/**
 * The problems of a `_changes` answer: `last_seq` and `pending` always, each row too when
 * `validateRows`. Stops at the first bad row.
 */
export function changesAnswerProblems(
  envelope: Record<string, unknown>,
  rows: readonly unknown[],
  validateRows: boolean,
): ValidationProblem[] {
  const checked = v.safeParse(EnvelopeSchema, envelope);
  if (!checked.success) return toProblems(checked.issues);
  if (!validateRows) return [];
  for (let i = 0; i < rows.length; i++) {
    const row = v.safeParse(RowSchema, rows[i]);
    if (!row.success) return toProblems(row.issues, `results.${i}`);
  }
  return [];
}
