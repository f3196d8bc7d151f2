import * as v from 'valibot';
import { createHttpClient, type HttpClient } from '../create-http-client.js';
import { httpErrorOptionsOf } from '../define-error.js';
import { isHttpError } from '../errors.js';
import type { HttpClientOptions, ServiceErrorInfo } from '../http-client-options.js';
import { onNode } from '../internal/runtime.js';
import { nodeHttpTransport } from '../node-http-transport.js';
import type { HttpPlugin } from '../plugins.js';
import { layRetryOptions, type RetryOptions } from '../retry-policy.js';
import type { Service, ServiceClientOptions, ServiceProfile } from './service-profile.js';

/** Reads the environment of the running process, where there is one. */
function processEnv(): Readonly<Record<string, string | undefined>> {
  const holder = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return holder.process?.env ?? {};
}

/**
 * Declares how a package talks to its service: one profile in, the package's HTTP client factory,
 * error mapping and environment reader out. Every client package builds its clients through it,
 * so envelopes, error classes, retry and transport are decided in one file per package.
 * @example
 * export const shop = defineService({ name: 'shop-client', version: VERSION, retry, transport: 'node',
 *   errorEnvelope: { schema: ShopErrorBody, code: (b) => b.code, message: (b) => b.message } });
 * const http = shop.createHttp({ baseUrl: 'http://127.0.0.1:8080' });
 */
export function defineService(profile: ServiceProfile): Service {
  const envelope = profile.errorEnvelope as
    | {
        schema: v.GenericSchema;
        code(b: unknown): string | undefined;
        message(b: unknown): string | undefined;
      }
    | undefined;
  const table = profile.errors;

  function readErrorBody(data: unknown): ServiceErrorInfo | undefined {
    if (!envelope) return undefined;
    const parsed = v.safeParse(envelope.schema, data);
    if (!parsed.success) return undefined;
    return { code: envelope.code(parsed.output), message: envelope.message(parsed.output) };
  }

  function toError(error: Error): Error {
    if (!isHttpError(error) || !table) return error;
    const Class =
      (error.serviceCode !== undefined ? table.byCode?.[error.serviceCode] : undefined) ??
      table.byStatus?.[error.status] ??
      table.fallback;
    if (!Class || error instanceof Class) return error;
    return new Class(httpErrorOptionsOf(error));
  }

  function retry(caller?: RetryOptions | number | false): RetryOptions | false {
    if (caller === false) return false;
    return caller === undefined ? { ...profile.retry } : layRetryOptions(profile.retry, caller);
  }

  const errorsPlugin: HttpPlugin = {
    name: `${profile.name}:errors`,
    hooks: { beforeError: ({ error }) => toError(error) },
  };

  function createHttp(options: ServiceClientOptions = {}): HttpClient {
    const { http, ...own } = options;
    // Anything but an array is left for createHttpClient's check to name (`plugins` must be an array).
    const plugins = Array.isArray(own.plugins)
      ? [errorsPlugin, ...own.plugins]
      : own.plugins === undefined
        ? [errorsPlugin]
        : own.plugins;
    const layer: HttpClientOptions = {
      ...own,
      parseErrorBody: readErrorBody,
      plugins,
      ...(profile.secretHeaders ? { secretHeaders: profile.secretHeaders } : {}),
      ...(profile.requestIdHeaders ? { requestIdHeaders: profile.requestIdHeaders } : {}),
    };
    if (http) return http.extend(layer);
    const caller = retry(own.retry);
    return createHttpClient({
      ...layer,
      retry: caller === false ? false : caller,
      ...(own.timeout !== undefined
        ? { timeout: own.timeout }
        : profile.timeout !== undefined
          ? { timeout: profile.timeout }
          : {}),
      ...(own.fetch || own.transport || profile.transport !== 'node' || !onNode
        ? {}
        : { transport: nodeHttpTransport() }),
      userAgent: `connectorkit-${profile.name}/${profile.version}`,
    });
  }

  function fromEnvironment(
    env: Readonly<Record<string, string | undefined>> = processEnv(),
  ): Record<string, string> {
    const options: Record<string, string> = {};
    for (const [variable, option] of Object.entries(profile.env ?? {})) {
      const value = env[variable];
      if (value !== undefined && value !== '') options[option] = value;
    }
    return options;
  }

  return { profile, createHttp, toError, readErrorBody, retry, fromEnvironment };
}
