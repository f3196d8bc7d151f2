import { buildPath } from '@connectorkit/http-core';
import { AmsUser, type AmsUserPage, type AmsUser as AmsUserType } from '../ams-user.js';
import type { CallOptions } from './ams-core.js';
import {
  ListUsersOptionsSchema,
  MemberOptionsSchema,
  ProjectChangesSchema,
  TextSchema,
  UpdateUserOptionsSchema,
  UsageOptionsSchema,
  UserInputSchema,
} from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { unlessDeleted } from './lost-answer.js';
import { AmsMessagesApi } from './messages-api.js';
import { checkName } from './names.js';
import {
  AnyObjectWire,
  EmptyWire,
  ProjectWire,
  StatusWire,
  UserPageWire,
  UserWire,
} from './wire-schemas.js';

/** Options of {@link ArgoMessagingService.listUsers} and {@link ArgoMessagingService.iterUsers}. */
export interface ListUsersOptions extends CallOptions {
  /** Show projects with their topics and subscriptions. @default true */
  details?: boolean;
  /** @default 0 (all) */
  pageSize?: number;
  pageToken?: string;
  /** Only members of this project. */
  project?: string;
}

/** The fields {@link ArgoMessagingService.updateUser} changes; those left out stay as they are. */
export interface UpdateUserOptions extends CallOptions {
  firstName?: string;
  lastName?: string;
  description?: string;
  organization?: string;
  /** Renames the user. */
  username?: string;
  email?: string;
  serviceRoles?: string[];
  projects?: Array<{ project: string; roles: string[] }>;
}

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

/**
 * Options of {@link ArgoMessagingService.vaMetrics} and {@link ArgoMessagingService.usageReport}.
 */
export interface UsageOptions extends CallOptions {
  /** Only these projects (sent as `projects=A,B`). @default every project */
  projects?: string[];
  /** First day counted, sent as the UTC date `start_date=YYYY-MM-DD`. @default the service's */
  startDate?: Date;
  /** Last day counted, sent as the UTC date `end_date=YYYY-MM-DD`. @default the service's */
  endDate?: Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const usageParams = (o: UsageOptions): Record<string, string> => ({
  ...(o.startDate ? { start_date: day(o.startDate) } : {}),
  ...(o.endDate ? { end_date: day(o.endDate) } : {}),
  ...(o.projects?.length ? { projects: o.projects.join(',') } : {}),
});

/** Users, projects, members and operational calls (mostly for service admins). */
export class AmsAdminApi extends AmsMessagesApi {
  /**
   * POST `/users/{user.name}` with `user.toJson()` (service admin): resolves with the user AMS
   * made, its `uuid` and `token` included. Not retried after a lost answer.
   * @throws {AmsServiceException} 409 when the name is taken, 403 without the rights
   */
  async createUser(user: AmsUserType, options: CallOptions = {}): Promise<AmsUserType> {
    check(UserInputSchema, user, 'user');
    checkCall(options, 'createUser');
    const name = checkName(user.name, 'user');
    const json = await this.call(
      'user_create',
      buildPath('/users/{user}', { user: name }),
      UserWire,
      {
        method: 'POST',
        body: user.toJson(),
        options,
      },
    );
    return AmsUser.fromJson(json);
  }

  /**
   * GET `/users/{name}`: the user with their projects and roles (and token, for a service admin).
   * @throws {AmsServiceException} 404 when no user has that name
   */
  async getUser(name: string, options: CallOptions = {}): Promise<AmsUserType> {
    checkName(name, 'user');
    checkCall(options, 'getUser');
    return AmsUser.fromJson(
      await this.call(
        'user_get',
        buildPath('/users/{user}', { user: checkName(name, 'user') }),
        UserWire,
        { options },
      ),
    );
  }

