import { validateInput } from '@connectorkit/http-core';
import * as v from 'valibot';
import { UserWire } from './internal/wire-schemas.js';

/** A user's membership in a project. */
export interface AmsUserProject {
  project: string;
  roles: string[];
  topics?: string[];
  subscriptions?: string[];
}

/** The wire form of a user (snake_case, as AMS sends it). */
export interface AmsUserJson {
  uuid?: string;
  name?: string;
  projects?: AmsUserProject[];
  first_name?: string;
  last_name?: string;
  organization?: string;
  description?: string;
  token?: string;
  email?: string;
  service_roles?: string[];
  created_on?: string;
  modified_on?: string;
  created_by?: string;
}

const text = v.optional(v.string('must be a string'));
const strings = v.optional(v.array(v.string('must be a string'), 'must be an array of strings'));
const AmsUserInitSchema = v.pipe(
  v.custom<Record<string, unknown>>(
    (x) => typeof x === 'object' && x !== null && !Array.isArray(x),
    'must be an object',
  ),
  v.looseObject({
    uuid: text,
    name: text,
    projects: v.optional(
      v.array(
        v.looseObject(
          {
            project: v.string('must be a string'),
            roles: v.array(v.string('must be a string'), 'must be an array of strings'),
            topics: strings,
            subscriptions: strings,
          },
          'must be an object { project, roles }',
        ),
        'must be an array of { project, roles }',
      ),
    ),
    firstName: text,
    lastName: text,
    organization: text,
    description: text,
    email: text,
    serviceRoles: strings,
    createdOn: text,
    modifiedOn: text,
    createdBy: text,
    token: text,
  }),
);

/** An AMS user (argo-ams-library's `AmsUser`). The token is hidden from `util.inspect` and JSON. */
export class AmsUser {
  uuid: string;
  name: string;
  projects: AmsUserProject[];
  firstName: string;
  lastName: string;
  organization: string;
  description: string;
  email: string;
  serviceRoles: string[];
  createdOn: string;
  modifiedOn: string;
  createdBy: string;
  #token: string;

  constructor(init: Partial<Omit<AmsUser, 'toJson' | 'token'>> & { token?: string } = {}) {
    validateInput(AmsUserInitSchema, init, 'AmsUser');
    this.uuid = init.uuid ?? '';
    this.name = init.name ?? '';
    this.projects = init.projects ?? [];
    this.firstName = init.firstName ?? '';
    this.lastName = init.lastName ?? '';
    this.organization = init.organization ?? '';
    this.description = init.description ?? '';
    this.email = init.email ?? '';
    this.serviceRoles = init.serviceRoles ?? [];
    this.createdOn = init.createdOn ?? '';
    this.modifiedOn = init.modifiedOn ?? '';
    this.createdBy = init.createdBy ?? '';
    this.#token = init.token ?? '';
  }

  /** The user's AMS token (only shown to service admins). */
  get token(): string {
    return this.#token;
  }

  /** The body AMS expects when creating or updating a user. */
  toJson(): AmsUserJson {
    return {
      projects: this.projects.map((p) => ({ project: p.project, roles: p.roles })),
      email: this.email,
      first_name: this.firstName,
      last_name: this.lastName,
      organization: this.organization,
      description: this.description,
      service_roles: this.serviceRoles,
    };
  }

  /**
   * An `AmsUser` from the wire form AMS sends (snake_case fields); missing fields become `''` or
   * `[]`.
   * @throws {InputValidationError} when `json` is not a user object (a string `name`, `projects`
   * of `{ project, roles }`, ...)
   */
  static fromJson(json: AmsUserJson): AmsUser {
    validateInput(UserWire, json, 'user JSON');
    return new AmsUser({
      uuid: json.uuid ?? '',
      name: json.name ?? '',
      projects: json.projects ?? [],
      firstName: json.first_name ?? '',
      lastName: json.last_name ?? '',
      organization: json.organization ?? '',
      description: json.description ?? '',
      email: json.email ?? '',
      serviceRoles: json.service_roles ?? [],
      createdOn: json.created_on ?? '',
      modifiedOn: json.modified_on ?? '',
      createdBy: json.created_by ?? '',
      token: json.token ?? '',
    });
  }
}

/** One page of users. */
export interface AmsUserPage {
  users: AmsUser[];
  totalSize: number;
  nextPageToken: string;
}
