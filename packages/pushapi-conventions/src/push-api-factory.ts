import { FakePushAPI, type FakePushAPIOptions } from './fake-push-api.js';
import { HttpPushAPI, type HttpPushAPIOptions } from './http-push-api.js';
import type { PushAPIVersion } from './types.js';

/** Creates Push API clients, as the recommendation's `PushAPIFactory`. */
export const PushAPIFactory: {
  createFake(options?: FakePushAPIOptions): FakePushAPI;
  createHttp(options: HttpPushAPIOptions): HttpPushAPI;
  createHttp(
    version: PushAPIVersion,
    host: string,
    port: string | number | undefined,
    connectorName: string,
    connectorType: string,
    login?: string | null,
    password?: string | null,
  ): HttpPushAPI;
} = {
  createFake: (options) => new FakePushAPI(options),
  createHttp: (...args: unknown[]) =>
    args.length === 1
      ? new HttpPushAPI(args[0] as HttpPushAPIOptions)
      : new HttpPushAPI(
          ...(args as [
            PushAPIVersion,
            string,
            string | number | undefined,
            string,
            string,
            (string | null)?,
            (string | null)?,
          ]),
        ),
};