  /**
   * GET `/users:byToken/{token}`: the user that token belongs to. The token is redacted from errors
   * and logs like the client's own.
   * @throws {AmsServiceException} 404 when no user has that token
   */
  async getUserByToken(token: string, options: CallOptions = {}): Promise<AmsUserType> {
    checkName(token, 'token');
    checkCall(options, 'getUserByToken');
    return AmsUser.fromJson(
      await this.call(
        'user_get_by_token',
        buildPath('/users:byToken/{token}', { token }),
        UserWire,
        {
          options,
          secrets: [token],
        },
      ),
    );
  }

  /**
   * GET `/users:byUUID/{uuid}`: the user with that `uuid`.
   * @throws {AmsServiceException} 404 when no user has that uuid
   */
  async getUserByUuid(uuid: string, options: CallOptions = {}): Promise<AmsUserType> {
    checkName(uuid, 'uuid');
    checkCall(options, 'getUserByUuid');
    return AmsUser.fromJson(
      await this.call('user_get_by_uuid', buildPath('/users:byUUID/{uuid}', { uuid }), UserWire, {
        options,
      }),
    );
  }

  /** The caller's own user. */
  async getUserProfile(options: CallOptions = {}): Promise<AmsUserType> {
    checkCall(options, 'getUserProfile');
    return AmsUser.fromJson(
      await this.call('user_profile', '/users/profile', UserWire, { options }),
    );
  }

  /** One page of users (sends `pageToken` and `details=true`, which the seed gets wrong). */
  async listUsers(options: ListUsersOptions = {}): Promise<AmsUserPage> {
    check(ListUsersOptionsSchema, options, 'listUsers options');
    const page = await this.call('user_list', '/users', UserPageWire, {
      searchParams: {
        details: String(options.details ?? true),
        ...(options.pageSize !== undefined ? { pageSize: String(options.pageSize) } : {}),
        ...(options.pageToken ? { pageToken: options.pageToken } : {}),
        ...(options.project ? { project: options.project } : {}),
      },
      options,
    });
    return {
      users: page.users.map((u) => AmsUser.fromJson(u)),
      nextPageToken: page.nextPageToken,
      totalSize: page.totalSize,
    };
  }

  /** Every user, page after page. */
  async *iterUsers(options: ListUsersOptions = {}): AsyncGenerator<AmsUserType> {
    check(ListUsersOptionsSchema, options, 'iterUsers options');
    let pageToken = options.pageToken ?? '';
    do {
      const page = await this.listUsers({
        ...options,
        pageSize: options.pageSize ?? 100,
        pageToken,
      });
      yield* page.users;
      pageToken = page.nextPageToken;
    } while (pageToken);
  }

  /** Changes only the fields given (the seed crashes without roles and projects). */
  async updateUser(name: string, options: UpdateUserOptions = {}): Promise<AmsUserType> {
    checkName(name, 'user');
    check(UpdateUserOptionsSchema, options, 'updateUser options');
    const body: Record<string, unknown> = {};
    if (options.username !== undefined) body.name = checkName(options.username, 'username');
    if (options.firstName !== undefined) body.first_name = options.firstName;
    if (options.lastName !== undefined) body.last_name = options.lastName;
    if (options.description !== undefined) body.description = options.description;
    if (options.organization !== undefined) body.organization = options.organization;
    if (options.email !== undefined) body.email = options.email;
    if (options.serviceRoles !== undefined) body.service_roles = options.serviceRoles;
    if (options.projects !== undefined) body.projects = options.projects;
    return AmsUser.fromJson(
      await this.call(
        'user_update',
        buildPath('/users/{user}', { user: checkName(name, 'user') }),
        UserWire,
        {
          method: 'PUT',
          body,
          options,
          // A rename repeated after a lost answer would address the old name: not idempotent.
          ...(options.username !== undefined ? { idempotent: false } : {}),
        },
      ),
    );
  }

  /**
   * DELETE `/users/{name}`. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 when no user has that name
   */
  async deleteUser(name: string, options: CallOptions = {}): Promise<void> {
    checkName(name, 'user');
    checkCall(options, 'deleteUser');
    await this.call(
      'user_delete',
      buildPath('/users/{user}', { user: checkName(name, 'user') }),
      EmptyWire,
      { method: 'DELETE', options },
    ).catch(unlessDeleted);
  }

