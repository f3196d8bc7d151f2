import { paginate, param, parseBody, rolesIn, type SimContext } from './sim-context.js';
import { amsError, emptyResponse, jsonResponse, type SimResponse } from './sim-responses.js';
import { isoNanos, isoSeconds, type SimTopic, topicMax } from './sim-state.js';

let publishSeq = 0;

export function findTopic(ctx: SimContext, project: string, name: string): SimTopic {
  const topic = ctx.state.topics.get(`${project}/${name}`);
  if (!topic) throw amsError('topicNotFound');
  return topic;
}

const topicJson = (t: SimTopic) => ({
  name: `/projects/${t.project}/topics/${t.name}`,
  created_on: t.createdOn,
});

export function createTopic(ctx: SimContext): SimResponse {
  const project = param(ctx, 'project');
  const name = param(ctx, 'topic');
  if (ctx.bodyText.trim() !== '') parseBody(ctx, amsError('invalidRequestBody'));
  const key = `${project}/${name}`;
  if (ctx.state.topics.has(key)) throw amsError('topicExists');
  const topic: SimTopic = {
    id: ctx.state.nextId++,
    project,
    name,
    createdOn: isoSeconds(ctx.now()),
    min: 0,
    messages: [],
    acl: [],
  };
  ctx.state.topics.set(key, topic);
  return jsonResponse(topicJson(topic));
}

export function getTopic(ctx: SimContext): SimResponse {
  return jsonResponse(topicJson(findTopic(ctx, param(ctx, 'project'), param(ctx, 'topic'))));
}

export function deleteTopic(ctx: SimContext): SimResponse {
  const topic = findTopic(ctx, param(ctx, 'project'), param(ctx, 'topic'));
  ctx.state.topics.delete(`${topic.project}/${topic.name}`);
  return emptyResponse();
}

export function listTopics(ctx: SimContext): SimResponse {
  const project = param(ctx, 'project');
  const visible = [...ctx.state.topics.values()].filter(
    (t) => t.project === project && canSeeTopic(ctx, t),
  );
  const { page, nextPageToken, totalSize } = paginate(visible, ctx.url);
  return jsonResponse({ topics: page.map(topicJson), nextPageToken, totalSize });
}

function canSeeTopic(ctx: SimContext, topic: SimTopic): boolean {
  if (ctx.isServiceAdmin) return true;
  const roles = rolesIn(ctx.user, topic.project);
  if (roles.includes('project_admin') || roles.includes('consumer')) return true;
  return ctx.user !== undefined && topic.acl.includes(ctx.user.name);
}

export function topicSubscriptions(ctx: SimContext): SimResponse {
  const topic = findTopic(ctx, param(ctx, 'project'), param(ctx, 'topic'));
  const full = `/projects/${topic.project}/topics/${topic.name}`;
  const subs = [...ctx.state.subs.values()]
    .filter((s) => s.topic === full)
    .map((s) => `/projects/${s.project}/subscriptions/${s.name}`);
  return jsonResponse({ subscriptions: subs });
}

function checkPublishAcl(ctx: SimContext, topic: SimTopic): void {
  if (ctx.isServiceAdmin) return;
  const roles = rolesIn(ctx.user, topic.project);
  if (roles.includes('project_admin')) return;
  if (!ctx.user || !topic.acl.includes(ctx.user.name)) {
    throw amsError('forbidden');
  }
}

export function publish(ctx: SimContext): SimResponse {
  const topic = findTopic(ctx, param(ctx, 'project'), param(ctx, 'topic'));
  checkPublishAcl(ctx, topic);
  const invalid = amsError('invalidMessageArguments');
  const body = parseBody(ctx, invalid);
  const messages = body.messages ?? [];
  if (!Array.isArray(messages)) throw invalid;
  const parsed = messages.map((m: unknown) => {
    if (typeof m !== 'object' || m === null) throw invalid;
    const { data = '', attributes } = m as { data?: unknown; attributes?: unknown };
    if (typeof data !== 'string') throw invalid;
    if (attributes !== undefined && attributes !== null) {
      if (typeof attributes !== 'object' || Array.isArray(attributes)) throw invalid;
      for (const v of Object.values(attributes)) if (typeof v !== 'string') throw invalid;
    }
    const attrs = attributes as Record<string, string> | undefined | null;
    return { data, attributes: attrs && Object.keys(attrs).length > 0 ? attrs : undefined };
  });
  const ids: string[] = [];
  // Messages are written one by one: those before a too-large one stay stored.
  for (const m of parsed) {
    if (Buffer.byteLength(m.data) > ctx.options.maxMessageBytes) {
      if (ids.length > 0) ctx.notifyPublish(`${topic.project}/${topic.name}`);
      throw amsError('messageTooLarge');
    }
    const offset = topicMax(topic);
    const ms = ctx.now();
    topic.messages.push({
      offset,
      data: m.data,
      attributes: m.attributes,
      publishMs: ms,
      publishTime: isoNanos(ms, publishSeq++),
    });
    ids.push(String(offset));
  }
  if (ids.length > 0) ctx.notifyPublish(`${topic.project}/${topic.name}`);
  return jsonResponse({ messageIds: ids });
}

export function topicAcl(ctx: SimContext): SimResponse {
  const topic = findTopic(ctx, param(ctx, 'project'), param(ctx, 'topic'));
  return jsonResponse({ authorized_users: topic.acl });
}

export function modifyTopicAcl(ctx: SimContext): SimResponse {
  const topic = findTopic(ctx, param(ctx, 'project'), param(ctx, 'topic'));
  topic.acl = readAcl(ctx, 'invalidTopicAcl');
  return emptyResponse();
}

/** Reads `{"authorized_users":[...]}` and checks that every user exists. */
export function readAcl(
  ctx: SimContext,
  invalid: 'invalidTopicAcl' | 'invalidSubscriptionAcl',
): string[] {
  const body = parseBody(ctx, amsError(invalid));
  const users = body.authorized_users;
  if (!Array.isArray(users) || users.some((u) => typeof u !== 'string')) throw amsError(invalid);
  const missing = (users as string[]).filter((u) => !ctx.state.users.has(u));
  if (missing.length > 0) throw amsError('usersNotFound', { users: missing.join(',') });
  return users as string[];
}
