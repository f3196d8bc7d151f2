/** The AMS error envelope, exact messages, and the load balancer's HTML pages. */

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'TIMEOUT',
  409: 'CONFLICT',
  413: 'INVALID_ARGUMENT',
  500: 'INTERNAL_SERVER_ERROR',
};

/** An error the simulated service answers with. */
export class AmsSimError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: string = STATUS_TEXT[code] ?? 'INTERNAL_SERVER_ERROR',
  ) {
    super(message);
  }
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Pretty-printed with a 3-space indent, as the Go server writes it. */
export function jsonResponse(body: unknown): Response {
  return new Response(JSON.stringify(body, null, 3), { status: 200, headers: JSON_HEADERS });
}

export function emptyResponse(): Response {
  return new Response('', { status: 200 });
}

export function errorResponse(error: AmsSimError): Response {
  const body = { error: { code: error.code, message: error.message, status: error.status } };
  return new Response(JSON.stringify(body, null, 3), { status: error.code, headers: JSON_HEADERS });
}

export function notFoundPage(): Response {
  return new Response('404 page not found\n', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
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
