import type { SourceIndex } from './coveo-index.js';
import { isEpoch, keep, takeBatch } from './push-routes.js';
import { answer, coveoError, isProblem } from './simulator-errors.js';
import type { SimState } from './simulator-state.js';
import type { WireBatch } from './wire-batch.js';

/**
 * Stream load (`open`, `chunk`, `close`) and `deleteolderthan`. Closing checks every uploaded
 * chunk, then replaces the catalog with the items that passed: items not sent in the stream are
 * deleted, refused entries are recorded (in strict mode a bad chunk is a 400 `INVALID_JSON` and
 * the catalog stays as it was).
 */
export function streamRoute(
  state: SimState,
  index: SourceIndex,
  op: string,
  req: Request,
  url: URL,
): Response | undefined {
  if (req.method !== 'POST') return undefined;
  if (op === '/stream/open') {
    const streamId = crypto.randomUUID();
    const first = state.container(url.origin);
    state.streams.set(streamId, { source: index.id, chunks: [first.fileId] });
    return Response.json({ streamId, ...first }, { status: 201 });
  }
  const older = /^\/stream\/deleteolderthan\/([^/]+)$/.exec(op);
  if (older) {
    if (!isEpoch(older[1] ?? null))
      return coveoError(400, 'INVALID_PARAMETER', 'The date must be epoch milliseconds');
    index.removeOlderThan(Number(older[1]));
    return Response.json({ orderingId: state.now() }, { status: 202 });
  }
  const stream = /^\/stream\/([^/]+)\/(chunk|close)$/.exec(op);
  if (!stream) return undefined;
  const open = state.streams.get(stream[1] ?? '');
  if (!open || open.source !== index.id)
    return coveoError(404, 'STREAM_NOT_FOUND', `No open stream ${stream[1]}`);
  if (stream[2] === 'chunk') {
    const next = state.container(url.origin);
    open.chunks.push(next.fileId);
    return Response.json(next, { status: 201 });
  }
  const batches: WireBatch[] = [];
  const rejectedBefore = state.rejected.length;
  for (const fileId of open.chunks) {
    const body = state.uploads.get(fileId)?.body;
    if (body === undefined) continue;
    const batch = takeBatch(state, body.toString('utf8'), 'stream-load', {
      sourceId: index.id,
      fileId,
      catalog: true,
    });
    if (isProblem(batch)) {
      // Strict mode: the catalog stays as it was, and so does the record of refusals.
      state.rejected.length = rejectedBefore;
      return answer(batch);
    }
    batches.push(batch);
  }
  const items = batches.flatMap((b) => b.addOrUpdate);
  const quota = state.admit(index, items);
  if (quota) {
    state.rejected.length = rejectedBefore;
    return answer(quota);
  }
  state.streams.delete(stream[1] ?? '');
  for (const fileId of open.chunks) state.uploads.delete(fileId);
  const loaded = new Set(items.map((d) => d.documentId));
  for (const item of items) index.upsert(keep(state, item));
  for (const id of [...index.items.keys()]) if (!loaded.has(id)) index.remove(id, false);
  return Response.json({ orderingId: state.now() }, { status: 200 });
}
