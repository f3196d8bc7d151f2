import type { AmsCore, CallOptions } from './ams-core.js';
import { UsageOptionsSchema } from './call-schemas.js';
import { check, checkCall } from './input-rules.js';
import { AnyObjectWire, StatusWire } from './wire-schemas.js';

/**
 * Options of {@link ArgoMessagingService.vaMetrics} and {@link ArgoMessagingService.usageReport}.
 */
export interface UsageOptions extends CallOptions {
  /** Only these projects (sent as `projects=A,B`). @default every project */
  projects?: string[];
  /** First day counted, sent as the UTC date `start_date=YYYY-MM-DD`. @default the service's */
  startDate?: Date;
  /** Last day counted, sent as the UTC date `end_date=YYYY-MM-DD`. @default the service's */
  endDate?: Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const usageParams = (o: UsageOptions): Record<string, string> => ({
  ...(o.startDate ? { start_date: day(o.startDate) } : {}),
  ...(o.endDate ? { end_date: day(o.endDate) } : {}),
  ...(o.projects?.length ? { projects: o.projects.join(',') } : {}),
});

export async function status(
  core: AmsCore,
  options: CallOptions = {},
): Promise<Record<string, unknown>> {
  checkCall(options, 'status');
  return core.call('status', '/status', StatusWire, { options });
}

export async function version(
  core: AmsCore,
  options: CallOptions = {},
): Promise<Record<string, unknown>> {
  checkCall(options, 'version');
  return core.call('version', '/version', AnyObjectWire, { options });
}

export async function metrics(
  core: AmsCore,
  options: CallOptions = {},
): Promise<Record<string, unknown>> {
  checkCall(options, 'metrics');
  return core.call('metrics', '/metrics', AnyObjectWire, { options });
}

export async function vaMetrics(
  core: AmsCore,
  options: UsageOptions = {},
): Promise<Record<string, unknown>> {
  check(UsageOptionsSchema, options, 'vaMetrics options');
  return core.call('va_metrics', '/metrics/va_metrics', AnyObjectWire, {
    searchParams: usageParams(options),
    options,
  });
}

export async function usageReport(
  core: AmsCore,
  options: UsageOptions = {},
): Promise<Record<string, unknown>> {
  check(UsageOptionsSchema, options, 'usageReport options');
  return core.call('usage_report', '/users/usageReport', AnyObjectWire, {
    searchParams: usageParams(options),
    options,
  });
}
