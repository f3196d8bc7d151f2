import type { TlsOptions } from '../http-client-options.js';

/**
 * A fetch whose connections use the given TLS settings. Node's global fetch takes no TLS options
 * without the undici package, so this is a small fetch over `node:https` with a keep-alive agent.
 */
export function createTlsFetch(tls: TlsOptions): typeof fetch {
  let agentPromise: Promise<import('node:https').Agent> | undefined;
  const agent = () => {
    agentPromise ??= import('node:https').then(
      (https) =>
        new https.Agent({
          keepAlive: true,
          ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
          ...(tls.cert !== undefined ? { cert: tls.cert } : {}),
          ...(tls.key !== undefined ? { key: tls.key } : {}),
          rejectUnauthorized: tls.rejectUnauthorized ?? true,
        }),
    );
    return agentPromise;
  };
  return async (input, init) => {
    const request = new Request(input, init);
    if (request.url.startsWith('http:')) return globalThis.fetch(request);
    const [https, { Readable }, httpsAgent] = await Promise.all([
      import('node:https'),
      import('node:stream'),
      agent(),
    ]);
    const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
    return new Promise<Response>((resolve, reject) => {
      const req = https.request(
        request.url,
        {
          method: request.method,
          headers: Object.fromEntries(request.headers),
          agent: httpsAgent,
          signal: request.signal,
        },
        (res) => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) headers.append(name, v);
            else if (value !== undefined) headers.set(name, value);
          }
          const status = res.statusCode ?? 500;
          const nullBody = request.method === 'HEAD' || status === 204 || status === 304;
          if (nullBody) res.resume();
          resolve(
            new Response(nullBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
              status,
              statusText: res.statusMessage ?? '',
              headers,
            }),
          );
        },
      );
      req.on('error', (error) =>
        reject(Object.assign(new TypeError('fetch failed'), { cause: error })),
      );
      req.end(body);
    });
  };
}
