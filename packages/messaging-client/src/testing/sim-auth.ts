import type { SimRequest } from './sim-node-handler.js';
import { amsError } from './sim-responses.js';
import type { SimRoute } from './sim-routes.js';
import type { SimState, SimUser } from './sim-state.js';

export interface SimAuthOptions {
  authOption: 'header' | 'key' | 'both';
  serviceToken: string | undefined;
}

function findKey(request: SimRequest, mode: SimAuthOptions['authOption']): string | undefined {
  const header = request.header('x-api-key');
  const query = request.url.searchParams.get('key');
  if (mode === 'header') return header ?? undefined;
  if (mode === 'key') return query ?? undefined;
  return header ?? query ?? undefined;
}

/**
 * The server's checks after the name check, in its order: no key 401, unknown project 404, bad
 * key 401, role 403 (service routes and project roles; a service admin passes them all).
 */
export function authenticate(
  request: SimRequest,
  route: SimRoute,
  params: Record<string, string>,
  state: SimState,
  options: SimAuthOptions,
): { user: SimUser | undefined; isServiceAdmin: boolean } {
  if (route.access === 'open') return { user: undefined, isServiceAdmin: false };
  const key = findKey(request, options.authOption);
  if (!key) throw amsError('unauthorized');
  const creating =
    request.method.toUpperCase() === 'POST' && route.pattern === 'projects/{project}';
  if (params.project !== undefined && !creating && !state.projects.has(params.project)) {
    throw amsError('projectNotFound');
  }
  const isServiceToken = options.serviceToken !== undefined && key === options.serviceToken;
  let user: SimUser | undefined;
  for (const u of state.users.values()) {
    if (u.token === key) {
      user = u;
      break;
    }
  }
  if (!user && !isServiceToken) throw amsError('unauthorized');
  const isServiceAdmin = isServiceToken || (user?.service_roles.includes('service_admin') ?? false);
  if (!isServiceAdmin && route.access !== 'token') {
    if (route.access === 'service') throw amsError('forbidden');
    const roles = user?.projects.find((p) => p.project === params.project)?.roles ?? [];
    if (roles.length === 0) throw amsError('unauthorized');
    if (!roles.some((r) => (route.access as readonly string[]).includes(r))) {
      throw amsError('forbidden');
    }
  }
  return { user, isServiceAdmin };
}
