import type { HttpResponse } from '@connectorkit/http-core';
import { callOptions, type OperationContext } from '../internal/context.js';
import { dbPath, docPath } from '../internal/paths.js';
import { checked } from '../internal/rules.js';
import { type BulkGetParams, bulkGetRequest, POST_BULK_GET } from './bulk.js';
import { GET_DOCUMENT, type GetDocumentParams, readParams } from './documents.js';
import { conditional } from './shared.js';

/**
 * A multipart answer as the server sent it: its content type (with the `boundary` the parts are
 * split on) and its body, unparsed. CouchDB answers JSON instead where it would send no
 * attachment (`application/json`): see the content type.
 */
export interface MultipartAnswer {
  contentType: string;
  stream: ReadableStream<Uint8Array>;
}

/**
 * Document reads as `multipart/mixed` or `multipart/related`: revisions and attachments in their
 * parts.
 */
export interface MultipartOperations {
  /**
   * GET `/{db}/{docId}` with `Accept: multipart/mixed`: with `openRevs`, each revision as a part
   * (with its attachments as a `multipart/related` part).
   */
  getDocumentAsMixed(params: GetDocumentParams): Promise<MultipartAnswer>;
  /**
   * GET `/{db}/{docId}` with `Accept: multipart/related`: with `attachments: true`, the document
   * as JSON then each attachment as a part of its own, its bytes not base64-encoded.
   */
  getDocumentAsRelated(params: GetDocumentParams): Promise<MultipartAnswer>;
  /** POST `/{db}/_bulk_get` with `Accept: multipart/mixed`: one part per document revision. */
  postBulkGetAsMixed(params: BulkGetParams): Promise<MultipartAnswer>;
  /** POST `/{db}/_bulk_get` with `Accept: multipart/related`. */
  postBulkGetAsRelated(params: BulkGetParams): Promise<MultipartAnswer>;
}

const answer = (response: HttpResponse): MultipartAnswer => ({
  contentType: response.headers.get('content-type') ?? '',
  stream: response.stream(),
});

export function multipartOperations(context: OperationContext): MultipartOperations {
  const { http } = context;
  const document = (method: string, accept: string) =>
    checked(method, GET_DOCUMENT, async (p: GetDocumentParams) =>
      answer(
        await http.request(docPath(p.db, p.docId), {
          ...callOptions(p, context, { accept, ...conditional(p) }),
          searchParams: readParams(p),
        }),
      ),
    );
  const bulkGet = (method: string, accept: string) =>
    checked(method, POST_BULK_GET, async (p: BulkGetParams) => {
      const request = bulkGetRequest(p, context, method);
      return answer(
        await http.request(`${dbPath(p.db)}/_bulk_get`, {
          ...request,
          method: 'POST',
          headers: { ...request.headers, accept, ...p.headers },
        }),
      );
    });
  return {
    getDocumentAsMixed: document('getDocumentAsMixed', 'multipart/mixed'),
    getDocumentAsRelated: document('getDocumentAsRelated', 'multipart/related'),
    postBulkGetAsMixed: bulkGet('postBulkGetAsMixed', 'multipart/mixed'),
    postBulkGetAsRelated: bulkGet('postBulkGetAsRelated', 'multipart/related'),
  };
}
