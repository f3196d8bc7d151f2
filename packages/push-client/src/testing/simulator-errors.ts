import { randomUUID } from 'node:crypto';

/** A failed check: the documented status and Coveo error code, and what was wrong. */
export interface WireProblem {
  status: number;
  errorCode: string;
  message: string;
}

export const problem = (status: number, errorCode: string, message: string): WireProblem => ({
  status,
  errorCode,
  message,
});

/** 400 `INVALID_JSON`: the docs' code for a body that is malformed or lacks a required key. */
export const invalidJson = (message: string): WireProblem => problem(400, 'INVALID_JSON', message);

/** 413 past a size limit. */
export const tooLarge = (message: string): WireProblem =>
  problem(413, 'REQUEST_ENTITY_TOO_LARGE', message);

/**
 * A Coveo error answer: `{errorCode, message}` with an `X-Request-ID` header (the reference's
 * connectorkit design decision for the unverified error-body keys).
 */
export function coveoError(
  status: number,
  errorCode: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json(
    { errorCode, message },
    { status, headers: { 'x-request-id': requestId(), ...headers } },
  );
}

/** A new `X-Request-ID` (and search uid). */
export const requestId = (): string => randomUUID();

export const answer = (p: WireProblem): Response => coveoError(p.status, p.errorCode, p.message);

export const isProblem = (x: unknown): x is WireProblem =>
  typeof x === 'object' && x !== null && typeof (x as WireProblem).errorCode === 'string';
