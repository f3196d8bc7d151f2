import { paginate, param, parseBody, rolesIn, type SimContext } from './sim-context.js';
import { amsError, emptyResponse, jsonResponse, type SimResponse } from './sim-responses.js';
import { EMPTY_PUSH_CONFIG, isoSeconds, type SimSubscription, topicMax } from './sim-state.js';
import { readAcl } from './sim-topics.js';

export function findSub(ctx: SimContext, project: string, name: string): SimSubscription {
  const sub = ctx.state.subs.get(`${project}/${name}`);
  if (!sub) throw amsError('subscriptionNotFound');
  return sub;
}

export const subJson = (s: SimSubscription): Record<string, unknown> => ({
  name: `/projects/${s.project}/subscriptions/${s.name}`,
  topic: s.topic,
  pushConfig: s.pushConfig,
  ackDeadlineSeconds: s.ackDeadlineSeconds,
  createdOn: s.createdOn,
});

export function createSub(ctx: SimContext): SimResponse {
  const project = param(ctx, 'project');
  const name = param(ctx, 'subscription');
  const body = parseBody(ctx, amsError('invalidSubscriptionArguments'));
  const topicName = body.topic;
  const parts = typeof topicName === 'string' ? topicName.split('/') : [];
  if (parts.length !== 4 || parts[0] !== 'projects' || parts[2] !== 'topics') {
    throw amsError('invalidTopicName');
  }
  const topic = ctx.state.topics.get(`${parts[1]}/${parts[3]}`);
  if (!topic) throw amsError('topicNotFound');
  const key = `${project}/${name}`;
  if (ctx.state.subs.has(key)) {
    throw amsError('subscriptionExists');
  }
  const deadline = body.ackDeadlineSeconds;
  if (deadline !== undefined && (typeof deadline !== 'number' || !Number.isInteger(deadline))) {
    throw amsError('invalidSubscriptionArguments');
  }
  const sub: SimSubscription = {
    id: ctx.state.nextId++,
    project,
    name,
    topic: `/projects/${topic.project}/topics/${topic.name}`,
    ackDeadlineSeconds: !deadline ? 10 : deadline,
    createdOn: isoSeconds(ctx.now()),
    pushConfig: readPushConfig(body.pushConfig),
    offset: topicMax(topic),
    nextOffset: 0,
    pendingAck: undefined,
    acl: [],
  };
  ctx.state.subs.set(key, sub);
  return jsonResponse(subJson(sub));
}

function readPushConfig(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Object.keys(value).length === 0) {
    return { ...EMPTY_PUSH_CONFIG };
  }
  return { ...EMPTY_PUSH_CONFIG, maxMessages: 1, ...(value as Record<string, unknown>) };
}

export function getSub(ctx: SimContext): SimResponse {
  return jsonResponse(subJson(findSub(ctx, param(ctx, 'project'), param(ctx, 'subscription'))));
}

export function deleteSub(ctx: SimContext): SimResponse {
  const sub = findSub(ctx, param(ctx, 'project'), param(ctx, 'subscription'));
  ctx.state.subs.delete(`${sub.project}/${sub.name}`);
  return emptyResponse();
}

export function listSubs(ctx: SimContext): SimResponse {
  const project = param(ctx, 'project');
  const roles = rolesIn(ctx.user, project);
  const all = ctx.isServiceAdmin || roles.includes('project_admin') || roles.includes('publisher');
  const visible = [...ctx.state.subs.values()].filter(
    (s) => s.project === project && (all || (ctx.user && s.acl.includes(ctx.user.name))),
  );
  const { page, nextPageToken, totalSize } = paginate(visible, ctx.url);
  return jsonResponse({ subscriptions: page.map(subJson), nextPageToken, totalSize });
}

export function modifyAckDeadline(ctx: SimContext): SimResponse {
  const sub = findSub(ctx, param(ctx, 'project'), param(ctx, 'subscription'));
  const invalid = amsError('invalidAckDeadline');
  const value = parseBody(ctx, invalid).ackDeadlineSeconds;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 600) {
    throw invalid;
  }
  sub.ackDeadlineSeconds = value;
  return emptyResponse();
}

export function modifyPushConfig(ctx: SimContext): SimResponse {
  const sub = findSub(ctx, param(ctx, 'project'), param(ctx, 'subscription'));
  const body = parseBody(ctx, amsError('invalidPushConfig'));
  const config = body.pushConfig;
  if (typeof config === 'object' && config !== null && Object.keys(config).length > 0) {
    const { type, pushEndpoint } = config as { type?: unknown; pushEndpoint?: unknown };
    if (type !== 'http_endpoint' && type !== 'mattermost') {
      throw amsError('unsupportedPushType');
    }
    if (
      type === 'http_endpoint' &&
      (typeof pushEndpoint !== 'string' || !pushEndpoint.startsWith('https://'))
    ) {
      throw amsError('pushEndpointNotHttps');
    }
  }
  sub.pushConfig = readPushConfig(config);
  return emptyResponse();
}

export function subAcl(ctx: SimContext): SimResponse {
  const sub = findSub(ctx, param(ctx, 'project'), param(ctx, 'subscription'));
  return jsonResponse({ authorized_users: sub.acl });
}

export function modifySubAcl(ctx: SimContext): SimResponse {
  const sub = findSub(ctx, param(ctx, 'project'), param(ctx, 'subscription'));
  sub.acl = readAcl(ctx, 'invalidSubscriptionAcl');
  return emptyResponse();
}