  /** Issues a new token for the user; the old one stops working. */
  async refreshUserToken(name: string, options: CallOptions = {}): Promise<AmsUserType> {
    checkName(name, 'user');
    checkCall(options, 'refreshUserToken');
    return AmsUser.fromJson(
      await this.call(
        'user_refresh_token',
        buildPath('/users/{user}:refreshToken', { user: checkName(name, 'user') }),
        UserWire,
        {
          method: 'POST',
          options,
        },
      ),
    );
  }

  /**
   * POST `/projects/{name}` with `{ description }` (service admin): resolves with the project.
   * Not retried after a lost answer.
   * @throws {AmsServiceException} 409 when the project exists
   */
  async createProject(
    name: string,
    description = '',
    options: CallOptions = {},
  ): Promise<AmsProjectInfo> {
    checkName(name, 'project');
    check(TextSchema, description, 'description');
    checkCall(options, 'createProject');
    return this.call(
      'project_create',
      buildPath('/projects/{project}', { project: checkName(name, 'project') }),
      ProjectWire,
      {
        method: 'POST',
        body: { description },
        options,
      },
    );
  }

  /**
   * GET `/projects/{name}`: the project's description and creation details.
   * @throws {AmsServiceException} 404 `project doesn't exist`
   */
  async getProject(name: string, options: CallOptions = {}): Promise<AmsProjectInfo> {
    checkName(name, 'project');
    checkCall(options, 'getProject');
    return this.call(
      'project_get',
      buildPath('/projects/{project}', { project: checkName(name, 'project') }),
      ProjectWire,
      {
        options,
      },
    );
  }

  /**
   * PUT `/projects/{name}` with the `description` and/or new `name` given; resolves with the
   * project as changed. A rename is not retried after a lost answer.
   * @throws {AmsServiceException} 404 `project doesn't exist`
   */
  async updateProject(
    name: string,
    changes: { description?: string; name?: string },
    options: CallOptions = {},
  ): Promise<AmsProjectInfo> {
    checkName(name, 'project');
    check(ProjectChangesSchema, changes, 'changes');
    checkCall(options, 'updateProject');
    return this.call(
      'project_update',
      buildPath('/projects/{project}', { project: checkName(name, 'project') }),
      ProjectWire,
      {
        method: 'PUT',
        body: {
          ...(changes.description !== undefined ? { description: changes.description } : {}),
          ...(changes.name !== undefined ? { name: changes.name } : {}),
        },
        options,
        ...(changes.name !== undefined ? { idempotent: false } : {}),
      },
    );
  }

  /**
   * DELETE `/projects/{name}` (service admin). A retried delete whose first attempt landed
   * resolves.
   * @throws {AmsServiceException} 404 `project doesn't exist`
   */
  async deleteProject(name: string, options: CallOptions = {}): Promise<void> {
    checkName(name, 'project');
    checkCall(options, 'deleteProject');
    await this.call(
      'project_delete',
      buildPath('/projects/{project}', { project: checkName(name, 'project') }),
      EmptyWire,
      {
        method: 'DELETE',
        options,
      },
    ).catch(unlessDeleted);
  }

  /** @internal */
  protected memberPath(user: string, project?: string): string {
    return `${this.projectPath(checkName(project ?? this.project, 'project'))}/members/${checkName(user, 'user')}`;
  }

  /** Adds an existing user to the project with `roles`. */
  async addProjectMember(
    user: string,
    options: CallOptions & { project?: string; roles?: string[] } = {},
  ): Promise<AmsUserType> {
    checkName(user, 'user');
    check(MemberOptionsSchema, options, 'addProjectMember options');
    return AmsUser.fromJson(
      await this.call(
        'project_member_add',
        `${this.memberPath(user, options.project)}:add`,
        UserWire,
        {
          method: 'POST',
          body: { roles: options.roles ?? [] },
          options,
        },
      ),
    );
  }

