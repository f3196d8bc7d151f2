import * as v from 'valibot';
import { anyName, partitionKey } from '../internal/paths.js';
import {
  array,
  flag,
  isRecord,
  jsonValue,
  name,
  object,
  oneOf,
  optional,
  type Rule,
  type Rules,
  shaped,
  strings,
  text,
  whole,
} from '../internal/rules.js';
import { DB } from './databases.js';

/** Where a query runs: `db`, and `partitionKey` for one partition. */
export const SCOPE: Rules = { ...DB, partitionKey: optional(partitionKey) };

const count = optional(whole(0));
export const VIEW_QUERY: Rules = {
  keys: optional(array),
  key: optional(jsonValue),
  startKey: optional(jsonValue),
  startKeyDocId: optional(text),
  endKey: optional(jsonValue),
  endKeyDocId: optional(text),
  inclusiveEnd: optional(flag),
  descending: optional(flag),
  limit: count,
  skip: count,
  includeDocs: optional(flag),
  attachments: optional(flag),
  attEncodingInfo: optional(flag),
  conflicts: optional(flag),
  updateSeq: optional(flag),
  reduce: optional(flag),
  group: optional(flag),
  groupLevel: count,
  stable: optional(flag),
  update: optional(oneOf(['true', 'false', 'lazy'])),
};
export const ALL_DOCS: Rules = { ...SCOPE, ...VIEW_QUERY };
export const VIEW: Rules = { ...ALL_DOCS, ddoc: anyName, view: anyName };

const asObject = (message: string) => v.custom<Record<string, unknown>>(isRecord, message);
const sortField = v.union(
  [
    v.string('must be a string'),
    v.pipe(
      asObject('must be an object'),
      v.record(v.string(), v.picklist(['asc', 'desc'], 'must be "asc" or "desc"')),
    ),
  ],
  'must be a field name or { field: "asc" | "desc" }',
);
const useIndex: Rule = shaped(
  v.union(
    [
      v.string('must be a string'),
      v.strictTuple(
        [v.string('must be a string'), v.string('must be a string')],
        'must be [design document, index name]',
      ),
    ],
    'must be a design document name or [design document, index name]',
  ),
);
export const FIND: Rules = {
  ...SCOPE,
  selector: object,
  fields: optional(strings),
  sort: optional(shaped(v.array(sortField, 'must be an array of sort fields'))),
  limit: count,
  skip: count,
  bookmark: optional(text),
  useIndex: optional(useIndex),
  executionStats: optional(flag),
  r: optional(whole(1)),
  conflicts: optional(flag),
  allowFallback: optional(flag),
  stable: optional(flag),
  update: optional(flag),
};

const sortStrings = shaped(
  v.union([v.string(), v.array(v.string())], 'must be a sort string or an array of them'),
);
export const SEARCH: Rules = {
  ...SCOPE,
  ddoc: anyName,
  index: anyName,
  query: anyName,
  bookmark: optional(text),
  limit: count,
  sort: optional(sortStrings),
  includeDocs: optional(flag),
  includeFields: optional(strings),
  counts: optional(strings),
  drilldown: optional(
    shaped(
      v.array(
        v.array(v.string('must be a string'), 'must be a [field, value, ...] array'),
        'must be an array of [field, value, ...] arrays',
      ),
    ),
  ),
  stale: optional(oneOf(['ok'])),
  highlightFields: optional(strings),
  highlightNumber: optional(whole(1)),
  highlightPreTag: optional(text),
  highlightPostTag: optional(text),
  highlightSize: optional(whole(1)),
  groupField: optional(name),
  groupLimit: optional(whole(1)),
  groupSort: optional(sortStrings),
  ranges: optional(object),
};

export const POST_INDEX: Rules = {
  ...DB,
  index: object,
  name: optional(name),
  ddoc: optional(anyName),
  type: optional(oneOf(['json', 'text'])),
  partitioned: optional(flag),
};
export const DELETE_INDEX: Rules = {
  ...DB,
  ddoc: anyName,
  type: optional(oneOf(['json', 'text'])),
  index: anyName,
};
export const PARTITION: Rules = { ...DB, partitionKey };

/** The pagers' own option. */
export const PAGE: Rules = { pageSize: optional(whole(1)) };
