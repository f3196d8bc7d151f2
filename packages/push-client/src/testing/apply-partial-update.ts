import type { PartialUpdate } from '../stream/partial-update-operators.js';
import type { IndexedItem, SourceIndex } from './coveo-index.js';

const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const dict = (x: unknown): Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};

/** Applies one checked partial update to an existing item; an unknown item is left alone (docs). */
export function applyPartialUpdate(index: SourceIndex, u: PartialUpdate): void {
  const current = index.items.get(u.documentId);
  if (!current) return;
  const item: IndexedItem = { ...current };
  const field = u.field;
  switch (u.operator) {
    case 'fieldValueReplace':
      item[field] = u.value;
      break;
    case 'arrayAppend':
      item[field] = [...list(item[field]), ...u.value];
      break;
    case 'arrayRemove':
      item[field] = list(item[field]).filter((x) => !u.value.includes(x as never));
      break;
    case 'dictionaryPut':
      item[field] = { ...dict(item[field]), ...u.value };
      break;
    case 'dictionaryRemove': {
      const copy = { ...dict(item[field]) };
      for (const k of [u.value].flat()) delete copy[k];
      item[field] = copy;
      break;
    }
  }
  index.upsert(item);
}
