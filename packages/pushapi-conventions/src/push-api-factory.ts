import { FakePushAPI, type FakePushAPIOptions } from './fake-push-api.js';
import { HttpPushAPI } from './http-push-api.js';
import type { HttpPushAPIEnvironmentOptions, HttpPushAPIOptions } from './http-push-api-options.js';
import type { PushAPIVersion } from './types.js';

/** Creates Push API clients, as the recommendation's `PushAPIFactory`. */
export const PushAPIFactory: {
  /**
   * An in-memory {@link FakePushAPI}, for tests (`new FakePushAPI(options)`).
   * @throws {InvalidParameterError} when an option breaks a rule.
   */
  createFake(options?: FakePushAPIOptions): FakePushAPI;
  /**
   * An {@link HttpPushAPI} from one options object (`new HttpPushAPI(options)`). Sends nothing.
   * @throws {InvalidParameterError} when an option breaks a rule.
   */
  createHttp(options: HttpPushAPIOptions): HttpPushAPI;
  /**
   * An {@link HttpPushAPI} from the recommendation's arguments, in its order. `port` undefined
   * means 10002 (base port 10000 + 2); `login` and `password` both set (Basic authentication) or
   * both null or left out. Sends nothing.
   * @throws {InvalidParameterError} when an argument breaks a rule.
   * @example
   * const papi = PushAPIFactory.createHttp(
   *   PushAPIVersion.PAPI_V4, 'cloudview.local', 10002, 'files', 'fs', null, null,
   * );
   */
  createHttp(
    version: PushAPIVersion,
    host: string,
    port: string | number | undefined,
    connectorName: string,
    connectorType: string,
    login?: string | null,
    password?: string | null,
  ): HttpPushAPI;
  /**
   * An {@link HttpPushAPI} configured by the `PAPI_*` environment variables
   * (`HttpPushAPI.fromEnvironment(overrides)`). Sends nothing.
   * @throws {InvalidParameterError} naming each missing or invalid variable.
   */
  fromEnvironment(overrides?: HttpPushAPIEnvironmentOptions): HttpPushAPI;
} = {
  createFake: (options) => new FakePushAPI(options),
  // Both forms are checked by the constructor.
  createHttp: (...args: unknown[]) => new HttpPushAPI(...(args as [HttpPushAPIOptions])),
  fromEnvironment: (overrides) => HttpPushAPI.fromEnvironment(overrides),
};
