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

/** An entry the service took (202) and then refused: where it was, and why. */
export interface EntryProblem {
  /** The entry, e.g. `addOrUpdate[3]`. */
  at: string;
  /** Its `documentId`, when it had a readable one. */
  documentId: string | undefined;
  problem: WireProblem;
}

/** A file container's content: the entries that passed, and the ones refused. */
export interface CheckedBatch {
  batch: WireBatch;
  rejected: EntryProblem[];
}

function readableId(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  for (const [k, x] of Object.entries(entry)) {
    if (k.toLowerCase() === 'documentid' && typeof x === 'string' && x !== '') return x;
  }
  return undefined;
}

/**
 * Parses and checks a file container's JSON: `{addOrUpdate, delete}` (the keys in any case, as
 * the Catalog docs write them in Pascal case), `partialUpdate` on stream updates only. A file
 * that is not such an object (not JSON, another key, a list that is not an array, a list the
 * route does not take) is a `WireProblem`; each bad entry is listed in `rejected`, the others
 * pass.
 */
export function checkBatch(
  text: string,
  route: BatchRoute,
  limits: SimulatorLimits,
): CheckedBatch | WireProblem {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return invalidJson('The file container does not hold valid JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return invalidJson('A batch must be a JSON object {addOrUpdate, delete}');
  const batch: WireBatch = { addOrUpdate: [], delete: [], partialUpdate: [] };
  const rejected: EntryProblem[] = [];
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
      const reject = (problem: WireProblem) =>
        rejected.push({ at, documentId: readableId(list[i]), problem });
      if (name === 'addOrUpdate') {
        const item = checkDocument(list[i], at, limits);
        if (isProblem(item)) reject(item);
        else batch.addOrUpdate.push(item);
      } else if (name === 'delete') {
        const d = v.safeParse(DeleteSchema, list[i]);
        if (!d.success) reject(invalidJson(`${at}: must be {documentId, deleteChildren?}`));
        else
          batch.delete.push({
            documentId: d.output.documentid,
            deleteChildren: d.output.deletechildren ?? false,
          });
      } else {
        const u = v.safeParse(PartialUpdateSchema, list[i]);
        if (!u.success) reject(invalidJson(`${at}: ${u.issues[0].message}`));
        else batch.partialUpdate.push(u.output);
      }
    }
  }
  return { batch, rejected };
}
