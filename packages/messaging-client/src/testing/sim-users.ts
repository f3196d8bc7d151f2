import { randomBytes, randomUUID } from 'node:crypto';
import { paginate, param, parseBody, type SimContext } from './sim-context.js';
import { amsError, emptyResponse, jsonResponse, type SimResponse } from './sim-responses.js';
import { isoSeconds, type SimRole, type SimUser } from './sim-state.js';

export function newToken(): string {
  return randomBytes(20).toString('hex');
}

/** The user as AMS shows it; `privileged` adds token, service roles and creator. */
export function userJson(ctx: SimContext, u: SimUser, privileged = true): Record<string, unknown> {
  const projects = u.projects.map((p) => ({
    project: p.project,
    roles: p.roles,
    topics: [...ctx.state.topics.values()]
      .filter((t) => t.project === p.project && t.acl.includes(u.name))
      .map((t) => t.name),
    subscriptions: [...ctx.state.subs.values()]
      .filter((s) => s.project === p.project && s.acl.includes(u.name))
      .map((s) => s.name),
  }));
  const base = {
    uuid: u.uuid,
    projects,
    name: u.name,
    first_name: u.first_name,
    last_name: u.last_name,
    organization: u.organization,
    description: u.description,
    email: u.email,
    created_on: u.created_on,
    modified_on: u.modified_on,
  };
  return privileged
    ? { ...base, token: u.token, service_roles: u.service_roles, created_by: u.created_by }
    : base;
}

export function findUser(ctx: SimContext, name: string): SimUser {
  const user = ctx.state.users.get(name);
  if (!user) throw amsError('userNotFound');
  return user;
}

function readProjects(ctx: SimContext, value: unknown): SimUser['projects'] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw amsError('invalidUserArguments');
  return value.map((p: { project?: unknown; roles?: unknown }) => {
    if (typeof p.project !== 'string' || !ctx.state.projects.has(p.project)) {
      throw amsError('membershipProjectNotFound');
    }
    return { project: p.project, roles: (Array.isArray(p.roles) ? p.roles : []) as SimRole[] };
  });
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);

export function createUserRecord(
  ctx: SimContext,
  name: string,
  body: Record<string, unknown>,
): SimUser {
  if (ctx.state.users.has(name)) throw amsError('userExists');
  const now = isoSeconds(ctx.now());
  const user: SimUser = {
    id: ctx.state.nextId++,
    uuid: randomUUID(),
    name,
    token: newToken(),
    email: str(body.email),
    first_name: str(body.first_name),
    last_name: str(body.last_name),
    organization: str(body.organization),
    description: str(body.description),
    projects: readProjects(ctx, body.projects),
    service_roles: Array.isArray(body.service_roles) ? (body.service_roles as string[]) : [],
    created_on: now,
    modified_on: now,
    created_by: ctx.user?.name ?? '',
  };
  ctx.state.users.set(name, user);
  return user;
}

export function createUser(ctx: SimContext): SimResponse {
  const body = parseBody(ctx, amsError('invalidUserArguments'));
  return jsonResponse(userJson(ctx, createUserRecord(ctx, param(ctx, 'user'), body)));
}

export function getUser(ctx: SimContext): SimResponse {
  return jsonResponse(userJson(ctx, findUser(ctx, param(ctx, 'user'))));
}

export function userByToken(ctx: SimContext): SimResponse {
  const token = param(ctx, 'token');
  const user = [...ctx.state.users.values()].find((u) => u.token === token);
  if (!user) throw amsError('userNotFound');
  return jsonResponse(userJson(ctx, user));
}

export function userByUuid(ctx: SimContext): SimResponse {
  const uuid = param(ctx, 'uuid');
  const user = [...ctx.state.users.values()].find((u) => u.uuid === uuid);
  if (!user) throw amsError('userNotFound');
  return jsonResponse(userJson(ctx, user));
}

export function profile(ctx: SimContext): SimResponse {
  if (!ctx.user) throw amsError('unauthorized');
  return jsonResponse(userJson(ctx, ctx.user));
}

export function listUsers(ctx: SimContext): SimResponse {
  const project = ctx.url.searchParams.get('project');
  const users = [...ctx.state.users.values()].filter(
    (u) => !project || u.projects.some((p) => p.project === project),
  );
  const details = ctx.url.searchParams.get('details') === 'true';
  const { page, nextPageToken, totalSize } = paginate(users, ctx.url);
  const shown = page.map((u) => {
    const json = userJson(ctx, u);
    return details ? json : { ...json, projects: u.projects };
  });
  return jsonResponse({ users: shown, nextPageToken, totalSize });
}

export function updateUser(ctx: SimContext): SimResponse {
  const user = findUser(ctx, param(ctx, 'user'));
  const body = parseBody(ctx, amsError('invalidUserArguments'));
  for (const field of [
    'email',
    'first_name',
    'last_name',
    'organization',
    'description',
  ] as const) {
    if (typeof body[field] === 'string') user[field] = body[field] as string;
  }
  if (body.projects !== undefined) user.projects = readProjects(ctx, body.projects);
  if (Array.isArray(body.service_roles)) user.service_roles = body.service_roles as string[];
  if (typeof body.name === 'string' && body.name !== user.name) {
    if (ctx.state.users.has(body.name)) throw amsError('userExists');
    ctx.state.users.delete(user.name);
    user.name = body.name;
    ctx.state.users.set(user.name, user);
  }
  user.modified_on = isoSeconds(ctx.now());
  return jsonResponse(userJson(ctx, user));
}

export function deleteUser(ctx: SimContext): SimResponse {
  const user = findUser(ctx, param(ctx, 'user'));
  ctx.state.users.delete(user.name);
  return emptyResponse();
}

export function refreshToken(ctx: SimContext): SimResponse {
  const user = findUser(ctx, param(ctx, 'user'));
  user.token = newToken();
  return jsonResponse(userJson(ctx, user));
}
