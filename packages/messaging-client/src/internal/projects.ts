import { buildPath } from '@connectorkit/http-core';
import { AmsUser } from '../ams-user.js';
import type { AmsCore, CallOptions } from './ams-core.js';
import { MemberOptionsSchema, ProjectChangesSchema, TextSchema } from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { unlessDeleted } from './lost-answer.js';
import { checkName } from './names.js';
import { EmptyWire, ProjectWire, UserWire } from './wire-schemas.js';

/** A project as AMS returns it (snake_case, as on the wire). */
export interface AmsProjectInfo {
  /** The project's name, without a leading slash. */
  name: string;
  description?: string;
  /** UTC, seconds precision, e.g. `2020-11-19T00:00:00Z`. */
  created_on?: string;
  modified_on?: string;
  /** The name of the user who created it. */
  created_by?: string;
}

const projectPath = (name: string) =>
  buildPath('/projects/{project}', { project: checkName(name, 'project') });

export async function createProject(
  core: AmsCore,
  name: string,
  description = '',
  options: CallOptions = {},
): Promise<AmsProjectInfo> {
  checkName(name, 'project');
  check(TextSchema, description, 'description');
  checkCall(options, 'createProject');
  return core.call('project_create', projectPath(name), ProjectWire, {
    method: 'POST',
    body: { description },
    options,
  });
}

export async function getProject(
  core: AmsCore,
  name: string,
  options: CallOptions = {},
): Promise<AmsProjectInfo> {
  checkName(name, 'project');
  checkCall(options, 'getProject');
  return core.call('project_get', projectPath(name), ProjectWire, { options });
}

export async function updateProject(
  core: AmsCore,
  name: string,
  changes: { description?: string; name?: string },
  options: CallOptions = {},
): Promise<AmsProjectInfo> {
  checkName(name, 'project');
  check(ProjectChangesSchema, changes, 'changes');
  checkCall(options, 'updateProject');
  return core.call('project_update', projectPath(name), ProjectWire, {
    method: 'PUT',
    body: {
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.name !== undefined ? { name: changes.name } : {}),
    },
    options,
    ...(changes.name !== undefined ? { idempotent: false } : {}),
  });
}

export async function deleteProject(
  core: AmsCore,
  name: string,
  options: CallOptions = {},
): Promise<void> {
  checkName(name, 'project');
  checkCall(options, 'deleteProject');
  await core
    .call('project_delete', projectPath(name), EmptyWire, { method: 'DELETE', options })
    .catch(unlessDeleted);
}

const memberPath = (core: AmsCore, user: string, project?: string): string =>
  `${core.projectPath(checkName(project ?? core.project, 'project'))}/members/${checkName(user, 'user')}`;

export async function addProjectMember(
  core: AmsCore,
  user: string,
  options: CallOptions & { project?: string; roles?: string[] } = {},
): Promise<AmsUser> {
  checkName(user, 'user');
  check(MemberOptionsSchema, options, 'addProjectMember options');
  return AmsUser.fromJson(
    await core.call(
      'project_member_add',
      `${memberPath(core, user, options.project)}:add`,
      UserWire,
      { method: 'POST', body: { roles: options.roles ?? [] }, options },
    ),
  );
}

export async function createProjectMember(
  core: AmsCore,
  user: string,
  options: CallOptions & { project?: string; roles?: string[]; email?: string } = {},
): Promise<AmsUser> {
  checkName(user, 'user');
  check(MemberOptionsSchema, options, 'createProjectMember options');
  const project = options.project ?? core.project;
  return AmsUser.fromJson(
    await core.call('project_member_create', memberPath(core, user, project), UserWire, {
      method: 'POST',
      body: {
        projects: [{ project, roles: options.roles ?? [] }],
        ...(options.email ? { email: options.email } : {}),
      },
      options,
    }),
  );
}

export async function getProjectMember(
  core: AmsCore,
  user: string,
  options: CallOptions & { project?: string } = {},
): Promise<AmsUser> {
  checkName(user, 'user');
  check(MemberOptionsSchema, options, 'getProjectMember options');
  return AmsUser.fromJson(
    await core.call('project_member_get', memberPath(core, user, options.project), UserWire, {
      options,
    }),
  );
}

export async function removeProjectMember(
  core: AmsCore,
  user: string,
  options: CallOptions & { project?: string } = {},
): Promise<void> {
  checkName(user, 'user');
  check(MemberOptionsSchema, options, 'removeProjectMember options');
  await core.call(
    'project_member_remove',
    `${memberPath(core, user, options.project)}:remove`,
    EmptyWire,
    { method: 'POST', options },
  );
}
