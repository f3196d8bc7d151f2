import type { SimContext } from './sim-context.js';
import * as m from './sim-messages.js';
import * as ops from './sim-operations.js';
import * as pr from './sim-projects.js';
import type { SimResponse } from './sim-responses.js';
import * as s from './sim-subscriptions.js';
import * as t from './sim-topics.js';
import * as u from './sim-users.js';

/** Who may call a route: nobody needs a token, any project role listed, or service admins only. */
export type SimAccess =
  | 'open'
  | 'token'
  | 'service'
  | ReadonlyArray<'project_admin' | 'publisher' | 'consumer'>;

export interface SimRoute {
  method: string;
  pattern: string;
  access: SimAccess;
  handle(ctx: SimContext): SimResponse | Promise<SimResponse>;
}

const ALL = ['project_admin', 'publisher', 'consumer'] as const;
const ADMIN = ['project_admin'] as const;
const CONSUMER = ['project_admin', 'consumer'] as const;
const PUBLISHER = ['project_admin', 'publisher'] as const;
const T = 'projects/{project}/topics/{topic}';
const S = 'projects/{project}/subscriptions/{subscription}';
const M = 'projects/{project}/members/{user}';

/** The AMS route table (from `routing.go`), with the roles the default datastore grants. */
export const ROUTES: readonly SimRoute[] = [
  { method: 'GET', pattern: 'status', access: 'open', handle: ops.status },
  { method: 'GET', pattern: 'version', access: 'open', handle: ops.version },
  { method: 'GET', pattern: 'metrics', access: 'service', handle: ops.metrics },
  { method: 'GET', pattern: 'metrics/va_metrics', access: 'service', handle: ops.vaMetrics },
  { method: 'GET', pattern: 'users/usageReport', access: 'token', handle: ops.usageReport },
  { method: 'GET', pattern: 'users/profile', access: 'token', handle: u.profile },
  { method: 'GET', pattern: 'users', access: 'service', handle: u.listUsers },
  { method: 'GET', pattern: 'users:byToken/{token}', access: 'service', handle: u.userByToken },
  { method: 'GET', pattern: 'users:byUUID/{uuid}', access: 'service', handle: u.userByUuid },
  {
    method: 'POST',
    pattern: 'users/{user}:refreshToken',
    access: 'service',
    handle: u.refreshToken,
  },
  { method: 'GET', pattern: 'users/{user}', access: 'service', handle: u.getUser },
  { method: 'POST', pattern: 'users/{user}', access: 'service', handle: u.createUser },
  { method: 'PUT', pattern: 'users/{user}', access: 'service', handle: u.updateUser },
  { method: 'DELETE', pattern: 'users/{user}', access: 'service', handle: u.deleteUser },
  { method: 'GET', pattern: 'projects', access: 'service', handle: pr.listProjects },
  { method: 'GET', pattern: 'projects/{project}', access: 'service', handle: pr.getProject },
  { method: 'POST', pattern: 'projects/{project}', access: 'service', handle: pr.createProject },
  { method: 'PUT', pattern: 'projects/{project}', access: 'service', handle: pr.updateProject },
  { method: 'DELETE', pattern: 'projects/{project}', access: 'service', handle: pr.deleteProject },
  { method: 'GET', pattern: 'projects/{project}/members', access: ADMIN, handle: pr.listMembers },
  { method: 'POST', pattern: `${M}:add`, access: ADMIN, handle: pr.addMember },
  { method: 'POST', pattern: `${M}:remove`, access: ADMIN, handle: pr.removeMember },
  { method: 'GET', pattern: M, access: ADMIN, handle: pr.getMember },
  { method: 'POST', pattern: M, access: ADMIN, handle: pr.createMember },
  { method: 'GET', pattern: 'projects/{project}/topics', access: ALL, handle: t.listTopics },
  { method: 'POST', pattern: `${T}:publish`, access: PUBLISHER, handle: t.publish },
  { method: 'GET', pattern: `${T}:acl`, access: ADMIN, handle: t.topicAcl },
  { method: 'POST', pattern: `${T}:modifyAcl`, access: ADMIN, handle: t.modifyTopicAcl },
  { method: 'GET', pattern: `${T}/subscriptions`, access: ADMIN, handle: t.topicSubscriptions },
  { method: 'GET', pattern: T, access: ALL, handle: t.getTopic },
  { method: 'PUT', pattern: T, access: ADMIN, handle: t.createTopic },
  { method: 'DELETE', pattern: T, access: ADMIN, handle: t.deleteTopic },
  { method: 'GET', pattern: 'projects/{project}/subscriptions', access: ALL, handle: s.listSubs },
  { method: 'POST', pattern: `${S}:pull`, access: CONSUMER, handle: m.pull },
  { method: 'POST', pattern: `${S}:acknowledge`, access: CONSUMER, handle: m.acknowledge },
  {
    method: 'POST',
    pattern: `${S}:modifyAckDeadline`,
    access: CONSUMER,
    handle: s.modifyAckDeadline,
  },
  { method: 'POST', pattern: `${S}:modifyPushConfig`, access: ADMIN, handle: s.modifyPushConfig },
  { method: 'GET', pattern: `${S}:offsets`, access: CONSUMER, handle: m.offsets },
  { method: 'POST', pattern: `${S}:modifyOffset`, access: CONSUMER, handle: m.modifyOffset },
  { method: 'GET', pattern: `${S}:timeToOffset`, access: CONSUMER, handle: m.timeToOffset },
  { method: 'GET', pattern: `${S}:acl`, access: ADMIN, handle: s.subAcl },
  { method: 'POST', pattern: `${S}:modifyAcl`, access: ADMIN, handle: s.modifySubAcl },
  { method: 'GET', pattern: S, access: CONSUMER, handle: s.getSub },
  { method: 'PUT', pattern: S, access: ADMIN, handle: s.createSub },
  { method: 'DELETE', pattern: S, access: ADMIN, handle: s.deleteSub },
];

export interface CompiledRoute extends SimRoute {
  regex: RegExp;
  names: string[];
}

/**
 * Routes that can match a path share its key: the number of segments and the verb after the
 * first `:` of the last segment (a path variable never holds `/` or `:`).
 */
export function routeKey(path: string): string {
  const segments = path.split('/');
  const last = segments.at(-1) ?? '';
  const colon = last.indexOf(':');
  return `${segments.length}|${colon < 0 ? '' : last.slice(colon + 1)}`;
}

export function compileRoutes(routes: readonly SimRoute[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern
      .split(/(\{[a-z]+\})/)
      .map((part) => {
        const match = /^\{([a-z]+)\}$/.exec(part);
        if (!match?.[1]) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
        names.push(match[1]);
        return '([^/:]*)';
      })
      .join('');
    return { ...route, regex: new RegExp(`^${source}$`), names };
  });
}
