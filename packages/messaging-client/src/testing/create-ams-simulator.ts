import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createLostAnswers,
  createSelfSignedCertificate,
  createSimulatorClock,
  createSimulatorServer,
  type Fault,
  type FaultInjectorOptions,
  type SelfSignedCertificate,
  startLoopbackServer,
  withCors,
} from '@connectorkit/http-core/testing';
import type {
  AmsSimulator,
  AmsSimulatorHandler,
  AmsSimulatorOptions,
  AmsSimulatorUser,
} from './ams-simulator-types.js';
import { authenticate } from './sim-auth.js';
import { authnHandler } from './sim-authn.js';
import type { SimBehaviour, SimContext } from './sim-context.js';
import { nodeHandler, type SimRequest } from './sim-node-handler.js';
import {
  AmsSimError,
  amsError,
  balancerPage,
  errorResponse,
  notFoundPage,
  type SimResponse,
  toResponse,
} from './sim-responses.js';
import { compileRoutes, ROUTES, routeKey } from './sim-routes.js';
import { createSimState, isoSeconds, type SimUser } from './sim-state.js';
import { newToken } from './sim-users.js';

export type {
  AmsListenOptions,
  AmsSimulator,
  AmsSimulatorHandler,
  AmsSimulatorOptions,
  AmsSimulatorServer,
  AmsSimulatorUser,
} from './ams-simulator-types.js';

/** An HAProxy-style HTML error page fault (408, 502, 503 or 504). */
export function balancerFault(status: 408 | 502 | 503 | 504): Fault {
  return { kind: 'status', status, body: balancerPage(status), contentType: 'text/html' };
}

const NAME = /^[a-zA-Z0-9_-]+$/;

/**
 * An in-memory ARGO Messaging Service speaking the real HTTP API: one cursor per subscription,
 * cumulative acks with their 500s, ack deadlines in whole seconds against an injectable clock,
 * string pull options, offsets, users, roles and ACLs, the error envelope, and fault injection.
 */
