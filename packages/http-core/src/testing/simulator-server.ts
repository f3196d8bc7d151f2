import { withCors } from './cors.js';
import {
  createFaultInjector,
  type FaultInjector,
  type FaultInjectorOptions,
} from './fault-injector.js';
import { createInProcessFetch } from './in-process-fetch.js';
import { type LoopbackServer, type NodeHandler, startLoopbackServer } from './loopback-server.js';
import {
  createSelfSignedCertificate,
  type SelfSignedCertificate,
} from './self-signed-certificate.js';

/** Options of {@link createSimulatorServer}: the simulator's routes and what goes in front. */
export interface SimulatorServerOptions {
  /** The simulator's routes (a fetch-style one through `toNodeHandler`). */
  handler: NodeHandler;
  /** The faults in front of the routes: an injector, or the options of a new one. @default a new injector, rate 0 */
  faults?: FaultInjector | FaultInjectorOptions;
  /** Answer browser pages of any origin (`withCors`). @default true */
  cors?: boolean;
  /** Called when a server started by `listen()` is closed, before it stops (clear stalls, lost answers). */
  onClose?: () => void;
}

/** Options of `SimulatorServer.listen`: the port, and TLS. */
export interface SimulatorListenOptions {
  /** Port to listen on. @default 0 (any free port) */
  port?: number;
  /**
   * Serve HTTPS with this key and certificate, or with `true`, with a self-signed certificate for
   * 127.0.0.1 and localhost, generated once per simulator (see `certificate` to trust it).
   */
  tls?: { key: string; cert: string } | true;
}

/** A simulator served on 127.0.0.1 by `SimulatorServer.listen`; `close()` it after the test. */
export interface SimulatorListening extends LoopbackServer {
  /** The certificate (PEM) to trust, when served over TLS. */
  certificate?: string;
}

/**
 * What every simulator offers, made by {@link createSimulatorServer}: its handler, its faults, a
 * loopback server, and a `fetch` in process.
 */
export interface SimulatorServer {
  /** The whole simulator as a `node:http` handler: CORS, then faults, then the routes. */
  handler: NodeHandler;
  /** The fault injector in front of the routes (the one given, or one made from the options). */
  faults: FaultInjector;
  /** Serves `handler` on 127.0.0.1, over HTTPS with `tls`. */
  listen(options?: SimulatorListenOptions): Promise<SimulatorListening>;
  /**
   * A `fetch` answered by `handler` in this process, faults and CORS included: no port, no socket,
   * nothing to close. A reset or a stall fails the call as over the network (`fetch failed`), a
   * cut body fails its reading (`terminated`); an `https:` URL is served as over TLS.
   */
  fetch: typeof fetch;
}

const isInjector = (faults: FaultInjector | FaultInjectorOptions): faults is FaultInjector =>
  typeof (faults as Partial<FaultInjector>).wrap === 'function';

/**
 * The base of every simulator: puts CORS and faults in front of its routes, serves them on
 * loopback (HTTP or HTTPS, one shape of result) and answers an in-process `fetch` through the same
 * handler. `fetch` writes each request to a `node:http` server over an in-memory connection rather
 * than to a loopback server started on first use: nothing to close or to keep a process alive,
 * and the routes and faults still get a real `IncomingMessage` and `ServerResponse`.
 * @example
 * const server = createSimulatorServer({ handler: toNodeHandler(routes) });
 * const listening = await server.listen({ tls: true });
 * server.faults.failNext(1, 503);
 * await fetch(`${listening.url}/x`); // 503
 */
export function createSimulatorServer(options: SimulatorServerOptions): SimulatorServer {
  if (typeof options?.handler !== 'function')
    throw new TypeError('createSimulatorServer needs a handler: (req, res) => void');
  const given = options.faults ?? {};
  const faults = isInjector(given) ? given : createFaultInjector(given);
  const faulty = faults.wrap(options.handler);
  const handler = options.cors === false ? faulty : withCors(faulty);
  let ownCertificate: SelfSignedCertificate | undefined;
  return {
    handler,
    faults,
    fetch: createInProcessFetch(handler),
    listen: async ({ port, tls } = {}) => {
      if (tls === true) ownCertificate ??= createSelfSignedCertificate();
      const certificate = tls === true ? ownCertificate : tls;
      const server = await startLoopbackServer(handler, {
        ...(port === undefined ? {} : { port }),
        ...(certificate ? { tls: { key: certificate.key, cert: certificate.cert } } : {}),
      });
      return {
        ...server,
        ...(certificate ? { certificate: certificate.cert } : {}),
        close: () => {
          options.onClose?.();
          return server.close();
        },
      };
    },
  };
}
