import { expect, it } from 'vitest';

it('exports exactly the documented API', async () => {
  expect(Object.keys(await import('./index.js')).sort()).toEqual([
    'BadRequestError',
    'ChangesResultItemSchema',
    'ChangesResultSchema',
    'ConflictError',
    'DB_NAME_PATTERN',
    'DEFAULT_DOC_DB_LIMITS',
    'DEFAULT_DOC_DB_TIMEOUT_MS',
    'DatabaseInformationSchema',
    'DocDbError',
    'DocumentResultSchema',
    'DocumentSchema',
    'ForbiddenError',
    'MAX_SEQ_LENGTH',
    'NotFoundError',
    'PreconditionFailedError',
    'SeqSchema',
    'UnauthorizedError',
    'VERSION',
    'createDocDbClient',
    'invalidAnswerError',
    'isBadRequestError',
    'isBulkRowError',
    'isConflictError',
    'isDocDbError',
    'isForbiddenError',
    'isNotFoundError',
    'isPreconditionFailedError',
    'isUnauthorizedError',
    'seqProblem',
  ]);
  expect(Object.keys(await import('./testing/index.js')).sort()).toEqual([
    'createCouchDbSimulator',
    'formatSeq',
    'matchesSelector',
  ]);
});
