import * as v from 'valibot';
import { type PartialUpdate, PartialUpdateSchema } from '../stream/partial-update-operators.js';
import type { IndexedItem } from './coveo-index.js';
import { invalidJson, isProblem, type WireProblem } from './simulator-errors.js';
import type { SimulatorLimits } from './simulator-limits.js';
import { checkDocument } from './wire-document.js';

/** A checked file-container batch. */
export interface WireBatch {
  addOrUpdate: IndexedItem[];
  delete: { documentId: string; deleteChildren: boolean }[];
  partialUpdate: PartialUpdate[];
}

/** Which lists a route takes: `partialUpdate` only on stream updates, only `addOrUpdate` on merge. */
export type BatchRoute = 'push' | 'stream-update' | 'stream-merge' | 'stream-load';

const LISTS = { addorupdate: 'addOrUpdate', delete: 'delete', partialupdate: 'partialUpdate' };
const ALLOWED: Record<BatchRoute, readonly string[]> = {
  push: ['addOrUpdate', 'delete'],
  'stream-update': ['addOrUpdate', 'delete', 'partialUpdate'],
  'stream-merge': ['addOrUpdate'],
  'stream-load': ['addOrUpdate', 'delete'],
};

const DeleteSchema = v.pipe(
  v.record(v.string(), v.unknown()),
  v.transform((d) => Object.fromEntries(Object.entries(d).map(([k, x]) => [k.toLowerCase(), x]))),
  v.strictObject({
    documentid: v.pipe(v.string(), v.minLength(1)),
    deletechildren: v.optional(v.boolean()),
  }),
);

/**
 * Parses and checks a file container's JSON: `{addOrUpdate, delete}` (the keys in any case, as
 * the Catalog docs write them in Pascal case), `partialUpdate` on stream updates only. Any
 * other key, a list that is not an array, or a bad entry is a 400 `INVALID_JSON` naming it.
 */
export function checkBatch(
  text: string,
  route: BatchRoute,
  limits: SimulatorLimits,
): WireBatch | WireProblem {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return invalidJson('The file container does not hold valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return invalidJson('A batch must be a JSON object {addOrUpdate, delete}');
  const batch: WireBatch = { addOrUpdate: [], delete: [], partialUpdate: [] };
  for (const [key, list] of Object.entries(raw)) {
    const name = LISTS[key.toLowerCase() as keyof typeof LISTS];
    if (!name)
      return invalidJson(`"${key}" is not a batch list; expected ${ALLOWED[route].join(', ')}`);
    if (!Array.isArray(list)) return invalidJson(`${key} must be an array`);
    // A list the route does not take may be present, empty (our client sends `delete: []`).
    if (!ALLOWED[route].includes(name) && list.length > 0)
      return invalidJson(`"${key}" is not allowed here; expected ${ALLOWED[route].join(', ')}`);
    for (let i = 0; i < list.length; i++) {
      const at = `${name}[${i}]`;
      if (name === 'addOrUpdate') {
        const item = checkDocument(list[i], at, limits);
        if (isProblem(item)) return item;
        batch.addOrUpdate.push(item);
      } else if (name === 'delete') {
        const d = v.safeParse(DeleteSchema, list[i]);
        if (!d.success) return invalidJson(`${at}: must be {documentId, deleteChildren?}`);
        batch.delete.push({
          documentId: d.output.documentid,
          deleteChildren: d.output.deletechildren ?? false,
        });
      } else {
        const u = v.safeParse(PartialUpdateSchema, list[i]);
        if (!u.success) return invalidJson(`${at}: ${u.issues[0].message}`);
        batch.partialUpdate.push(u.output);
      }
    }
  }
  return batch;
}