  /** Creates a new user directly as a member of the project. */
  async createProjectMember(
    user: string,
    options: CallOptions & { project?: string; roles?: string[]; email?: string } = {},
  ): Promise<AmsUserType> {
    checkName(user, 'user');
    check(MemberOptionsSchema, options, 'createProjectMember options');
    const project = options.project ?? this.project;
    return AmsUser.fromJson(
      await this.call('project_member_create', this.memberPath(user, project), UserWire, {
        method: 'POST',
        body: {
          projects: [{ project, roles: options.roles ?? [] }],
          ...(options.email ? { email: options.email } : {}),
        },
        options,
      }),
    );
  }

  /**
   * GET `/projects/{project}/members/{user}`: the member with their roles (`project` defaults to
   * the client's). A project admin does not see the member's token.
   * @throws {AmsServiceException} 404 when the user is not a member
   */
  async getProjectMember(
    user: string,
    options: CallOptions & { project?: string } = {},
  ): Promise<AmsUserType> {
    checkName(user, 'user');
    check(MemberOptionsSchema, options, 'getProjectMember options');
    return AmsUser.fromJson(
      await this.call('project_member_get', this.memberPath(user, options.project), UserWire, {
        options,
      }),
    );
  }

  /**
   * POST `/projects/{project}/members/{user}:remove`: takes the user out of the project (`project`
   * defaults to the client's); the user still exists. Not retried after a lost answer.
   */
  async removeProjectMember(
    user: string,
    options: CallOptions & { project?: string } = {},
  ): Promise<void> {
    checkName(user, 'user');
    check(MemberOptionsSchema, options, 'removeProjectMember options');
    await this.call(
      'project_member_remove',
      `${this.memberPath(user, options.project)}:remove`,
      EmptyWire,
      {
        method: 'POST',
        options,
      },
    );
  }

  /**
   * GET `/status`: `{ status: 'ok' }` (or `'warning'`), with `push_servers` or
   * `push_functionality: 'disabled'`. AMS answers it without checking the token.
   */
  async status(options: CallOptions = {}): Promise<Record<string, unknown>> {
    checkCall(options, 'status');
    return this.call('status', '/status', StatusWire, { options });
  }

  /**
   * GET `/version`: the build (`build_time`, `golang`, `os`, `hostname`, ...); `release` only for
   * admins. AMS answers it without checking the token.
   */
  async version(options: CallOptions = {}): Promise<Record<string, unknown>> {
    checkCall(options, 'version');
    return this.call('version', '/version', AnyObjectWire, { options });
  }

  /** GET `/metrics`: the service's operational metrics (service admin). */
  async metrics(options: CallOptions = {}): Promise<Record<string, unknown>> {
    checkCall(options, 'metrics');
    return this.call('metrics', '/metrics', AnyObjectWire, { options });
  }

  /**
   * GET `/metrics/va_metrics?start_date&end_date&projects`: message counts per project
   * (`projects: [{ project, message_count, average_daily_messages }]`) and in total.
   */
  async vaMetrics(options: UsageOptions = {}): Promise<Record<string, unknown>> {
    check(UsageOptionsSchema, options, 'vaMetrics options');
    return this.call('va_metrics', '/metrics/va_metrics', AnyObjectWire, {
      searchParams: usageParams(options),
      options,
    });
  }

  /**
   * GET `/users/usageReport?start_date&end_date&projects`: the counts of
   * {@link ArgoMessagingService.vaMetrics} and the operational metrics, for the projects the
   * caller administers.
   */
  async usageReport(options: UsageOptions = {}): Promise<Record<string, unknown>> {
    check(UsageOptionsSchema, options, 'usageReport options');
    return this.call('usage_report', '/users/usageReport', AnyObjectWire, {
      searchParams: usageParams(options),
      options,
    });
  }
}
