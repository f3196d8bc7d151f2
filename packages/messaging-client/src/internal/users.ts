import { buildPath } from '@connectorkit/http-core';
import { AmsUser, type AmsUserPage } from '../ams-user.js';
import type { AmsCore, CallOptions } from './ams-core.js';
import {
  ListUsersOptionsSchema,
  UpdateUserOptionsSchema,
  UserInputSchema,
} from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { unlessDeleted } from './lost-answer.js';
import { checkName } from './names.js';
import { EmptyWire, UserPageWire, UserWire } from './wire-schemas.js';

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

const userPath = (name: string) => buildPath('/users/{user}', { user: checkName(name, 'user') });

export async function createUser(
  core: AmsCore,
  user: AmsUser,
  options: CallOptions = {},
): Promise<AmsUser> {
  check(UserInputSchema, user, 'user');
  checkCall(options, 'createUser');
  const json = await core.call('user_create', userPath(user.name), UserWire, {
    method: 'POST',
    body: user.toJson(),
    options,
  });
  return AmsUser.fromJson(json);
}

export async function getUser(
  core: AmsCore,
  name: string,
  options: CallOptions = {},
): Promise<AmsUser> {
  checkName(name, 'user');
  checkCall(options, 'getUser');
  return AmsUser.fromJson(await core.call('user_get', userPath(name), UserWire, { options }));
}

export async function getUserByToken(
  core: AmsCore,
  token: string,
  options: CallOptions = {},
): Promise<AmsUser> {
  checkName(token, 'token');
  checkCall(options, 'getUserByToken');
  return AmsUser.fromJson(
    await core.call('user_get_by_token', buildPath('/users:byToken/{token}', { token }), UserWire, {
      options,
      secrets: [token],
    }),
  );
}

export async function getUserByUuid(
  core: AmsCore,
  uuid: string,
  options: CallOptions = {},
): Promise<AmsUser> {
  checkName(uuid, 'uuid');
  checkCall(options, 'getUserByUuid');
  return AmsUser.fromJson(
    await core.call('user_get_by_uuid', buildPath('/users:byUUID/{uuid}', { uuid }), UserWire, {
      options,
    }),
  );
}

export async function getUserProfile(core: AmsCore, options: CallOptions = {}): Promise<AmsUser> {
  checkCall(options, 'getUserProfile');
  return AmsUser.fromJson(await core.call('user_profile', '/users/profile', UserWire, { options }));
}

export async function listUsers(
  core: AmsCore,
  options: ListUsersOptions = {},
): Promise<AmsUserPage> {
  check(ListUsersOptionsSchema, options, 'listUsers options');
  const page = await core.call('user_list', '/users', UserPageWire, {
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

export async function* iterUsers(
  core: AmsCore,
  options: ListUsersOptions = {},
): AsyncGenerator<AmsUser> {
  check(ListUsersOptionsSchema, options, 'iterUsers options');
  let pageToken = options.pageToken ?? '';
  do {
    const page = await listUsers(core, {
      ...options,
      pageSize: options.pageSize ?? 100,
      pageToken,
    });
    yield* page.users;
    pageToken = page.nextPageToken;
  } while (pageToken);
}

export async function updateUser(
  core: AmsCore,
  name: string,
  options: UpdateUserOptions = {},
): Promise<AmsUser> {
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
    await core.call('user_update', userPath(name), UserWire, {
      method: 'PUT',
      body,
      options,
      // A rename repeated after a lost answer would address the old name: not idempotent.
      ...(options.username !== undefined ? { idempotent: false } : {}),
    }),
  );
}

export async function deleteUser(
  core: AmsCore,
  name: string,
  options: CallOptions = {},
): Promise<void> {
  checkName(name, 'user');
  checkCall(options, 'deleteUser');
  await core
    .call('user_delete', userPath(name), EmptyWire, { method: 'DELETE', options })
    .catch(unlessDeleted);
}

export async function refreshUserToken(
  core: AmsCore,
  name: string,
  options: CallOptions = {},
): Promise<AmsUser> {
  checkName(name, 'user');
  checkCall(options, 'refreshUserToken');
  return AmsUser.fromJson(
    await core.call(
      'user_refresh_token',
      buildPath('/users/{user}:refreshToken', { user: checkName(name, 'user') }),
      UserWire,
      { method: 'POST', options },
    ),
  );
}
