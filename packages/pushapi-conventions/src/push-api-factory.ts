import { FakePushAPI, type FakePushAPIOptions } from './fake-push-api.js';
import { HttpPushAPI } from './http-push-api.js';
import type { HttpPushAPIOptions } from './http-push-api-options.js';
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
  // Both forms are checked by the constructor.
  createHttp: (...args: unknown[]) => new HttpPushAPI(...(args as [HttpPushAPIOptions])),
};
