const CHUNK = 256 * 1024;

/**
 * Wraps a fetch so that a large byte body is sent as a stream of views over the same bytes,
 * with its exact `Content-Length` (pre-signed S3 PUTs need it). fetch copies a byte body before
 * sending; over many batches those copies pile up as garbage until a GC, which is most of a
 * batch upload's memory. The body stays a `Uint8Array` for http-core, so retries re-send it.
 */
export function streamingUploadFetch(base: typeof fetch): typeof fetch {
  return (input, init) => {
    const body = init?.body;
    if (!(body instanceof Uint8Array) || body.byteLength <= CHUNK) return base(input, init);
    const headers = new Headers(init?.headers);
    headers.set('content-length', String(body.byteLength));
    let offset = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= body.byteLength) {
          controller.close();
          return;
        }
        controller.enqueue(body.subarray(offset, offset + CHUNK));
        offset += CHUNK;
      },
    });
    return base(input, { ...init, headers, body: stream, duplex: 'half' } as RequestInit);
  };
}
