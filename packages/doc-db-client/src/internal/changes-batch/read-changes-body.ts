import {
  NetworkError,
  ResponseValidationError,
  type ValidationProblem,
} from '@connectorkit/http-core';
import type { Seq } from '../../schemas/common.js';
import type { ChangesBatchResult } from '../../schemas/responses.js';
import { changesAnswerProblems } from './batch-checks.js';
import { ChangesBodyError, ChangesBodyParser } from './changes-body-parser.js';

/** The request a body belongs to, as errors show it (URL redacted), and how to scrub a text. */
export interface BodyContext {
  /** Check every row, not only `last_seq` and `pending` (the client's `validateResponses`). */
  validate: boolean;
  /** The request's URL as errors show it; built only for an error. */
  url(): string;
  redact(text: string): string;
  /** Retries the request needed before this body. */
  retryCount: number;
}

/** How much of a refused answer an error keeps, as `data`. */
const DATA_LIMIT = 4 * 1024;

/** A refused answer: a typed error that shows positions and rules, and no secret. */
export function refusedAnswer(
  context: Pick<BodyContext, 'url' | 'redact'>,
  method: string,
  issues: readonly ValidationProblem[],
  data: unknown,
): ResponseValidationError {
  let excerpt: string | undefined;
  try {
    excerpt = JSON.stringify(data)?.slice(0, DATA_LIMIT);
  } catch {
    excerpt = undefined;
  }
  return new ResponseValidationError({
    method,
    url: context.url(),
    issues: issues.map((p) => ({
      path: context.redact(p.path),
      message: context.redact(p.message),
    })),
    data: excerpt === undefined ? undefined : context.redact(excerpt),
  });
}

/** A body that did not arrive whole: transient, like any network failure. */
function cutShort(context: BodyContext, cause: unknown): NetworkError {
  const { retryCount } = context;
  return new NetworkError({
    method: 'POST',
    url: context.url(),
    retryCount,
    attempts: retryCount + 1,
    cause,
  });
}

/**
 * Reads a `_changes` body as it streams in, parsing rows chunk by chunk instead of buffering the
 * body and its string copy, then checks it: `last_seq` and `pending` always (a follower must be
 * able to resume and to end), every row when `validate` is set. A body cut short (the stream
 * failed, or the JSON stopped mid-way) is a NetworkError; a body that is not a `_changes` answer,
 * or nests too deep, is a ResponseValidationError.
 */
export async function readChangesBody(
  stream: ReadableStream<Uint8Array>,
  context: BodyContext,
): Promise<ChangesBatchResult> {
  const parser = new ChangesBodyParser();
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  let bytes = 0;
  let envelope: Record<string, unknown>;
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        throw cutShort(context, error);
      }
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
      parser.push(decoder.decode(chunk.value, { stream: true }));
    }
    parser.push(decoder.decode());
    envelope = parser.end();
  } catch (error) {
    await reader.cancel(error).catch(() => {});
    if (!(error instanceof ChangesBodyError)) throw error;
    if (error.kind === 'incomplete') throw cutShort(context, new Error(error.message));
    throw refusedAnswer(context, 'POST', [{ path: '', message: error.message }], undefined);
  } finally {
    reader.releaseLock();
  }
  const results = parser.rows;
  const problems = changesAnswerProblems(envelope, results, context.validate);
  if (problems.length > 0) {
    const first = /^results\.(\d+)/.exec(problems[0]?.path ?? '')?.[1];
    throw refusedAnswer(context, 'POST', problems, {
      ...envelope,
      results: first === undefined ? `${results.length} rows` : [results[Number(first)]],
    });
  }
  return {
    results,
    last_seq: envelope.last_seq as Seq,
    pending: envelope.pending as number | undefined,
    bytes,
  };
}
