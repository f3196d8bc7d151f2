import {
  InputValidationError,
  type ResponseValidationError,
  toProblems,
  type ValidationProblem,
} from '@connectorkit/http-core';
import * as v from 'valibot';
import type { DocDbClient } from './create-doc-db-client.js';
import { answerSecrets } from './internal/answer-secrets.js';
import { refusedAnswer } from './internal/changes-batch/read-changes-body.js';

/** An answer of the client that your code refused, described for {@link invalidAnswerError}. */
export interface RefusedAnswer {
  /** The request's method, e.g. `GET`. */
  method: string;
  /** The request's path under the client's URL, e.g. `/orders`. */
  path: string;
  /** What is wrong with the answer: a path in it and the rule it breaks, for each problem. */
  issues: readonly ValidationProblem[];
  /** The answer itself; the error keeps at most 4 KiB of its JSON, secrets redacted. */
  data?: unknown;
}

const text = v.string('must be a string');
const Arguments = v.object({
  client: v.custom<DocDbClient>(
    (c) =>
      typeof c === 'object' &&
      c !== null &&
      typeof (c as { http?: { options?: unknown } }).http?.options === 'object',
    'must be a client made by createDocDbClient',
  ),
  answer: v.looseObject(
    {
      method: v.pipe(text, v.regex(/^[A-Za-z]+$/, 'must be an HTTP method such as GET')),
      path: v.pipe(text, v.startsWith('/', 'must start with /')),
      issues: v.array(
        v.looseObject({ path: text, message: text }, 'must be { path, message }'),
        'must be an array of { path, message }',
      ),
    },
    'must be an object { method, path, issues, data? }',
  ),
});

/**
 * The `ResponseValidationError` this client would throw, for an answer your code checked and
 * refused itself (with `validateResponses: false`, or a rule of your own): the request's URL as
 * the client's errors show it (credentials removed), and the issues and an excerpt of the answer
 * with the client's secrets (password, session cookie, token) redacted.
 * @throws {InputValidationError} naming each bad argument.
 * @example
 * const info = await db.getDatabaseInformation({ db: 'orders' });
 * if (typeof info.doc_count !== 'number')
 *   throw invalidAnswerError(db, { method: 'GET', path: '/orders', issues: [{ path: 'doc_count', message: 'must be a number' }], data: info });
 */
export function invalidAnswerError(
  client: DocDbClient,
  answer: RefusedAnswer,
): ResponseValidationError {
  const checked = v.safeParse(Arguments, { client, answer });
  if (!checked.success) {
    throw new InputValidationError({
      subject: 'invalidAnswerError arguments',
      issues: toProblems(checked.issues),
    });
  }
  const secrets = answerSecrets(client.http);
  return refusedAnswer(
    { url: () => secrets.url(answer.path), redact: secrets.redact },
    answer.method.toUpperCase(),
    answer.issues,
    answer.data,
  );
}
