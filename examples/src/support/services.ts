// What every example shares, so that the examples themselves show only the package's use:
// - each service's settings, read from the variables the package READMEs and apps/demo read, or,
//   when none of a service's variables is set, its simulator (the package's `/testing` entry)
//   started on loopback;
// - `runExample`, which prints a failure in one line, closes the simulators and sets the exit code.
// Simulators are imported only when used, so an example loads only its own package.
import { randomUUID } from 'node:crypto';
import type { Region } from '@connectorkit/push-client';

const closers: (() => Promise<void>)[] = [];
const env = process.env;

/** Runs an example: one line on failure (never a stack), exit code 0 or 1. */
export async function runExample(main: () => Promise<void>): Promise<never> {
  let code = 0;
  try {
    await main();
  } catch (error) {
    const named = error instanceof Error && error.name !== 'Error';
    const text = named
      ? `${error.name}: ${error.message}`
      : String((error as Error)?.message ?? error);
    console.error(`Failed: ${text.replace(/\s+/g, ' ').trim()}`);
    code = 1;
  }
  await Promise.allSettled(closers.map((close) => close()));
  process.exit(code);
}

function note(service: string, url: string, variable: string): void {
  console.log(`(${service} simulator at ${url}; set ${variable} to use the real service)`);
}

/**
 * Whether a service is configured: none of its variables set (false: use the simulator), or at
 * least the required ones (true). Some but not all of the required ones is refused.
 */
function configured(required: readonly string[], optional: readonly string[] = []): boolean {
  const given = [...required, ...optional].filter((key) => env[key]);
  if (given.length === 0) return false;
  const missing = required.filter((key) => !env[key]);
  if (missing.length > 0) {
    const verb = given.length > 1 ? 'are' : 'is';
    throw new Error(`${missing.join(', ')} must be set too, since ${given.join(', ')} ${verb}`);
  }
  return true;
}

/**
 * Makes `createDocDbClient.fromEnvironment('CLOUDANT')` work: with `CLOUDANT_URL` set it reads
 * your service; without, it starts the CouchDB simulator and points the CLOUDANT_* variables at it.
 * `withOrders` starts the simulator with what the first Cloudant example leaves behind.
 */
export async function useCloudant(options: { withOrders?: boolean } = {}): Promise<void> {
  if (env.CLOUDANT_URL) return;
  const { createCouchDbSimulator } = await import('@connectorkit/doc-db-client/testing');
  const password = randomUUID();
  const sim = createCouchDbSimulator({ admins: { admin: password } });
  if (options.withOrders) {
    sim.createDatabase('orders');
    sim.writeDocuments('orders', [
      { _id: 'example', name: 'Bob Smith', joined: '2019-01-24T10:42:59.000Z' },
    ]);
  }
  const server = await sim.listen();
  closers.push(server.close);
  Object.assign(env, {
    CLOUDANT_URL: server.url,
    CLOUDANT_AUTH_TYPE: 'BASIC',
    CLOUDANT_USERNAME: 'admin',
    CLOUDANT_PASSWORD: password,
  });
  note('CouchDB', server.url, 'CLOUDANT_URL');
}

export interface CoveoSettings {
  apiKey: string;
  organizationId: string;
  /** A Push source. */
  sourceId: string;
  /** `{ region }` for Coveo, `{ baseUrl }` for the simulator: the third argument of a source. */
  platform: { region: Region } | { baseUrl: string };
  /** The partial-update seed's spelling of the region: '' (US), 'eu', 'ap' or 'ca'. */
  seedRegion: '' | 'eu' | 'ap' | 'ca';
  /** `{}` for Coveo, `{ baseUrl }` for the simulator: the options of `partialUpdate`. */
  routing: { baseUrl?: string };
}

const SEED_REGIONS = { us: '', eu: 'eu', au: 'ap', ca: 'ca' } as const;

/**
 * COVEO_ORG_ID, COVEO_API_KEY, COVEO_SOURCE_ID and COVEO_REGION (us, eu, au, ca), or the Coveo
 * simulator. `withProducts` indexes three products with a `sku` field in the simulator first.
 */
