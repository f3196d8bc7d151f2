import {
  type ChangesResult,
  type ChangesResultItem,
  ChangesResultSchema,
  type Seq,
} from '@connectorkit/doc-db-client';
import { ResponseValidationError, toProblems } from '@connectorkit/http-core';
import * as v from 'valibot';
import { ChangesBodyParser } from './changes-body-parser.js';

/** A `_changes` response read from its stream, with the size of its body. */
export interface ChangesResponse {
  results: ChangesResultItem[];
  last_seq: Seq;
  pending: number | undefined;
  /** Bytes of the body, for batch sizing. */
  bytes: number;
}

/**
 * Reads a `_changes` body as it streams in, parsing rows chunk by chunk instead of buffering the
 * body and its string copy; validates it with the client's schema when `validate` is set. A body
 * cut short, or one without `last_seq`, is an error (the follower retries it like a network error).
 */
export async function readChangesBody(
  stream: ReadableStream<Uint8Array>,
  context: { validate: boolean; url: string },
): Promise<ChangesResponse> {
  const parser = new ChangesBodyParser();
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let bytes = 0;
  let envelope: Record<string, unknown>;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      parser.push(decoder.decode(value, { stream: true }));
    }
    parser.push(decoder.decode());
    envelope = parser.end();
  } catch (error) {
    await reader.cancel(error).catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
  const results = parser.rows;
  if (context.validate) {
    const checked = v.safeParse(ChangesResultSchema, { ...envelope, results });
    if (!checked.success) {
      throw new ResponseValidationError({
        method: 'POST',
        url: context.url,
        issues: toProblems(checked.issues),
        data: { ...envelope, results },
      });
    }
    return responseOf(checked.output, bytes);
  }
  if (envelope.last_seq === undefined)
    throw new SyntaxError('The _changes body has no last_seq to resume from');
  return responseOf({ ...envelope, results } as ChangesResult, bytes);
}

function responseOf(result: ChangesResult, bytes: number): ChangesResponse {
  return { results: result.results, last_seq: result.last_seq, pending: result.pending, bytes };
}