export function createAmsSimulator(options: AmsSimulatorOptions = {}): AmsSimulator {
  const project = options.project ?? 'TEST';
  const token = options.token ?? newToken();
  const state = createSimState();
  const clock = createSimulatorClock(options.clock ?? options.now ?? Date.now);
  const behaviour: SimBehaviour = {
    pullWaitMs: options.pullWaitMs ?? 300_000,
    storeOutOfBoundsOffset: options.storeOutOfBoundsOffset ?? false,
    maxMessageBytes: options.maxMessageBytes ?? 1_500_000,
  };
  const routes = new Map<string, ReturnType<typeof compileRoutes>>();
  for (const r of compileRoutes(ROUTES)) {
    const key = routeKey(r.pattern);
    routes.set(key, [...(routes.get(key) ?? []), r]);
  }
  const waiters = new Map<string, Set<() => void>>();
  // An injector has no `random`: lost answers then draw from Math.random.
  const random = (options.faults as FaultInjectorOptions | undefined)?.random;
  const lostAnswers = createLostAnswers({
    ...(random ? { random } : {}),
    kindOf: (_method, path) => /:(publish|pull|acknowledge)$/.exec(path)?.[1] ?? 'other',
  });

  const ensureProject = (name: string) => {
    if (state.projects.has(name)) return;
    const at = isoSeconds(clock.now());
    state.projects.set(name, {
      id: state.nextId++,
      name,
      description: '',
      created_on: at,
      modified_on: at,
      created_by: 'admin',
    });
  };
  const addUser = (u: AmsSimulatorUser): SimUser => {
    for (const p of u.projects ?? []) ensureProject(p.project);
    const at = isoSeconds(clock.now());
    const user: SimUser = {
      id: state.nextId++,
      uuid: randomUUID(),
      name: u.name,
      token: u.token ?? newToken(),
      email: '',
      first_name: '',
      last_name: '',
      organization: '',
      description: '',
      projects: u.projects ?? [],
      service_roles: u.serviceRoles ?? [],
      created_on: at,
      modified_on: at,
      created_by: 'admin',
    };
    state.users.set(user.name, user);
    if (u.certificateDn !== undefined) state.bindings.set(u.certificateDn, user.uuid);
    return user;
  };
  let ownCertificate: SelfSignedCertificate | undefined;
  const certificate = (): SelfSignedCertificate => {
    ownCertificate ??= createSelfSignedCertificate();
    return ownCertificate;
  };
  ensureProject(project);
  addUser({
    name: 'admin',
    token,
    projects: [{ project, roles: ['project_admin'] }],
    serviceRoles: ['service_admin'],
  });
  for (const u of options.users ?? []) addUser(u);

  async function route(request: SimRequest): Promise<SimResponse> {
    const url = request.url;
    if (!url.pathname.startsWith('/v1/')) return notFoundPage();
    const path = decodeURIComponent(url.pathname.slice(4));
    const method = request.method.toUpperCase();
    const candidates = (routes.get(routeKey(path)) ?? []).filter((r) => r.regex.test(path));
    if (candidates.length === 0) return notFoundPage();
    const found = candidates.find((r) => r.method === method);
    if (!found) return { status: 405, headers: {}, body: '' };
    const values = found.regex.exec(path)?.slice(1) ?? [];
    const params: Record<string, string> = {};
    found.names.forEach((name, i) => {
      params[name] = values[i] ?? '';
    });
    for (const name of Object.keys(params).sort()) {
      if (!NAME.test(params[name] ?? '')) throw amsError('invalidName', { var: name });
    }
    const { user, isServiceAdmin } = authenticate(request, found, params, state, {
      authOption: options.authOption ?? 'both',
      serviceToken: options.serviceToken,
    });
    const ctx: SimContext = {
      state,
      now: clock.now,
      method,
      url,
      params,
      user,
      isServiceAdmin,
      options: behaviour,
      bodyText: method === 'GET' || method === 'HEAD' ? '' : await request.body(),
      waitForPublish: (key, ms) =>
        new Promise<void>((resolve) => {
          const set = waiters.get(key) ?? new Set();
          waiters.set(key, set);
          const done = () => {
            clearTimeout(timer);
            set.delete(done);
            resolve();
          };
          const timer = setTimeout(done, Math.max(0, ms));
          set.add(done);
        }),
      notifyPublish: (key) => {
        for (const done of [...(waiters.get(key) ?? [])]) done();
      },
    };
    return found.handle(ctx);
  }

  async function serve(request: SimRequest): Promise<SimResponse> {
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof AmsSimError) return errorResponse(error);
      return errorResponse(amsError('backendError'));
    }
  }
  const answer = async (request: Request): Promise<Response> =>
    toResponse(
      await serve({
        method: request.method,
        url: new URL(request.url),
        header: (name) => request.headers.get(name),
        body: () => request.text(),
      }),
    );
  const server = createSimulatorServer({
    handler: lostAnswers.wrap(nodeHandler(serve)),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    onClose: () => {
      server.faults.clear();
      lostAnswers.clear();
    },
  });
  // One web Request alone is the deprecated call: answered as before, without faults.
  const handler = ((req: IncomingMessage | Request, res?: ServerResponse) =>
    res === undefined
      ? answer(req as Request)
      : server.handler(req as IncomingMessage, res)) as AmsSimulatorHandler;

  return {
    project,
    token,
    handler,
    faults: server.faults,
    fetch: server.fetch,
    lostAnswers,
    clock,
    state,
    addUser,
    async listen({ port, tls } = {}) {
      const own = tls === true ? certificate() : tls || undefined;
      const listening = await server.listen({
        ...(port === undefined ? {} : { port }),
        ...(own ? { tls: own } : {}),
      });
      return { ...listening, cert: listening.certificate };
    },
    async listenAuthn(listenOptions = {}) {
      const tls = typeof listenOptions.tls === 'object' ? listenOptions.tls : certificate();
      const handler = authnHandler({
        state,
        hosts: options.authnHosts ?? ['localhost', '127.0.0.1'],
        now: clock.now,
      });
      const authn = await startLoopbackServer(withCors(handler), {
        ...(listenOptions.port !== undefined ? { port: listenOptions.port } : {}),
        tls: { ...tls, requestCert: true },
      });
      return { ...authn, certificate: tls.cert, cert: tls.cert };
    },
    offsets(subscription, inProject = project) {
      const sub = state.subs.get(`${inProject}/${subscription}`);
      if (!sub) throw new Error(`no subscription ${inProject}/${subscription}`);
      const [, , p, , t] = sub.topic.split('/');
      const topic = state.topics.get(`${p}/${t}`);
      const min = topic?.min ?? 0;
      return { max: min + (topic?.messages.length ?? 0), min, current: Math.max(sub.offset, min) };
    },
  };
}
