/**
 * Every error the simulator answers with, in one table: the routes build their errors from it
 * (`amsError(key)`), and `sim-errors.test.ts` checks each entry whose `source` is the reference
 * word for word against the reference's own table (`reference-errors.md`, copied verbatim).
 */

export interface SimErrorEntry {
  /** HTTP status, and the envelope's `code`. */
  readonly code: number;
  /** The envelope's `status`. */
  readonly status: string;
  /** The message; `{name}` marks a value filled in per answer. */
  readonly message: string;
  /**
   * Where the wording comes from: `reference` (§4 or §12 of argo-messaging.md, checked by the
   * test), `server` (ARGOeu/argo-messaging or argo-api-authn source, not in the reference), or
   * `simulator` (a choice where neither says).
   */
  readonly source: 'reference' | 'server' | 'simulator';
  /** The placeholder values of the reference's own example (`User(s): a,b do not exist`). */
  readonly example?: Readonly<Record<string, string>>;
}

export type AmsErrorKey =
  | 'invalidName'
  | 'invalidTopicName'
  | 'invalidRequestBody'
  | 'invalidMessageArguments'
  | 'invalidPullArguments'
  | 'invalidAckParameter'
  | 'invalidAckId'
  | 'invalidOffsetArguments'
  | 'offsetOutOfBounds'
  | 'invalidAckDeadline'
  | 'invalidSubscriptionArguments'
  | 'invalidZuluTime'
  | 'invalidPageSize'
  | 'invalidPageToken'
  | 'invalidTopicAcl'
  | 'invalidSubscriptionAcl'
  | 'invalidUserArguments'
  | 'invalidProjectArguments'
  | 'pushEndpointNotHttps'
  | 'invalidPushConfig'
  | 'unsupportedPushType'
  | 'invalidDate'
  | 'unauthorized'
  | 'forbidden'
  | 'topicNotFound'
  | 'subscriptionNotFound'
  | 'projectNotFound'
  | 'usersNotFound'
  | 'userNotFound'
  | 'membershipProjectNotFound'
  | 'ackTimeout'
  | 'topicExists'
  | 'subscriptionExists'
  | 'projectExists'
  | 'userExists'
  | 'topicGone'
  | 'timestampOutOfBounds'
  | 'messageTooLarge'
  | 'noAckPending'
  | 'wrongAck'
  | 'backendError';

export type AuthnErrorKey =
  | 'noCertificate'
  | 'hostNotFound'
  | 'bindingNotFound'
  | 'serviceTypeNotFound'
  | 'certificateExpired'
  | 'certificateNotActive'
  | 'internalError';

const entry = (
  code: number,
  status: string,
  message: string,
  source: SimErrorEntry['source'],
  example?: Record<string, string>,
): SimErrorEntry =>
  Object.freeze({ code, status, message, source, ...(example ? { example } : {}) });

