/** The AMS error envelope, and the load balancer's HTML pages. */
import { AMS_ERRORS, type AmsErrorKey, renderMessage, type SimErrorEntry } from './sim-errors.js';

/** An error the simulated service answers with (no stack trace: it is an answer, not a bug). */
export class AmsSimError extends Error {
  readonly code: number;
  readonly status: string;
  constructor(code: number, message: string, status: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.code = code;
    this.status = status;
  }
}

/** The error of the table entry `key` (see sim-errors.ts), placeholders filled from `values`. */
export function amsError(key: AmsErrorKey, values?: Record<string, string>): AmsSimError {
  const item: SimErrorEntry = AMS_ERRORS[key];
  return new AmsSimError(item.code, renderMessage(item, values), item.status);
}

/** An answer of the simulated service, before it becomes a `Response` or goes on a socket. */
export interface SimResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Pretty-printed with a 3-space indent, as the Go server writes it. */
export function jsonResponse(body: unknown): SimResponse {
  return { status: 200, headers: JSON_HEADERS, body: JSON.stringify(body, null, 3) };
}

export function emptyResponse(): SimResponse {
  return { status: 200, headers: {}, body: '' };
}

export function errorResponse(error: AmsSimError): SimResponse {
  const body = { error: { code: error.code, message: error.message, status: error.status } };
  return { status: error.code, headers: JSON_HEADERS, body: JSON.stringify(body, null, 3) };
}

export function notFoundPage(): SimResponse {
  return {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: '404 page not found\n',
  };
}

/** The fetch form of an answer. */
export function toResponse(answer: SimResponse): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

const BALANCER_TEXT: Record<number, string> = {
  408: 'Request Time-out',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Time-out',
};

/** An HAProxy-style HTML error page. */
export function balancerPage(status: number): string {
  const text = BALANCER_TEXT[status] ?? 'Error';
  return `<html><body><h1>${status} ${text}</h1>\nThe server didn't respond in time.\n</body></html>\n`;
}
