/** Parameters shared by `_all_docs`, views and their partitioned forms. */
export interface ViewQuery {
  keys?: unknown[];
  key?: unknown;
  startKey?: unknown;
  startKeyDocId?: string;
  endKey?: unknown;
  endKeyDocId?: string;
  inclusiveEnd?: boolean;
  descending?: boolean;
  limit?: number;
  skip?: number;
  includeDocs?: boolean;
  /** With `includeDocs`: attachments' data inline (base64), and their encoding. */
  attachments?: boolean;
  attEncodingInfo?: boolean;
  conflicts?: boolean;
  updateSeq?: boolean;
  /** Views only. */
  reduce?: boolean;
  group?: boolean;
  groupLevel?: number;
  stable?: boolean;
  update?: 'true' | 'false' | 'lazy';
}

/** The JSON body CouchDB expects for a POSTed view query. */
export function viewQueryBody(q: ViewQuery): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const set = (name: string, value: unknown) => {
    if (value !== undefined) body[name] = value;
  };
  set('keys', q.keys);
  set('key', q.key);
  set('start_key', q.startKey);
  set('start_key_doc_id', q.startKeyDocId);
  set('end_key', q.endKey);
  set('end_key_doc_id', q.endKeyDocId);
  set('inclusive_end', q.inclusiveEnd);
  set('descending', q.descending);
  set('limit', q.limit);
  set('skip', q.skip);
  set('include_docs', q.includeDocs);
  set('attachments', q.attachments);
  set('att_encoding_info', q.attEncodingInfo);
  set('conflicts', q.conflicts);
  set('update_seq', q.updateSeq);
  set('reduce', q.reduce);
  set('group', q.group);
  set('group_level', q.groupLevel);
  set('stable', q.stable);
  set('update', q.update);
  return body;
}
