/**
 * What the client reads of a response. A fetch `Response` is one as it is; the node:http
 * transport's answers are another, read without web streams until someone asks for the platform
 * `Response` (`toResponse`), which is then built once over whatever of the body is left.
 */
export interface WireResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
  /** The platform `Response`; absent when this already is one. */
  toResponse?(): Response;
}
