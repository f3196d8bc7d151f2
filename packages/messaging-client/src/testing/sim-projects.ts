import { paginate, param, parseBody, type SimContext } from './sim-context.js';
import { amsError, emptyResponse, jsonResponse, type SimResponse } from './sim-responses.js';
import { isoSeconds, type SimProject, type SimRole } from './sim-state.js';
import { createUserRecord, findUser, userJson } from './sim-users.js';

const projectJson = (p: SimProject) => ({
  name: p.name,
  created_on: p.created_on,
  modified_on: p.modified_on,
  created_by: p.created_by,
  description: p.description,
});

function findProject(ctx: SimContext, name: string): SimProject {
  const project = ctx.state.projects.get(name);
  if (!project) throw amsError('projectNotFound');
  return project;
}

export function listProjects(ctx: SimContext): SimResponse {
  return jsonResponse({ projects: [...ctx.state.projects.values()].map(projectJson) });
}

export function getProject(ctx: SimContext): SimResponse {
  return jsonResponse(projectJson(findProject(ctx, param(ctx, 'project'))));
}

export function createProject(ctx: SimContext): SimResponse {
  const name = param(ctx, 'project');
  const body =
    ctx.bodyText.trim() === '' ? {} : parseBody(ctx, amsError('invalidProjectArguments'));
  if (ctx.state.projects.has(name)) throw amsError('projectExists');
  const now = isoSeconds(ctx.now());
  const project: SimProject = {
    id: ctx.state.nextId++,
    name,
    description: typeof body.description === 'string' ? body.description : '',
    created_on: now,
    modified_on: now,
    created_by: ctx.user?.name ?? '',
  };
  ctx.state.projects.set(name, project);
  return jsonResponse(projectJson(project));
}

export function updateProject(ctx: SimContext): SimResponse {
  const project = findProject(ctx, param(ctx, 'project'));
  const body = parseBody(ctx, amsError('invalidProjectArguments'));
  if (typeof body.description === 'string') project.description = body.description;
  if (typeof body.name === 'string' && body.name !== '' && body.name !== project.name) {
    ctx.state.projects.delete(project.name);
    for (const u of ctx.state.users.values()) {
      for (const p of u.projects) if (p.project === project.name) p.project = body.name;
    }
    project.name = body.name;
    ctx.state.projects.set(project.name, project);
  }
  project.modified_on = isoSeconds(ctx.now());
  return jsonResponse(projectJson(project));
}

export function deleteProject(ctx: SimContext): SimResponse {
  const project = findProject(ctx, param(ctx, 'project'));
  ctx.state.projects.delete(project.name);
  for (const [key, t] of ctx.state.topics)
    if (t.project === project.name) ctx.state.topics.delete(key);
  for (const [key, s] of ctx.state.subs) if (s.project === project.name) ctx.state.subs.delete(key);
  return emptyResponse();
}

export function listMembers(ctx: SimContext): SimResponse {
  const project = param(ctx, 'project');
  const members = [...ctx.state.users.values()].filter((u) =>
    u.projects.some((p) => p.project === project),
  );
  const { page, nextPageToken, totalSize } = paginate(members, ctx.url);
  return jsonResponse({
    users: page.map((u) => userJson(ctx, u, ctx.isServiceAdmin)),
    nextPageToken,
    totalSize,
  });
}

export function getMember(ctx: SimContext): SimResponse {
  const project = param(ctx, 'project');
  const user = findUser(ctx, param(ctx, 'user'));
  if (!user.projects.some((p) => p.project === project)) throw amsError('userNotFound');
  return jsonResponse(userJson(ctx, user, ctx.isServiceAdmin));
}

function readRoles(body: Record<string, unknown>): SimRole[] {
  const roles = body.roles;
  if (!Array.isArray(roles)) return [];
  return roles.filter((r): r is SimRole => ['project_admin', 'publisher', 'consumer'].includes(r));
}

export function createMember(ctx: SimContext): SimResponse {
  const project = param(ctx, 'project');
  const body = parseBody(ctx, amsError('invalidUserArguments'));
  const user = createUserRecord(ctx, param(ctx, 'user'), { ...body, projects: [] });
  const given = Array.isArray(body.projects)
    ? (body.projects as Array<Record<string, unknown>>)
    : [];
  const roles = readRoles(given.find((p) => p.project === project) ?? {});
  user.projects = [{ project, roles }];
  return jsonResponse(userJson(ctx, user));
}

export function addMember(ctx: SimContext): SimResponse {
  const project = param(ctx, 'project');
  const user = findUser(ctx, param(ctx, 'user'));
  const body = parseBody(ctx, amsError('invalidUserArguments'));
  user.projects = [
    ...user.projects.filter((p) => p.project !== project),
    { project, roles: readRoles(body) },
  ];
  return jsonResponse(userJson(ctx, user, ctx.isServiceAdmin));
}

export function removeMember(ctx: SimContext): SimResponse {
  const project = param(ctx, 'project');
  const user = findUser(ctx, param(ctx, 'user'));
  user.projects = user.projects.filter((p) => p.project !== project);
  return emptyResponse();
}
