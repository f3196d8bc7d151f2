export {
  AmsMessage,
  type AmsMessageInit,
  MAX_MESSAGE_BYTES,
  type WireMessage,
} from './ams-message.js';
export { AmsSubscription, type OffsetsOptions } from './ams-subscription.js';
export { AmsTopic } from './ams-topic.js';
export { AmsUser, type AmsUserJson, type AmsUserPage, type AmsUserProject } from './ams-user.js';
export { ArgoMessagingService } from './argo-messaging-service.js';
export type { ArgoMessagingServiceOptions } from './argo-messaging-service-options.js';
export {
  AmsBalancerException,
  AmsConnectionException,
  AmsException,
  type AmsExceptionOptions,
  AmsMessageException,
  AmsServiceException,
  type AmsServiceExceptionOptions,
  AmsTimeoutException,
  isAmsBalancerException,
  isAmsConnectionException,
  isAmsException,
  isAmsMessageException,
  isAmsServiceException,
  isAmsTimeoutException,
} from './errors.js';
export type { CallOptions } from './internal/ams-core.js';
export type { AmsPublisher, PublisherOptions } from './internal/batching-publisher.js';
export type { FromEnvironmentOptions } from './internal/environment.js';
export type { PullackOptions, PullOptions, ReceivedMessage } from './internal/messages.js';
export type { Offsets } from './internal/offsets.js';
export type { UsageOptions } from './internal/operations.js';
export type { AmsPage, PageOptions } from './internal/paging.js';
export type { AmsProjectInfo } from './internal/projects.js';
export type { AmsMethod, AmsRequestOptions } from './internal/raw-request.js';
export type {
  AmsSubscriptionInfo,
  CreateSubOptions,
  PushConfigOptions,
} from './internal/subscriptions.js';
export type { AmsTopicInfo } from './internal/topics.js';
export type { ListUsersOptions, UpdateUserOptions } from './internal/users.js';
export { type AmsRetryKnobs, DEFAULT_RETRY } from './service.js';
export {
  type SubscribeOptions,
  type SubscribeReport,
  type Subscriber,
  type SubscribeTarget,
  subscribe,
} from './subscribe.js';
export { VERSION } from './version.js';
