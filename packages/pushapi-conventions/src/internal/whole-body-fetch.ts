import { redactUrl } from '@connectorkit/http-core';
import { InvalidResponseError } from '../errors.js';
import { concatBytes } from './bytes.js';

/** The largest answer read (an enumeration page or a status list); a larger one is refused. */
export const MAX_ANSWER_BYTES: number = 64 * 1024 * 1024;

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * Wraps fetch so that each answer is read whole before the response is handed on. A body cut
 * short then fails inside http-core's attempt, as a network error: reads are retried like a
 * refused connection, and every caller sees ServerUnavailableException rather than an error
 * raised later, outside the retry loop. The attempt's timeout covers the body too.
 */
export function wholeBodyFetch(base: () => typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await base()(input, init);
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > MAX_ANSWER_BYTES) {
          if (!response.ok) break; // an error body: what arrived is enough to report it
          throw new InvalidResponseError({
            method: init?.method ?? 'GET',
            url: redactUrl(input instanceof Request ? input.url : input),
            issues: [{ path: 'body', message: `must be at most ${MAX_ANSWER_BYTES} bytes` }],
            data: undefined,
          });
        }
        chunks.push(chunk);
      }
    }
    const body = NULL_BODY_STATUSES.has(response.status) ? null : concatBytes(chunks);
    return new Response(body, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
