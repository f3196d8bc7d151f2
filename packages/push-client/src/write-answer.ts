import type { HttpClient, RequestOptions } from '@connectorkit/http-core';
import { answerError } from './internal/json-answers.js';
import { AcknowledgementSchema } from './schemas.js';

/**
 * What Coveo answered to a write it accepted. Accepted is not indexed: the Push API answers
 * 202 at once and indexes later (a bad item is refused then, see the Logs API).
 */
export interface WriteAnswer {
  /** The HTTP status: 202 Accepted for pushes and deletes, 201 for a source status. */
  status: number;
  /** Coveo's `X-Request-ID`, to find the call in Coveo's logs or quote to its support. */
  requestId: string | undefined;
  /** Retries the call needed (429, 5xx, network errors) before this answer. */
  retryCount: number;
}

/** The answer to a write of one item: its `documentId` as sent (a path becomes a `file:` URL). */
export interface DocumentWriteAnswer extends WriteAnswer {
  documentId: string;
}

/** Sends one write and reads its acknowledgement (nothing, `null` or a JSON object). */
export async function acknowledged(
  client: HttpClient,
  path: string,
  options: RequestOptions,
): Promise<WriteAnswer> {
  const response = await client.request(path, options);
  try {
    await response.json(AcknowledgementSchema);
  } catch (error) {
    throw answerError(error);
  }
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id') ?? undefined,
    retryCount: response.retryCount,
  };
}
