import { param, parseBody, rolesIn, type SimContext } from './sim-context.js';
import { amsError, emptyResponse, jsonResponse, type SimResponse } from './sim-responses.js';
import type { SimSubscription, SimTopic } from './sim-state.js';
import { topicMax } from './sim-state.js';
import { findSub } from './sim-subscriptions.js';

function consumable(ctx: SimContext): { sub: SimSubscription; topic: SimTopic } {
  const sub = findSub(ctx, param(ctx, 'project'), param(ctx, 'subscription'));
  if (!ctx.isServiceAdmin) {
    const roles = rolesIn(ctx.user, sub.project);
    if (!roles.includes('project_admin') && !(ctx.user && sub.acl.includes(ctx.user.name))) {
      throw amsError('forbidden');
    }
  }
  const [, , project, , topicName] = sub.topic.split('/');
  const topic = ctx.state.topics.get(`${project}/${topicName}`);
  if (!topic) throw amsError('topicGone');
  if (sub.offset < topic.min) sub.offset = topic.min;
  return { sub, topic };
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export async function pull(ctx: SimContext): Promise<SimResponse> {
  const invalid = amsError('invalidPullArguments');
  const body = parseBody(ctx, invalid);
  const { maxMessages, returnImmediately } = body;
  if (maxMessages !== undefined && typeof maxMessages !== 'string') throw invalid;
  if (returnImmediately !== undefined && typeof returnImmediately !== 'string') throw invalid;
  if (!ctx.isServiceAdmin && ctx.user?.name !== 'push_worker') {
    const sub = findSub(ctx, param(ctx, 'project'), param(ctx, 'subscription'));
    if (sub.pushConfig.pushEndpoint) throw amsError('forbidden');
  }
  let { sub, topic } = consumable(ctx);
  const parsed = /^-?\d+$/.test(maxMessages ?? '') ? Number(maxMessages) : 1;
  const max = Math.max(parsed, 1);
  const wait = returnImmediately === 'false';
  const key = `${topic.project}/${topic.name}`;
  if (wait && topicMax(topic) > sub.offset) {
    const deadline = Date.now() + ctx.options.pullWaitMs;
    while (topicMax(topic) - sub.offset < max && Date.now() < deadline) {
      await ctx.waitForPublish(key, deadline - Date.now());
      ({ sub, topic } = consumable(ctx));
    }
  }
  const from = sub.offset - topic.min;
  const batch = topic.messages.slice(from, from + max);
  sub.nextOffset = sub.offset + batch.length;
  sub.pendingAck = seconds(ctx.now());
  const prefix = `projects/${sub.project}/subscriptions/${sub.name}`;
  return jsonResponse({
    receivedMessages: batch.map((m) => ({
      ackId: `${prefix}:${m.offset}`,
      message: {
        messageId: String(m.offset),
        ...(m.attributes ? { attributes: m.attributes } : {}),
        data: m.data,
        publishTime: m.publishTime,
      },
    })),
  });
}

export function acknowledge(ctx: SimContext): SimResponse {
  const body = parseBody(ctx, amsError('invalidAckParameter'));
  const { sub } = consumable(ctx);
  const ids = body.ackIds;
  const badId = amsError('invalidAckId');
  if (!Array.isArray(ids) || ids.length === 0) throw badId;
  const prefix = `projects/${sub.project}/subscriptions/${sub.name}:`;
  let highest = -1;
  for (const id of ids) {
    if (typeof id !== 'string' || !id.startsWith(prefix)) throw badId;
    const text = id.slice(prefix.length);
    if (!/^\d+$/.test(text)) throw badId;
    highest = Math.max(highest, Number(text));
  }
  if (sub.nextOffset === 0) throw amsError('noAckPending');
  const target = highest + 1;
  if (target <= sub.offset || target > sub.nextOffset) throw amsError('wrongAck');
  if (seconds(ctx.now()) - (sub.pendingAck ?? 0) > sub.ackDeadlineSeconds) {
    throw amsError('ackTimeout');
  }
  sub.offset = target;
  sub.nextOffset = 0;
  sub.pendingAck = undefined;
  return jsonResponse({});
}

export function offsets(ctx: SimContext): SimResponse {
  const { sub, topic } = consumable(ctx);
  return jsonResponse({ max: topicMax(topic), min: topic.min, current: sub.offset });
}

export function modifyOffset(ctx: SimContext): SimResponse {
  const invalid = amsError('invalidOffsetArguments');
  const value = parseBody(ctx, invalid).offset;
  const { sub, topic } = consumable(ctx);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid;
  if (value < topic.min || value > topicMax(topic)) {
    if (ctx.options.storeOutOfBoundsOffset) {
      sub.offset = value;
      sub.nextOffset = 0;
      sub.pendingAck = undefined;
    }
    throw amsError('offsetOutOfBounds');
  }
  sub.offset = value;
  sub.nextOffset = 0;
  sub.pendingAck = undefined;
  return emptyResponse();
}

const ZULU = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function timeToOffset(ctx: SimContext): SimResponse {
  const { topic } = consumable(ctx);
  const time = ctx.url.searchParams.get('time') ?? '';
  const ms = ZULU.test(time) ? Date.parse(time) : Number.NaN;
  if (Number.isNaN(ms)) throw amsError('invalidZuluTime');
  const found = topic.messages.find((m) => m.publishMs >= ms);
  if (!found) {
    throw amsError('timestampOutOfBounds');
  }
  return jsonResponse({ offset: found.offset });
}

export { emptyResponse };