/** The AMS API's errors (envelope `{"error":{"code","message","status"}}`). */
export const AMS_ERRORS: Readonly<Record<AmsErrorKey, SimErrorEntry>> = Object.freeze({
  invalidName: entry(400, 'INVALID_ARGUMENT', 'Invalid {var} name', 'reference', { var: '{var}' }),
  invalidTopicName: entry(400, 'INVALID_ARGUMENT', 'Invalid Topic name', 'reference'),
  invalidRequestBody: entry(400, 'BAD_REQUEST', 'Invalid Request Body', 'reference'),
  invalidMessageArguments: entry(400, 'INVALID_ARGUMENT', 'Invalid Message Arguments', 'reference'),
  invalidPullArguments: entry(
    400,
    'INVALID_ARGUMENT',
    'Invalid Pull Parameters Arguments',
    'reference',
  ),
  invalidAckParameter: entry(400, 'INVALID_ARGUMENT', 'Invalid ack parameter', 'reference'),
  invalidAckId: entry(400, 'INVALID_ARGUMENT', 'Invalid ack id', 'reference'),
  invalidOffsetArguments: entry(400, 'INVALID_ARGUMENT', 'Invalid Offset Arguments', 'reference'),
  offsetOutOfBounds: entry(400, 'INVALID_ARGUMENT', 'Offset out of bounds', 'reference'),
  invalidAckDeadline: entry(
    400,
    'INVALID_ARGUMENT',
    'Invalid ackDeadlineSeconds(needs value between 0 and 600) Arguments',
    'reference',
  ),
  invalidSubscriptionArguments: entry(
    400,
    'INVALID_ARGUMENT',
    'Invalid Subscription Arguments',
    'reference',
  ),
  invalidZuluTime: entry(400, 'INVALID_ARGUMENT', 'Time is not in valid Zulu format.', 'reference'),
  invalidPageSize: entry(400, 'INVALID_ARGUMENT', 'Invalid page size', 'reference'),
  invalidPageToken: entry(400, 'INVALID_ARGUMENT', 'Invalid page token', 'reference'),
  // handlers/topics.go and subscriptions.go: APIErrorInvalidArgument("Topic ACL"), ("Subscription ACL").
  invalidTopicAcl: entry(400, 'INVALID_ARGUMENT', 'Invalid Topic ACL Arguments', 'server'),
  invalidSubscriptionAcl: entry(
    400,
    'INVALID_ARGUMENT',
    'Invalid Subscription ACL Arguments',
    'server',
  ),
  // handlers/users.go and projects.go: APIErrorInvalidArgument("User"), ("Project").
  invalidUserArguments: entry(400, 'INVALID_ARGUMENT', 'Invalid User Arguments', 'server'),
  invalidProjectArguments: entry(400, 'INVALID_ARGUMENT', 'Invalid Project Arguments', 'server'),
  // handlers/subscriptions.go (modifyPushConfig).
  pushEndpointNotHttps: entry(
    400,
    'INVALID_ARGUMENT',
    'Push endpoint should be addressed by a valid https url',
    'server',
  ),
  invalidPushConfig: entry(
    400,
    'INVALID_ARGUMENT',
    'Invalid Push Configuration Arguments',
    'simulator',
  ),
  unsupportedPushType: entry(
    400,
    'INVALID_ARGUMENT',
    'Push configuration type is not supported',
    'simulator',
  ),
  invalidDate: entry(400, 'INVALID_ARGUMENT', 'Start date is not in valid format', 'simulator'),
  unauthorized: entry(401, 'UNAUTHORIZED', 'Unauthorized', 'reference'),
  forbidden: entry(403, 'FORBIDDEN', 'Access to this resource is forbidden', 'reference'),
  topicNotFound: entry(404, 'NOT_FOUND', "Topic doesn't exist", 'reference'),
  subscriptionNotFound: entry(404, 'NOT_FOUND', "Subscription doesn't exist", 'reference'),
  projectNotFound: entry(404, 'NOT_FOUND', "project doesn't exist", 'reference'),
  usersNotFound: entry(404, 'NOT_FOUND', 'User(s): {users} do not exist', 'reference', {
    users: 'a,b',
  }),
  // handlers/users.go: APIErrorNotFound("User").
  userNotFound: entry(404, 'NOT_FOUND', "User doesn't exist", 'server'),
  membershipProjectNotFound: entry(404, 'NOT_FOUND', 'invalid project', 'simulator'),
  ackTimeout: entry(408, 'TIMEOUT', 'ack timeout', 'reference'),
  topicExists: entry(409, 'ALREADY_EXISTS', 'Topic already exists', 'reference'),
  subscriptionExists: entry(409, 'ALREADY_EXISTS', 'Subscription already exists', 'reference'),
  // handlers/errors.go: APIErrorConflict(resource) is "{resource} already exists", ALREADY_EXISTS.
  projectExists: entry(409, 'ALREADY_EXISTS', 'Project already exists', 'server'),
  userExists: entry(409, 'ALREADY_EXISTS', 'User already exists', 'server'),
  topicGone: entry(409, 'CONFLICT', "Subscription's topic doesn't exist", 'reference'),
  timestampOutOfBounds: entry(
    409,
    'CONFLICT',
    "Timestamp is out of bounds for the subscription's topic/partition",
    'reference',
  ),
  messageTooLarge: entry(413, 'INVALID_ARGUMENT', 'Message size is too large', 'reference'),
  noAckPending: entry(500, 'INTERNAL_SERVER_ERROR', 'no ack pending', 'reference'),
  wrongAck: entry(500, 'INTERNAL_SERVER_ERROR', 'wrong ack', 'reference'),
  backendError: entry(500, 'INTERNAL_SERVER_ERROR', 'Backend Error', 'reference'),
});

/**
 * The x509 login service's errors (argo-api-authn: same envelope, `status` with spaces, and
 * `json.MarshalIndent` with a one-space indent).
 */
export const AUTHN_ERRORS: Readonly<Record<AuthnErrorKey, SimErrorEntry>> = Object.freeze({
  noCertificate: entry(400, 'BAD REQUEST', 'No certificate provided', 'reference'),
  hostNotFound: entry(404, 'NOT FOUND', 'Host was not found', 'reference'),
  // bindings/binding.go (APIErrNotFound("Binding")); the reference says "binding not found".
  bindingNotFound: entry(404, 'NOT FOUND', 'Binding was not found', 'server'),
  // servicetypes/service_type.go: APIErrNotFound("Service-type").
  serviceTypeNotFound: entry(404, 'NOT FOUND', 'Service-type was not found', 'server'),
  // auth/certificate.go: CertHasExpired.
  certificateExpired: entry(403, 'ACCESS_FORBIDDEN', 'Your certificate has expired', 'server'),
  certificateNotActive: entry(
    403,
    'ACCESS_FORBIDDEN',
    'Your certificate is not active yet',
    'server',
  ),
  // authmethods/api_key_auth.go: AMS answered an error while authn fetched the user's token.
  internalError: entry(500, 'INTERNAL SERVER ERROR', 'Internal Error: {detail}', 'server'),
});

/** The message of an entry with its placeholders filled. */
export function renderMessage(item: SimErrorEntry, values: Record<string, string> = {}): string {
  return item.message.replace(/\{([a-z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
