import type { AmsUserPage, AmsUser as AmsUserType } from '../ams-user.js';
import type { CallOptions } from './ams-core.js';
import { AmsMessagesApi } from './messages-api.js';
import type { UsageOptions } from './operations.js';
import * as operations from './operations.js';
import type { AmsProjectInfo } from './projects.js';
import * as projects from './projects.js';
import type { ListUsersOptions, UpdateUserOptions } from './users.js';
import * as users from './users.js';

export type { UsageOptions } from './operations.js';
export type { AmsProjectInfo } from './projects.js';
export type { ListUsersOptions, UpdateUserOptions } from './users.js';

/** Users, projects, members and operational calls (mostly for service admins). */
export class AmsAdminApi extends AmsMessagesApi {
  /**
   * POST `/users/{user.name}` with `user.toJson()` (service admin): resolves with the user AMS
   * made, its `uuid` and `token` included. Not retried after a lost answer.
   * @throws {AmsServiceException} 409 when the name is taken, 403 without the rights
   */
  createUser(user: AmsUserType, options?: CallOptions): Promise<AmsUserType> {
    return users.createUser(this, user, options);
  }

  /**
   * GET `/users/{name}`: the user with their projects and roles (and token, for a service admin).
   * @throws {AmsServiceException} 404 when no user has that name
   */
  getUser(name: string, options?: CallOptions): Promise<AmsUserType> {
    return users.getUser(this, name, options);
  }

  /**
   * GET `/users:byToken/{token}`: the user that token belongs to. The token is redacted from errors
   * and logs like the client's own.
   * @throws {AmsServiceException} 404 when no user has that token
   */
  getUserByToken(token: string, options?: CallOptions): Promise<AmsUserType> {
    return users.getUserByToken(this, token, options);
  }

  /**
   * GET `/users:byUUID/{uuid}`: the user with that `uuid`.
   * @throws {AmsServiceException} 404 when no user has that uuid
   */
  getUserByUuid(uuid: string, options?: CallOptions): Promise<AmsUserType> {
    return users.getUserByUuid(this, uuid, options);
  }

  /** The caller's own user. */
  getUserProfile(options?: CallOptions): Promise<AmsUserType> {
    return users.getUserProfile(this, options);
  }

  /** One page of users (sends `pageToken` and `details=true`, which the seed gets wrong). */
  listUsers(options?: ListUsersOptions): Promise<AmsUserPage> {
    return users.listUsers(this, options);
  }

  /** Every user, page after page. */
  iterUsers(options?: ListUsersOptions): AsyncGenerator<AmsUserType> {
    return users.iterUsers(this, options);
  }

  /** Changes only the fields given (the seed crashes without roles and projects). */
  updateUser(name: string, options?: UpdateUserOptions): Promise<AmsUserType> {
    return users.updateUser(this, name, options);
  }

  /**
   * DELETE `/users/{name}`. A retried delete whose first attempt landed resolves.
   * @throws {AmsServiceException} 404 when no user has that name
   */
  deleteUser(name: string, options?: CallOptions): Promise<void> {
    return users.deleteUser(this, name, options);
  }

  /** Issues a new token for the user; the old one stops working. */
  refreshUserToken(name: string, options?: CallOptions): Promise<AmsUserType> {
    return users.refreshUserToken(this, name, options);
  }

  /**
   * POST `/projects/{name}` with `{ description }` (service admin): resolves with the project.
   * Not retried after a lost answer.
   * @throws {AmsServiceException} 409 when the project exists
   */
  createProject(
    name: string,
    description?: string,
    options?: CallOptions,
  ): Promise<AmsProjectInfo> {
    return projects.createProject(this, name, description, options);
  }

  /**
   * GET `/projects/{name}`: the project's description and creation details.
   * @throws {AmsServiceException} 404 `project doesn't exist`
   */
  getProject(name: string, options?: CallOptions): Promise<AmsProjectInfo> {
    return projects.getProject(this, name, options);
  }

  /**
   * PUT `/projects/{name}` with the `description` and/or new `name` given; resolves with the
   * project as changed. A rename is not retried after a lost answer.
   * @throws {AmsServiceException} 404 `project doesn't exist`
   */
  updateProject(
    name: string,
    changes: { description?: string; name?: string },
    options?: CallOptions,
  ): Promise<AmsProjectInfo> {
    return projects.updateProject(this, name, changes, options);
  }

  /**
   * DELETE `/projects/{name}` (service admin). A retried delete whose first attempt landed
   * resolves.
   * @throws {AmsServiceException} 404 `project doesn't exist`
   */
  deleteProject(name: string, options?: CallOptions): Promise<void> {
    return projects.deleteProject(this, name, options);
  }

  /** Adds an existing user to the project with `roles`. */
  addProjectMember(
    user: string,
    options?: CallOptions & { project?: string; roles?: string[] },
  ): Promise<AmsUserType> {
    return projects.addProjectMember(this, user, options);
  }

  /** Creates a new user directly as a member of the project. */
  createProjectMember(
    user: string,
    options?: CallOptions & { project?: string; roles?: string[]; email?: string },
  ): Promise<AmsUserType> {
    return projects.createProjectMember(this, user, options);
  }

  /**
   * GET `/projects/{project}/members/{user}`: the member with their roles (`project` defaults to
   * the client's). A project admin does not see the member's token.
   * @throws {AmsServiceException} 404 when the user is not a member
   */
  getProjectMember(
    user: string,
    options?: CallOptions & { project?: string },
  ): Promise<AmsUserType> {
    return projects.getProjectMember(this, user, options);
  }

  /**
   * POST `/projects/{project}/members/{user}:remove`: takes the user out of the project (`project`
   * defaults to the client's); the user still exists. Not retried after a lost answer.
   */
  removeProjectMember(user: string, options?: CallOptions & { project?: string }): Promise<void> {
    return projects.removeProjectMember(this, user, options);
  }

  /**
   * GET `/status`: `{ status: 'ok' }` (or `'warning'`), with `push_servers` or
   * `push_functionality: 'disabled'`. AMS answers it without checking the token.
   */
  status(options?: CallOptions): Promise<Record<string, unknown>> {
    return operations.status(this, options);
  }

  /**
   * GET `/version`: the build (`build_time`, `golang`, `os`, `hostname`, ...); `release` only for
   * admins. AMS answers it without checking the token.
   */
  version(options?: CallOptions): Promise<Record<string, unknown>> {
    return operations.version(this, options);
  }

  /** GET `/metrics`: the service's operational metrics (service admin). */
  metrics(options?: CallOptions): Promise<Record<string, unknown>> {
    return operations.metrics(this, options);
  }

  /**
   * GET `/metrics/va_metrics?start_date&end_date&projects`: message counts per project
   * (`projects: [{ project, message_count, average_daily_messages }]`) and in total.
   */
  vaMetrics(options?: UsageOptions): Promise<Record<string, unknown>> {
    return operations.vaMetrics(this, options);
  }

  /**
   * GET `/users/usageReport?start_date&end_date&projects`: the counts of
   * {@link ArgoMessagingService.vaMetrics} and the operational metrics, for the projects the
   * caller administers.
   */
  usageReport(options?: UsageOptions): Promise<Record<string, unknown>> {
    return operations.usageReport(this, options);
  }
}
