import { applyPartialUpdate } from './apply-partial-update.js';
import type { IndexedItem, SourceIndex } from './coveo-index.js';
import {
  answer,
  coveoError,
  invalidJson,
  isProblem,
  tooLarge,
  type WireProblem,
} from './simulator-errors.js';
import type { SimState } from './simulator-state.js';
import { type BatchRoute, checkBatch, type WireBatch } from './wire-batch.js';
import { checkDocument } from './wire-document.js';

const STATUSES = ['REBUILD', 'REFRESH', 'INCREMENTAL', 'IDLE'];
const accepted = () => Response.json(null, { status: 202 });
const badParameter = (message: string) => coveoError(400, 'INVALID_PARAMETER', message);
const isEpoch = (x: string | null): x is string => x !== null && /^\d+$/.test(x);

/** The uploaded batch of a file container, consumed once it is forwarded. */
export function takeUpload(state: SimState, fileId: string | null): string | Response {
  if (!fileId) return badParameter('fileId is required');
  const upload = state.uploads.get(fileId);
  if (!upload || upload.body === undefined)
    return coveoError(404, 'FILE_NOT_FOUND', `No uploaded file ${fileId}`);
  state.uploads.delete(fileId);
  return upload.body.toString('utf8');
}

/** Stores what landed; without `retainBodies` only the id (for benchmarks of millions). */
export const keep = (state: SimState, item: IndexedItem): IndexedItem =>
  state.retainBodies ? item : { documentId: item.documentId };

function applyBatch(state: SimState, index: SourceIndex, batch: WireBatch, merge: boolean): void {
  for (const item of batch.addOrUpdate) {
    const stored = merge ? { ...index.items.get(item.documentId), ...item } : item;
    index.upsert(keep(state, stored));
  }
  for (const d of batch.delete) index.remove(d.documentId, d.deleteChildren);
  for (const u of batch.partialUpdate) applyPartialUpdate(index, u);
}

const OPERATIONS: Record<BatchRoute, string> = {
  push: 'PUT documents/batch',
  'stream-update': 'PUT stream/update',
  'stream-merge': 'PUT stream/merge',
  'stream-load': 'POST stream/close',
};

/**
 * The content of a file container, checked: in strict mode the first problem (nothing applied);
 * otherwise the entries to apply, every refused one recorded in `state.rejected` (a file that is
 * not a batch at all is refused whole).
 */
export function takeBatch(
  state: SimState,
  text: string,
  route: BatchRoute,
  where: { sourceId: string; fileId: string; catalog: boolean },
): WireBatch | WireProblem {
  const checked = checkBatch(text, route, state.limits);
  const rejected = isProblem(checked)
    ? [{ at: '', documentId: undefined, problem: checked }]
    : checked.rejected;
  const batch = isProblem(checked)
    ? { addOrUpdate: [], delete: [], partialUpdate: [] }
    : checked.batch;
  if (batch.partialUpdate.length > 0 && !where.catalog) {
    batch.partialUpdate.forEach((u, i) => {
      rejected.push({
        at: `partialUpdate[${i}]`,
        documentId: u.documentId,
        problem: invalidJson('partialUpdate needs a Catalog or other stream-enabled source'),
      });
    });
    batch.partialUpdate = [];
  }
  if (state.strictBatches && rejected[0]) return rejected[0].problem;
  for (const r of rejected) {
    state.rejected.push({
      operation: OPERATIONS[route],
      sourceId: where.sourceId,
      fileId: where.fileId,
      entry: r.at,
      documentId: r.documentId,
      errorCode: r.problem.errorCode,
      message: r.problem.message,
    });
  }
  return batch;
}

/**
 * `PUT documents/batch`, `stream/update`, `stream/merge`: 202 for a container whose content is
 * a batch, each refused entry recorded (see `takeBatch`); then the good entries are applied.
 */
function batchRoute(state: SimState, index: SourceIndex, url: URL, route: BatchRoute): Response {
  if (route === 'stream-merge' && index.type !== 'CATALOG')
    return badParameter('Shallow merge is only for Catalog sources');
  const fileId = url.searchParams.get('fileId');
  const text = takeUpload(state, fileId);
  if (typeof text !== 'string') return text;
  const before = state.rejected.length;
  const batch = takeBatch(state, text, route, {
    sourceId: index.id,
    fileId: fileId ?? '',
    catalog: index.type === 'CATALOG',
  });
  if (isProblem(batch)) return answer(batch);
  const quota = state.admit(index, batch.addOrUpdate);
  if (quota) {
    // Refused at once: nothing of the file was taken.
    state.rejected.length = before;
    return answer(quota);
  }
  applyBatch(state, index, batch, route === 'stream-merge');
  return route === 'push'
    ? accepted()
    : Response.json({ orderingId: state.now() }, { status: 202 });
}

/** `PUT documents?documentId=`: one DocumentBody of at most 6 MB. */
async function putDocument(state: SimState, index: SourceIndex, req: Request, url: URL) {
  const documentId = url.searchParams.get('documentId');
  if (!documentId) return badParameter('documentId is required');
  const text = await req.text();
  if (Buffer.byteLength(text) > state.limits.requestBytes)
    return answer(tooLarge('A request holds at most 6 MB'));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return answer(invalidJson('The body is not valid JSON'));
  }
  const item = checkDocument(raw, 'body', state.limits, documentId);
  if (isProblem(item)) return answer(item);
  const quota = state.admit(index, [item]);
  if (quota) return answer(quota);
  index.upsert(keep(state, item));
  return accepted();
}

/** The Push routes of one source (`/sources/{id}/...`); `undefined` for a stream route. */
export async function pushRoute(
  state: SimState,
  index: SourceIndex,
  op: string,
  req: Request,
  url: URL,
): Promise<Response | undefined> {
  const q = url.searchParams;
  const method = req.method;
  if (op === '/documents' && method === 'PUT') return putDocument(state, index, req, url);
  if (op === '/documents' && method === 'DELETE') {
    const documentId = q.get('documentId');
    if (!documentId) return badParameter('documentId is required');
    const children = q.get('deleteChildren');
    if (children !== null && children !== 'true' && children !== 'false')
      return badParameter('deleteChildren must be true or false');
    index.remove(documentId, children === 'true');
    return accepted();
  }
  if (op === '/documents/olderthan' && method === 'DELETE') {
    const orderingId = q.get('orderingId');
    if (!isEpoch(orderingId)) return badParameter('orderingId must be epoch milliseconds');
    const delay = q.get('queueDelay');
    if (delay !== null && !isEpoch(delay)) return badParameter('queueDelay must be minutes');
    index.removeOlderThan(Number(orderingId));
    return accepted();
  }
  if (op === '/status' && method === 'POST') {
    const status = q.get('statusType') ?? '';
    if (!STATUSES.includes(status))
      return badParameter(`statusType must be one of ${STATUSES.join(', ')}, not "${status}"`);
    index.status = status;
    return Response.json(null, { status: 201 });
  }
  if (method !== 'PUT') return undefined;
  if (op === '/documents/batch') return batchRoute(state, index, url, 'push');
  if (op === '/stream/update') return batchRoute(state, index, url, 'stream-update');
  if (op === '/stream/merge') return batchRoute(state, index, url, 'stream-merge');
  return undefined;
}

export { isEpoch };
