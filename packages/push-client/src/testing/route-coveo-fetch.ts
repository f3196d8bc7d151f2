/**
 * A fetch that sends every request for a Coveo host (`*.cloud.coveo.com`, `*.org.coveo.com`,
 * `*.orghipaa.coveo.com`) to `simulatorUrl` instead, keeping path and query; other requests go
 * to `inner` unchanged. Wrap `globalThis.fetch` with it to point a client that has no base-URL
 * option (the official `@coveo/push-api-client`) at the simulator.
 */
export function routeCoveoFetch(
  simulatorUrl: string,
  inner: typeof globalThis.fetch = globalThis.fetch,
): typeof globalThis.fetch {
  const target = new URL(simulatorUrl);
  const coveoHost = /(^|\.)((cloud|org|orghipaa)\.coveo\.com)$/;
  return (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = new URL(request ? request.url : String(input));
    if (!coveoHost.test(url.hostname)) return inner(input, init);
    url.protocol = target.protocol;
    url.host = target.host;
    return request ? inner(new Request(url, request), init) : inner(url, init);
  };
}
