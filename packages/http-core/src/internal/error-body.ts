import { HttpError } from '../errors.js';
import {
  ERROR_BODY_LIMIT_BYTES,
  ERROR_TEXT_LIMIT_CHARS,
  type ServiceErrorInfo,
} from '../http-client-options.js';
import { redactHeaders } from '../redact.js';
import { parseJsonText } from './json-text.js';
import { reasonPhrase } from './reason-phrases.js';
import type { SecretSet } from './secret-set.js';
import type { WireResponse } from './wire-response.js';

/** Where an answer carries its request id when the service declares no header of its own. */
export const REQUEST_ID_HEADERS: readonly string[] = [
  'x-request-id',
  'x-correlation-id',
  'request-id',
];

/** Reads at most `limit` bytes of a body as text, then cancels the rest. Reads the body once. */
export async function readBoundedText(
  response: Pick<WireResponse, 'body'>,
  limit: number,
): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A truncated error body is still worth reporting with what arrived.
  } finally {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(Math.min(size, limit));
  let at = 0;
  for (const chunk of chunks) {
    if (at >= bytes.length) break;
    const part = chunk.subarray(0, bytes.length - at);
    bytes.set(part, at);
    at += part.length;
  }
  return new TextDecoder().decode(bytes);
}

/** Finds a code and message in the error envelopes of the services connectorkit talks to. */
export function defaultParseErrorBody(data: unknown): ServiceErrorInfo | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const d = data as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  if (typeof d.error === 'object' && d.error !== null) {
    const e = d.error as Record<string, unknown>;
    return { code: str(e.status) ?? str(e.code), message: str(e.message) };
  }
  return {
    code: str(d.errorCode) ?? str(d.error) ?? str(d.code) ?? str(d.type),
    message: str(d.reason) ?? str(d.message) ?? str(d.error_description),
  };
}

export interface HttpErrorContext {
  method: string;
  url: string;
  retryCount: number;
  isRetryable: boolean;
  parseErrorBody: ((data: unknown, text: string) => ServiceErrorInfo | undefined) | undefined;
  secrets: SecretSet;
  secretHeaders: ReadonlySet<string> | undefined;
  /** The headers tried for the request id, in order (the service's own, then the usual ones). */
  requestIdHeaders: readonly string[];
}

/** Builds an {@link HttpError} from a non-2xx response, reading its body exactly once. */
export async function toHttpError(
  response: WireResponse,
  ctx: HttpErrorContext,
): Promise<HttpError> {
  const raw = ctx.secrets.redact(await readBoundedText(response, ERROR_BODY_LIMIT_BYTES));
  const parsed = parseJsonText(raw);
  const data = parsed.ok ? (parsed.value ?? raw) : raw.slice(0, ERROR_TEXT_LIMIT_CHARS);
  let info: ServiceErrorInfo | undefined;
  try {
    info = (ctx.parseErrorBody ?? defaultParseErrorBody)(data, raw);
  } catch {
    info = undefined;
  }
  const requestId =
    ctx.requestIdHeaders.map((h) => response.headers.get(h)).find(Boolean) ?? undefined;
  return new HttpError({
    status: response.status,
    statusText: response.statusText || reasonPhrase(response.status),
    method: ctx.method,
    url: ctx.url,
    headers: redactHeaders(response.headers, ctx.secretHeaders),
    data,
    body: raw.slice(0, ERROR_TEXT_LIMIT_CHARS),
    requestId,
    serviceCode: info?.code,
    serviceMessage: info?.message,
    retryCount: ctx.retryCount,
    attempts: ctx.retryCount + 1,
    isRetryable: ctx.isRetryable,
  });
}