export async function coveoSettings(
  options: { withProducts?: boolean } = {},
): Promise<CoveoSettings> {
  if (configured(['COVEO_ORG_ID', 'COVEO_API_KEY', 'COVEO_SOURCE_ID'], ['COVEO_REGION'])) {
    const region = (env.COVEO_REGION || 'us') as Region;
    if (!Object.hasOwn(SEED_REGIONS, region)) {
      throw new Error('COVEO_REGION must be us, eu, au or ca');
    }
    return {
      apiKey: env.COVEO_API_KEY as string,
      organizationId: env.COVEO_ORG_ID as string,
      sourceId: env.COVEO_SOURCE_ID as string,
      platform: { region },
      seedRegion: SEED_REGIONS[region],
      routing: {},
    };
  }
  const { createCoveoSimulator } = await import('@connectorkit/push-client/testing');
  const apiKey = randomUUID();
  const sim = createCoveoSimulator({ apiKeys: [apiKey], organizationId: 'exampleorg' });
  const server = await sim.listen();
  closers.push(server.close);
  note('Coveo', server.url, 'COVEO_ORG_ID, COVEO_API_KEY and COVEO_SOURCE_ID');
  const settings: CoveoSettings = {
    apiKey,
    organizationId: sim.organizationId,
    sourceId: 'push-source',
    platform: { baseUrl: server.url },
    seedRegion: '',
    routing: { baseUrl: server.url },
  };
  if (options.withProducts) {
    const { DocumentBuilder, PushSource } = await import('@connectorkit/push-client');
    const source = new PushSource(apiKey, sim.organizationId, settings.platform);
    await source.batchUpdateDocuments(settings.sourceId, {
      addOrUpdate: [
        ['A1', 'Trail running shoe', 120],
        ['B2', 'Rain jacket', 85],
        ['C3', 'Wool socks', 12],
      ].map(([sku, title, price]) =>
        new DocumentBuilder(`https://shop.example.com/products/${sku}`, String(title))
          .withData(`${title}, sold by the example shop.`)
          .withMetadata({ sku: String(sku), ec_price: Number(price), ec_stock: 10 }),
      ),
    });
  }
  return settings;
}

/** AMS_ENDPOINT, AMS_TOKEN and AMS_PROJECT, or the ARGO Messaging simulator. */
export async function amsSettings(): Promise<{ endpoint: string; token: string; project: string }> {
  if (configured(['AMS_ENDPOINT', 'AMS_TOKEN', 'AMS_PROJECT'])) {
    return {
      endpoint: env.AMS_ENDPOINT as string,
      token: env.AMS_TOKEN as string,
      project: env.AMS_PROJECT as string,
    };
  }
  const { createAmsSimulator } = await import('@connectorkit/messaging-client/testing');
  // The simulator's default user `admin` is project_admin and service_admin.
  const sim = createAmsSimulator({ project: 'EXAMPLES', token: randomUUID() });
  const server = await sim.listen();
  closers.push(server.close);
  note('ARGO Messaging', server.url, 'AMS_ENDPOINT, AMS_TOKEN and AMS_PROJECT');
  return { endpoint: server.url, token: sim.token, project: sim.project };
}

export interface PapiSettings {
  host: string;
  /** PAPI_PORT, or 10002: the default base port (10000) + 2, where the Push API listens. */
  port: number | string;
  connectorName: string;
  login: string | null;
  password: string | null;
}

/** PAPI_HOST, PAPI_PORT, PAPI_CONNECTOR, PAPI_LOGIN and PAPI_PASSWORD, or the Push API simulator. */
export async function papiSettings(): Promise<PapiSettings> {
  if (configured(['PAPI_HOST', 'PAPI_CONNECTOR'], ['PAPI_PORT', 'PAPI_LOGIN', 'PAPI_PASSWORD'])) {
    if ((env.PAPI_LOGIN === undefined) !== (env.PAPI_PASSWORD === undefined)) {
      throw new Error('PAPI_LOGIN and PAPI_PASSWORD must be set together or not at all');
    }
    return {
      host: env.PAPI_HOST as string,
      port: env.PAPI_PORT || 10002,
      connectorName: env.PAPI_CONNECTOR as string,
      login: env.PAPI_LOGIN ?? null,
      password: env.PAPI_PASSWORD ?? null,
    };
  }
  const { createPapiSimulator } = await import('@connectorkit/pushapi-conventions/testing');
  const password = randomUUID();
  const sim = createPapiSimulator({ connectorName: 'files', login: 'papi', password });
  const server = await sim.listen();
  closers.push(server.close);
  note('Exalead Push API', server.url, 'PAPI_HOST and PAPI_CONNECTOR');
  return { host: server.host, port: server.port, connectorName: 'files', login: 'papi', password };
}
