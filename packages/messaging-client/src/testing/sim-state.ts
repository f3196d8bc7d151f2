/** The state of a simulated AMS: projects, users, topics and subscriptions, with per-topic offsets. */

export interface SimMessage {
  offset: number;
  data: string;
  attributes: Record<string, string> | undefined;
  /** Publish time in ms since the epoch, from the simulator's clock. */
  publishMs: number;
  /** The `publishTime` string (UTC, nanosecond precision as the server writes it). */
  publishTime: string;
}

/** A simulated topic: its retained messages from offset `min`, and its ACL. */
export interface SimTopic {
  id: number;
  project: string;
  name: string;
  createdOn: string;
  /** Oldest retained offset. */
  min: number;
  /** Messages from offset `min`; `max` = `min + messages.length`. */
  messages: SimMessage[];
  acl: string[];
}

/** A simulated subscription: its cursor, pending batch and ack deadline, as AMS keeps them. */
export interface SimSubscription {
  id: number;
  project: string;
  name: string;
  /** Full topic name with the leading slash. */
  topic: string;
  ackDeadlineSeconds: number;
  createdOn: string;
  pushConfig: Record<string, unknown>;
  /** Committed cursor. */
  offset: number;
  /** End of the last pulled batch; 0 = nothing pending. */
  nextOffset: number;
  /** Whole seconds of the latest pull; undefined = none. */
  pendingAck: number | undefined;
  acl: string[];
}

/** A project role: `project_admin` manages the project, `publisher` publishes, `consumer` pulls. */
export type SimRole = 'project_admin' | 'publisher' | 'consumer';

/** A simulated user, with the snake_case fields AMS answers with. */
export interface SimUser {
  id: number;
  uuid: string;
  name: string;
  token: string;
  email: string;
  first_name: string;
  last_name: string;
  organization: string;
  description: string;
  projects: Array<{ project: string; roles: SimRole[] }>;
  service_roles: string[];
  created_on: string;
  modified_on: string;
  created_by: string;
}

export interface SimProject {
  id: number;
  name: string;
  description: string;
  created_on: string;
  modified_on: string;
  created_by: string;
}

/** The simulator's whole live state (`AmsSimulator.state`), to seed or inspect in tests. */
export interface SimState {
  projects: Map<string, SimProject>;
  users: Map<string, SimUser>;
  /** Keyed by `project/topic`. */
  topics: Map<string, SimTopic>;
  /** Keyed by `project/sub`. */
  subs: Map<string, SimSubscription>;
  /** The x509 login's bindings: certificate DN (see `x509Dn`) → user uuid. */
  bindings: Map<string, string>;
  nextId: number;
}

export function createSimState(): SimState {
  return {
    projects: new Map(),
    users: new Map(),
    topics: new Map(),
    subs: new Map(),
    bindings: new Map(),
    nextId: 1,
  };
}

/** `max` of a topic: the next offset to be written. */
export const topicMax = (topic: SimTopic): number => topic.min + topic.messages.length;

/** Seconds-precision UTC timestamp as the server writes `created_on`. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** UTC with nanoseconds, e.g. `2016-02-24T11:55:09.786127994Z`. */
export function isoNanos(ms: number, seq: number): string {
  const base = new Date(ms).toISOString().slice(0, 23);
  return `${base}${String(seq % 1_000_000).padStart(6, '0')}Z`;
}

export const EMPTY_PUSH_CONFIG: Readonly<Record<string, unknown>> = Object.freeze({
  type: '',
  pushEndpoint: '',
  maxMessages: 0,
  authorizationHeader: {},
  retryPolicy: {},
  verificationHash: '',
  verified: false,
  mattermostUrl: '',
  mattermostUsername: '',
  mattermostChannel: '',
  base64Decode: false,
});
