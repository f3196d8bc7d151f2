import type { SimContext } from './sim-context.js';
import { amsError, jsonResponse, type SimResponse } from './sim-responses.js';
import { topicMax } from './sim-state.js';

export function status(): SimResponse {
  return jsonResponse({ status: 'ok', push_functionality: 'disabled' });
}

export function version(ctx: SimContext): SimResponse {
  return jsonResponse({
    build_time: '2025-08-12T00:00:00Z',
    golang: 'go1.21',
    compiler: 'gc',
    os: 'linux',
    architecture: 'amd64',
    ...(ctx.isServiceAdmin ? { release: '1.7.0' } : {}),
  });
}

export function metrics(ctx: SimContext): SimResponse {
  const metric = (name: string, value: number) => ({
    metric: `ams_node.${name}`,
    metric_type: 'gauge',
    value_type: 'int64',
    resource_type: 'ams_node',
    resource_name: 'simulator',
    timeseries: [{ timestamp: new Date(ctx.now()).toISOString(), value }],
    description: name,
  });
  return jsonResponse({
    metrics: [
      metric('number_of_topics', ctx.state.topics.size),
      metric('number_of_subscriptions', ctx.state.subs.size),
    ],
  });
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function vaProjects(ctx: SimContext, only: (name: string) => boolean) {
  const start = ctx.url.searchParams.get('start_date') ?? '';
  const end = ctx.url.searchParams.get('end_date') ?? '';
  if ((start && !DATE.test(start)) || (end && !DATE.test(end))) {
    throw amsError('invalidDate');
  }
  const listed = (ctx.url.searchParams.get('projects') ?? '').split(',').filter(Boolean);
  const names = [...ctx.state.projects.keys()].filter(
    (n) => (listed.length === 0 || listed.includes(n)) && only(n),
  );
  const days =
    start && end ? Math.max(1, (Date.parse(end) - Date.parse(start)) / 86_400_000 + 1) : 1;
  const projects = names.map((project) => {
    let count = 0;
    for (const t of ctx.state.topics.values()) if (t.project === project) count += topicMax(t);
    return { project, message_count: count, average_daily_messages: count / days };
  });
  const total = projects.reduce((sum, p) => sum + p.message_count, 0);
  return { projects, total_message_count: total, average_daily_messages: total / days };
}

export function vaMetrics(ctx: SimContext): SimResponse {
  return jsonResponse(vaProjects(ctx, () => true));
}

export function usageReport(ctx: SimContext): SimResponse {
  if (!ctx.user) throw amsError('unauthorized');
  const admin = (name: string) =>
    ctx.isServiceAdmin ||
    (ctx.user?.projects.some((p) => p.project === name && p.roles.includes('project_admin')) ??
      false);
  return jsonResponse({ va_metrics: vaProjects(ctx, admin), operational_metrics: { metrics: [] } });
}
